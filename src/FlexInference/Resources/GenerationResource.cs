using System;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using FlexInference.Internal;

namespace FlexInference.Resources;

/// <summary>
/// What the four generation surfaces (Responses, Chat Completions, Interactions, Messages) share: calls with your own
/// request, response and event types, for example types you generated from a newer spec into your own namespace
/// (docs/regenerating.md, "For consumers"). Each surface adds its typed and raw-JSON methods.
/// </summary>
public abstract class GenerationResource
{
    private readonly FlexInferenceTransport _transport;
    private readonly string _path;
    private readonly ApiSurface _surface;

    private protected GenerationResource(FlexInferenceTransport transport, string path, ApiSurface surface)
    {
        _transport = transport;
        _path = path;
        _surface = surface;
    }

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
        Operations.PostCallerTypesAsync(_transport, _path, _surface, request, requestType, responseType, options, cancellationToken);

    /// <summary>The synchronous twin of <see cref="CreateAsync{TRequest, TResponse}"/> (a real synchronous HTTP call).</summary>
    /// <typeparam name="TRequest">Your request type.</typeparam>
    /// <typeparam name="TResponse">Your response type.</typeparam>
    /// <param name="request">The request, with <c>start_within</c> set.</param>
    /// <param name="requestType">Metadata that writes <paramref name="request"/>.</param>
    /// <param name="responseType">Metadata that reads the answer.</param>
    /// <param name="options">Per-call overrides; null for the client's.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="FlexInferenceValidationException">The router would refuse the request; nothing was sent.</exception>
    /// <exception cref="FlexInferenceApiException">The router answered with an error status.</exception>
    public TResponse Create<TRequest, TResponse>(TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, RequestOptions? options = null, CancellationToken cancellationToken = default)
        where TResponse : class =>
        Operations.PostCallerTypes(_transport, _path, _surface, request, requestType, responseType, options, cancellationToken);

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
        return Operations.Wrap(
            Operations.OpenStreamAsync(_transport, _path, _surface, Operations.SerializeCallerTypeForStreaming(request, requestType, _surface), options, cancellationToken),
            response => new FlexInferenceEventStream<TEvent>(response, eventType));
    }

    /// <summary>The synchronous twin of <see cref="CreateStreamingAsync{TRequest, TEvent}"/>; enumerate with <c>foreach</c>.</summary>
    /// <typeparam name="TRequest">Your request type.</typeparam>
    /// <typeparam name="TEvent">Your stream event type.</typeparam>
    /// <param name="request">The request, with <c>start_within</c> set.</param>
    /// <param name="requestType">Metadata that writes <paramref name="request"/>.</param>
    /// <param name="eventType">Metadata that reads one event.</param>
    /// <param name="options">Per-call overrides (first byte, idle).</param>
    /// <param name="cancellationToken">Cancels opening the stream.</param>
    /// <exception cref="FlexInferenceValidationException">The router would refuse the request; nothing was sent.</exception>
    /// <exception cref="FlexInferenceApiException">The router refused the request before the stream began.</exception>
    public FlexInferenceEventStream<TEvent> CreateStreaming<TRequest, TEvent>(TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TEvent> eventType, RequestOptions? options = null, CancellationToken cancellationToken = default)
        where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(eventType);
        return new(Operations.OpenStream(_transport, _path, _surface, Operations.SerializeCallerTypeForStreaming(request, requestType, _surface), options, cancellationToken), eventType);
    }
}
