using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using FlexInference.Internal;

namespace FlexInference.Resources;

/// <summary>OpenAI Responses through the router: <c>POST /responses</c>.</summary>
public sealed class ResponsesResource
{
    private readonly FlexInferenceTransport _transport;

    internal ResponsesResource(FlexInferenceTransport transport) => _transport = transport;

    /// <summary>Sends a request and returns the provider's body, unreshaped, plus the served route (<c>GetRouting()</c>).</summary>
    /// <param name="request">The request, with <c>StartWithin</c> set (for example <c>StartWithin.Within(TimeSpan.FromSeconds(30))</c>).</param>
    /// <param name="options">Per-call clock overrides; null for the client's.</param>
    /// <param name="cancellationToken">Cancels the call; reported as <see cref="System.OperationCanceledException"/>.</param>
    /// <exception cref="FlexInferenceValidationException">The router would refuse the request; nothing was sent.</exception>
    /// <exception cref="FlexInferenceApiException">The router answered with an error status (a subclass per error class).</exception>
    /// <exception cref="FlexInferenceTimeoutException">One of the client's clocks ran out.</exception>
    /// <exception cref="FlexInferenceConnectionException">The router could not be reached.</exception>
    public Task<Response> CreateAsync(CreateResponse request, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        Operations.PostAsync(_transport, "/responses", ApiSurface.Responses, request, FlexInferenceJsonContext.Default.CreateResponse, Readers.Response, options, cancellationToken);

    /// <summary>The synchronous twin of <see cref="CreateAsync(CreateResponse, RequestOptions?, CancellationToken)"/> (a real synchronous HTTP call).</summary>
    /// <inheritdoc cref="CreateAsync(CreateResponse, RequestOptions?, CancellationToken)"/>
    public Response Create(CreateResponse request, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        Operations.Post(_transport, "/responses", ApiSurface.Responses, request, FlexInferenceJsonContext.Default.CreateResponse, Readers.Response, options, cancellationToken);

    /// <summary>Sends a raw JSON body (validated, never modified) and returns the raw JSON response.</summary>
    /// <param name="request">The body, including <c>start_within</c>.</param>
    /// <param name="options">Per-call clock overrides; null for the client's.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="FlexInferenceValidationException">The router would refuse the request; nothing was sent.</exception>
    /// <exception cref="FlexInferenceApiException">The router answered with an error status.</exception>
    public Task<JsonObject> CreateAsync(JsonObject request, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        Operations.PostRawAsync(_transport, "/responses", ApiSurface.Responses, request, options, cancellationToken);

    /// <summary>The synchronous twin of <see cref="CreateAsync(JsonObject, RequestOptions?, CancellationToken)"/>.</summary>
    /// <inheritdoc cref="CreateAsync(JsonObject, RequestOptions?, CancellationToken)"/>
    public JsonObject Create(JsonObject request, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        Operations.PostRaw(_transport, "/responses", ApiSurface.Responses, request, options, cancellationToken);
}
