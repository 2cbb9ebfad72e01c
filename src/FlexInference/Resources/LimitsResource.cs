using System.Threading;
using System.Threading.Tasks;
using FlexInference.Pipeline;
using FlexInference.Routing;
using FlexInference.Surfaces;

namespace FlexInference.Resources;

/// <summary>The account's limits: race slots, managed balance and rate windows.</summary>
public sealed class LimitsResource
{
    private static readonly TypedResultReader<Limits> Reader = new(FlexInferenceJsonContext.Default.Limits, static _ => default(ResultFacts));

    private readonly SurfaceClient _client;

    internal LimitsResource(CallPipeline pipeline) => _client = new SurfaceClient(pipeline, Surface.Limits);

    /// <summary>Reads the limits (<c>GET /limits</c>).</summary>
    /// <param name="options">Per-call overrides.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<Limits> GetAsync(RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        _client.GetAsync(Surface.Limits.Path, Reader, options, async: true, cancellationToken).AsTask();

    /// <summary>The synchronous twin of <see cref="GetAsync"/>.</summary>
    /// <inheritdoc cref="GetAsync"/>
    public Limits Get(RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        _client.GetAsync(Surface.Limits.Path, Reader, options, async: false, cancellationToken).EnsureCompleted();
}
