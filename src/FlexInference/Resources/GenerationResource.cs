using System;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using FlexInference.Pipeline;
using FlexInference.Surfaces;

namespace FlexInference.Resources;

/// <summary>
/// What the four generation surfaces (Responses, Chat Completions, Interactions, Messages) share: raw-JSON calls, and
/// calls with your own request, response and event types, for example types you generated from a newer spec into your
/// own namespace (docs/regenerating.md, "For consumers"). Each surface adds its typed methods
/// (<see cref="GenerationResource{TRequest, TResponse, TStream, TEvent}"/>).
/// </summary>
public abstract class GenerationResource
{
    private protected GenerationResource(SurfaceClient client) => Client = client;

    private protected SurfaceClient Client { get; }

    /// <summary>Sends a raw JSON body (validated, never modified) and returns the raw JSON response.</summary>
    /// <param name="request">The body, including <c>start_within</c>.</param>
    /// <param name="options">Per-call overrides; null for the client's.</param>
    /// <param name="cancellationToken">Cancels the call; reported as <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="FlexInferenceValidationException">The router would refuse the request; nothing was sent.</exception>
    /// <exception cref="FlexInferenceApiException">The router answered with an error status (a subclass per error class).</exception>
    /// <exception cref="FlexInferenceTimeoutException">One of the client's clocks ran out.</exception>
    /// <exception cref="FlexInferenceConnectionException">The router could not be reached.</exception>
    public Task<JsonObject> CreateAsync(JsonObject request, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        Client.SendAsync(request, options, async: true, cancellationToken).AsTask();

    /// <summary>The synchronous twin of <see cref="CreateAsync(JsonObject, RequestOptions?, CancellationToken)"/> (a real synchronous HTTP call).</summary>
    /// <inheritdoc cref="CreateAsync(JsonObject, RequestOptions?, CancellationToken)"/>
    public JsonObject Create(JsonObject request, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        Client.SendAsync(request, options, async: false, cancellationToken).EnsureCompleted();

    /// <summary>Streams a raw JSON body and delivers every event as raw JSON (keep-alives and unknown events included).</summary>
    /// <param name="request">The body; it is sent with <c>stream: true</c> added to a copy.</param>
    /// <param name="options">Per-call overrides (first byte, idle).</param>
    /// <param name="cancellationToken">Cancels opening the stream (and the stream itself while it lasts).</param>
    /// <exception cref="FlexInferenceValidationException">The router would refuse the request; nothing was sent.</exception>
    /// <exception cref="FlexInferenceApiException">The router refused the request before the stream began.</exception>
    public Task<JsonEventStream> CreateStreamingAsync(JsonObject request, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        Client.StreamAsync(request, options, async: true, cancellationToken).AsTask();

    /// <summary>The synchronous twin of <see cref="CreateStreamingAsync(JsonObject, RequestOptions?, CancellationToken)"/>; enumerate with <c>foreach</c>.</summary>
    /// <inheritdoc cref="CreateStreamingAsync(JsonObject, RequestOptions?, CancellationToken)"/>
    public JsonEventStream CreateStreaming(JsonObject request, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        Client.StreamAsync(request, options, async: false, cancellationToken).EnsureCompleted();

    /// <summary>
    /// Sends your own request type and reads the answer into your own response type, through your JSON metadata
    /// (reflection-free, trim- and AOT-safe). Every field your types know is sent and read typed; validated like the
    /// SDK's own types, and <c>GetRouting()</c> works on the result.
    /// </summary>
    /// <typeparam name="TRequest">Your request type.</typeparam>
    /// <typeparam name="TResponse">Your response type.</typeparam>
    /// <param name="request">The request, with <c>start_within</c> set.</param>
    /// <param name="requestType">Metadata that writes <paramref name="request"/>, e.g. <c>MyJsonContext.Default.CreateResponse</c> on Responses.</param>
    /// <param name="responseType">Metadata that reads the answer, e.g. <c>MyJsonContext.Default.Response</c> on Responses.</param>
    /// <param name="options">Per-call overrides; null for the client's.</param>
    /// <param name="cancellationToken">Cancels the call; reported as <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="FlexInferenceValidationException">The router would refuse the request; nothing was sent.</exception>
    /// <exception cref="FlexInferenceApiException">The router answered with an error status (a subclass per error class).</exception>
    /// <exception cref="FlexInferenceTimeoutException">One of the client's clocks ran out.</exception>
    /// <exception cref="FlexInferenceConnectionException">The router could not be reached.</exception>
    public Task<TResponse> CreateAsync<TRequest, TResponse>(TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, RequestOptions? options = null, CancellationToken cancellationToken = default)
        where TResponse : class =>
        Client.SendAsync(request, requestType, CallerType(responseType), options, async: true, cancellationToken).AsTask();

    /// <summary>The synchronous twin of <see cref="CreateAsync{TRequest, TResponse}"/> (a real synchronous HTTP call).</summary>
    /// <inheritdoc cref="CreateAsync{TRequest, TResponse}"/>
    public TResponse Create<TRequest, TResponse>(TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, RequestOptions? options = null, CancellationToken cancellationToken = default)
        where TResponse : class =>
        Client.SendAsync(request, requestType, CallerType(responseType), options, async: false, cancellationToken).EnsureCompleted();

    /// <summary>
    /// Streams your own request type and reads every event into your own event type. The request is sent with
    /// <c>"stream": true</c> added to its JSON (your object is not changed); the served route is in
    /// <see cref="FlexInferenceStream{TEvent}.Routing"/> once the headers arrive.
    /// </summary>
    /// <typeparam name="TRequest">Your request type.</typeparam>
    /// <typeparam name="TEvent">Your stream event type.</typeparam>
    /// <param name="request">The request, with <c>start_within</c> set.</param>
    /// <param name="requestType">Metadata that writes <paramref name="request"/>.</param>
    /// <param name="eventType">Metadata that reads one event, e.g. <c>MyJsonContext.Default.ResponseStreamEvent</c> on Responses.</param>
    /// <param name="options">Per-call overrides (first byte, idle).</param>
    /// <param name="cancellationToken">Cancels opening the stream (and the stream itself while it lasts).</param>
    /// <exception cref="FlexInferenceValidationException">The router would refuse the request; nothing was sent.</exception>
    /// <exception cref="FlexInferenceApiException">The router refused the request before the stream began.</exception>
    public Task<FlexInferenceEventStream<TEvent>> CreateStreamingAsync<TRequest, TEvent>(TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TEvent> eventType, RequestOptions? options = null, CancellationToken cancellationToken = default)
        where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(eventType);
        return Client.StreamAsync(request, requestType, response => new FlexInferenceEventStream<TEvent>(response, eventType), options, async: true, cancellationToken).AsTask();
    }

    /// <summary>The synchronous twin of <see cref="CreateStreamingAsync{TRequest, TEvent}"/>; enumerate with <c>foreach</c>.</summary>
    /// <inheritdoc cref="CreateStreamingAsync{TRequest, TEvent}"/>
    public FlexInferenceEventStream<TEvent> CreateStreaming<TRequest, TEvent>(TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TEvent> eventType, RequestOptions? options = null, CancellationToken cancellationToken = default)
        where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(eventType);
        return Client.StreamAsync(request, requestType, response => new FlexInferenceEventStream<TEvent>(response, eventType), options, async: false, cancellationToken).EnsureCompleted();
    }

    private CallerTypeResultReader<TResponse> CallerType<TResponse>(JsonTypeInfo<TResponse> responseType)
        where TResponse : class =>
        new(responseType ?? throw new ArgumentNullException(nameof(responseType)), Client.Surface.Result!);
}
