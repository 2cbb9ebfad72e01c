using System.Threading;
using System.Threading.Tasks;
using FlexInference.Internal;

namespace FlexInference.Resources;

/// <summary>The account's limits: race slots, managed balance and rate windows.</summary>
public sealed class LimitsResource
{
    private readonly FlexInferenceTransport _transport;

    internal LimitsResource(FlexInferenceTransport transport) => _transport = transport;

    /// <summary>Reads the limits (<c>GET /limits</c>).</summary>
    /// <param name="options">Per-call clock overrides.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<Limits> GetAsync(RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Operations.Get("/limits", ApiSurface.Limits, options), Readers.Limits, cancellationToken);

    /// <summary>The synchronous twin of <see cref="GetAsync"/>.</summary>
    /// <inheritdoc cref="GetAsync"/>
    public Limits Get(RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        _transport.Send(Operations.Get("/limits", ApiSurface.Limits, options), Readers.Limits, cancellationToken);
}
