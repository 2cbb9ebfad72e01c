using System;
using System.Threading;
using System.Threading.Tasks;
using FlexInference.Pipeline;
using FlexInference.Routing;
using FlexInference.Surfaces;

namespace FlexInference.Resources;

/// <summary>The model catalogue: which models the router serves and which can run the flex race.</summary>
public sealed class ModelsResource
{
    private static readonly TypedResultReader<ModelList> ListReader = new(FlexInferenceJsonContext.Default.ModelList, static _ => default(ResultFacts));
    private static readonly TypedResultReader<Model> ModelReader = new(FlexInferenceJsonContext.Default.Model, static _ => default(ResultFacts));

    private readonly SurfaceClient _list;
    private readonly SurfaceClient _retrieve;

    internal ModelsResource(CallPipeline pipeline)
    {
        _list = new SurfaceClient(pipeline, Surface.Models);
        _retrieve = new SurfaceClient(pipeline, Surface.Model);
    }

    /// <summary>Lists the models this key can use (<c>GET /models</c>); <c>flexinference.flex_race</c> says which can race.</summary>
    /// <param name="options">Per-call overrides.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<ModelList> ListAsync(RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        _list.GetAsync(Surface.Models.Path, ListReader, options, async: true, cancellationToken).AsTask();

    /// <summary>The synchronous twin of <see cref="ListAsync"/>.</summary>
    /// <inheritdoc cref="ListAsync"/>
    public ModelList List(RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        _list.GetAsync(Surface.Models.Path, ListReader, options, async: false, cancellationToken).EnsureCompleted();

    /// <summary>Gets one model (<c>GET /models/{model}</c>); an unknown id is a <see cref="NotFoundException"/>.</summary>
    /// <param name="model">A family alias such as <c>gpt-5.5</c> (dated snapshots are not listed).</param>
    /// <param name="options">Per-call overrides.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="FlexInferenceValidationException"><paramref name="model"/> is null, empty, or a dot segment.</exception>
    public Task<Model> RetrieveAsync(string model, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        _retrieve.GetAsync(ModelPath(model), ModelReader, options, async: true, cancellationToken).AsTask();

    /// <summary>The synchronous twin of <see cref="RetrieveAsync"/>.</summary>
    /// <inheritdoc cref="RetrieveAsync"/>
    public Model Retrieve(string model, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        _retrieve.GetAsync(ModelPath(model), ModelReader, options, async: false, cancellationToken).EnsureCompleted();

    private static string ModelPath(string model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new FlexInferenceValidationException(
                "FlexInference: model must be a non-empty model id, but it is empty: it names the model to look up. Pass an alias, for example \"gpt-5.5\".",
                nameof(model), FlexInferenceErrorCodes.MissingModel);
        }

        // "." and ".." are path segments, not ids: the HTTP stack would resolve them to another endpoint.
        if (model is "." or "..")
        {
            throw new FlexInferenceValidationException(
                $"FlexInference: model must be a model id, but it is \"{model}\", a relative path segment that would address another endpoint. Pass an alias, for example \"gpt-5.5\".",
                nameof(model), FlexInferenceErrorCodes.MissingModel);
        }

        return Surface.Model.Path.Replace("{model}", Uri.EscapeDataString(model), StringComparison.Ordinal);
    }
}
