using System;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using FlexInference.Pipeline;
using FlexInference.Routing;
using FlexInference.Streaming;
using FlexInference.Surfaces;

namespace FlexInference.Resources;

/// <summary>A generation surface's typed calls: its generated request, response, stream and event types.</summary>
/// <typeparam name="TRequest">The request record, e.g. <see cref="CreateResponse"/>.</typeparam>
/// <typeparam name="TResponse">The response record, e.g. <see cref="Response"/>.</typeparam>
/// <typeparam name="TStream">The stream, e.g. <see cref="ResponseStream"/>.</typeparam>
/// <typeparam name="TEvent">The stream's event union, e.g. <see cref="ResponseStreamEvent"/>.</typeparam>
public abstract class GenerationResource<TRequest, TResponse, TStream, TEvent> : GenerationResource
    where TRequest : class
    where TResponse : class
    where TStream : FlexInferenceStream<TEvent>
    where TEvent : class
{
    private readonly JsonTypeInfo<TRequest> _requestType;
    private readonly TypedResultReader<TResponse> _reader;
    private readonly Func<StreamingResponse, TStream> _open;

    private protected GenerationResource(CallPipeline pipeline, Surface surface, Func<TResponse, ResultFacts> facts, Func<StreamingResponse, TStream> open)
        : base(new SurfaceClient(pipeline, surface))
    {
        _requestType = (JsonTypeInfo<TRequest>)surface.Operation.RequestType!;
        _reader = new TypedResultReader<TResponse>((JsonTypeInfo<TResponse>)surface.Operation.ResponseType, facts);
        _open = open;
    }

    /// <summary>Sends a request and returns the provider's body, unreshaped, plus the served route (<c>GetRouting()</c>).</summary>
    /// <param name="request">The request, with <c>StartWithin</c> set (for example <c>StartWithin.Within(TimeSpan.FromSeconds(30))</c>).</param>
    /// <param name="options">Per-call overrides; null for the client's.</param>
    /// <param name="cancellationToken">Cancels the call; reported as <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="FlexInferenceValidationException">The router would refuse the request; nothing was sent.</exception>
    /// <exception cref="FlexInferenceApiException">The router answered with an error status (a subclass per error class).</exception>
    /// <exception cref="FlexInferenceTimeoutException">One of the client's clocks ran out.</exception>
    /// <exception cref="FlexInferenceConnectionException">The router could not be reached.</exception>
    public Task<TResponse> CreateAsync(TRequest request, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        Client.SendAsync(request, _requestType, _reader, options, async: true, cancellationToken).AsTask();

    /// <summary>The synchronous twin of <see cref="CreateAsync(TRequest, RequestOptions?, CancellationToken)"/> (a real synchronous HTTP call).</summary>
    /// <inheritdoc cref="CreateAsync(TRequest, RequestOptions?, CancellationToken)"/>
    public TResponse Create(TRequest request, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        Client.SendAsync(request, _requestType, _reader, options, async: false, cancellationToken).EnsureCompleted();

    /// <summary>
    /// Sends the request as a stream and returns once the headers arrived (after any flex race), with the served
    /// route already in <see cref="FlexInferenceStream{TEvent}.Routing"/>. Enumerate the events with <c>await foreach</c>.
    /// </summary>
    /// <param name="request">The request; it is sent with <c>stream: true</c> (your object is not changed).</param>
    /// <param name="options">Per-call overrides (first byte, idle).</param>
    /// <param name="cancellationToken">Cancels opening the stream (and the stream itself while it lasts).</param>
    /// <exception cref="FlexInferenceValidationException">The router would refuse the request; nothing was sent.</exception>
    /// <exception cref="FlexInferenceApiException">The router refused the request before the stream began.</exception>
    public Task<TStream> CreateStreamingAsync(TRequest request, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        Client.StreamAsync(request, _requestType, _open, options, async: true, cancellationToken).AsTask();

    /// <summary>The synchronous twin of <see cref="CreateStreamingAsync(TRequest, RequestOptions?, CancellationToken)"/>; enumerate with <c>foreach</c>.</summary>
    /// <inheritdoc cref="CreateStreamingAsync(TRequest, RequestOptions?, CancellationToken)"/>
    public TStream CreateStreaming(TRequest request, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        Client.StreamAsync(request, _requestType, _open, options, async: false, cancellationToken).EnsureCompleted();
}
