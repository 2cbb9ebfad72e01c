using System;
using System.Threading;
using System.Threading.Tasks;
using FlexInference.Internal;

namespace FlexInference.Resources;

/// <summary>The model catalogue: which models the router serves and which can run the flex race.</summary>
public sealed class ModelsResource
{
    private readonly FlexInferenceTransport _transport;

    internal ModelsResource(FlexInferenceTransport transport) => _transport = transport;

    /// <summary>Lists the models this key can use (<c>GET /models</c>); <c>flexinference.flex_race</c> says which can race.</summary>
    /// <param name="options">Per-call clock overrides.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<ModelList> ListAsync(RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Operations.Get("/models", ApiSurface.Models, options), Readers.ModelList, cancellationToken);

    /// <summary>The synchronous twin of <see cref="ListAsync"/>.</summary>
    /// <inheritdoc cref="ListAsync"/>
    public ModelList List(RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        _transport.Send(Operations.Get("/models", ApiSurface.Models, options), Readers.ModelList, cancellationToken);

    /// <summary>Gets one model (<c>GET /models/{model}</c>); an unknown id is a <see cref="NotFoundException"/>.</summary>
    /// <param name="model">A family alias such as <c>gpt-5.5</c> (dated snapshots are not listed).</param>
    /// <param name="options">Per-call clock overrides.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="FlexInferenceValidationException"><paramref name="model"/> is null or empty.</exception>
    public Task<Model> RetrieveAsync(string model, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Operations.Get(ModelPath(model), ApiSurface.Models, options), Readers.Model, cancellationToken);

    /// <summary>The synchronous twin of <see cref="RetrieveAsync"/>.</summary>
    /// <inheritdoc cref="RetrieveAsync"/>
    public Model Retrieve(string model, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        _transport.Send(Operations.Get(ModelPath(model), ApiSurface.Models, options), Readers.Model, cancellationToken);

    private static string ModelPath(string model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new FlexInferenceValidationException(
                "FlexInference: model must be a non-empty model id, but it is empty: it names the model to look up. Pass an alias, for example \"gpt-5.5\".",
                nameof(model), FlexInferenceErrorCodes.MissingModel);
        }

        return "/models/" + Uri.EscapeDataString(model);
    }
}
