using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using FlexInference.Internal;

namespace FlexInference.Resources;

/// <summary>OpenAI Chat Completions through the router: <c>POST /chat/completions</c>.</summary>
public sealed class ChatCompletionsResource : GenerationResource
{
    private readonly FlexInferenceTransport _transport;

    internal ChatCompletionsResource(FlexInferenceTransport transport)
        : base(transport, "/chat/completions", ApiSurface.ChatCompletions) => _transport = transport;

    /// <summary>Sends a request and returns the provider's body, unreshaped, plus the served route (<c>GetRouting()</c>).</summary>
    /// <param name="request">The request, with <c>StartWithin</c> set (for example <c>StartWithin.Default</c>).</param>
    /// <param name="options">Per-call clock overrides; null for the client's.</param>
    /// <param name="cancellationToken">Cancels the call; reported as <see cref="System.OperationCanceledException"/>.</param>
    /// <exception cref="FlexInferenceValidationException">The router would refuse the request; nothing was sent.</exception>
    /// <exception cref="FlexInferenceApiException">The router answered with an error status (a subclass per error class).</exception>
    /// <exception cref="FlexInferenceTimeoutException">One of the client's clocks ran out.</exception>
    /// <exception cref="FlexInferenceConnectionException">The router could not be reached.</exception>
    public Task<CreateChatCompletionResponse> CreateAsync(CreateChatCompletionRequest request, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        Operations.PostAsync(_transport, "/chat/completions", ApiSurface.ChatCompletions, request, FlexInferenceJsonContext.Default.CreateChatCompletionRequest, Readers.ChatCompletion, options, cancellationToken);

    /// <summary>The synchronous twin of <see cref="CreateAsync(CreateChatCompletionRequest, RequestOptions?, CancellationToken)"/> (a real synchronous HTTP call).</summary>
    /// <inheritdoc cref="CreateAsync(CreateChatCompletionRequest, RequestOptions?, CancellationToken)"/>
    public CreateChatCompletionResponse Create(CreateChatCompletionRequest request, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        Operations.Post(_transport, "/chat/completions", ApiSurface.ChatCompletions, request, FlexInferenceJsonContext.Default.CreateChatCompletionRequest, Readers.ChatCompletion, options, cancellationToken);

    /// <summary>Sends a raw JSON body (validated, never modified) and returns the raw JSON response.</summary>
    /// <param name="request">The body, including <c>start_within</c>.</param>
    /// <param name="options">Per-call clock overrides; null for the client's.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="FlexInferenceValidationException">The router would refuse the request; nothing was sent.</exception>
    /// <exception cref="FlexInferenceApiException">The router answered with an error status.</exception>
    public Task<JsonObject> CreateAsync(JsonObject request, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        Operations.PostRawAsync(_transport, "/chat/completions", ApiSurface.ChatCompletions, request, options, cancellationToken);

    /// <summary>The synchronous twin of <see cref="CreateAsync(JsonObject, RequestOptions?, CancellationToken)"/>.</summary>
    /// <inheritdoc cref="CreateAsync(JsonObject, RequestOptions?, CancellationToken)"/>
    public JsonObject Create(JsonObject request, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        Operations.PostRaw(_transport, "/chat/completions", ApiSurface.ChatCompletions, request, options, cancellationToken);

    /// <summary>
    /// Sends the request as a stream and returns once the headers arrived (after any flex race), with the served
    /// route already in <see cref="FlexInferenceStream{TEvent}.Routing"/>. Enumerate the events with <c>await foreach</c>.
    /// </summary>
    /// <param name="request">The request; it is sent with <c>stream: true</c> (your object is not changed).</param>
    /// <param name="options">Per-call clock overrides (first byte, idle).</param>
    /// <param name="cancellationToken">Cancels opening the stream (and the stream itself while it lasts).</param>
    /// <exception cref="FlexInferenceValidationException">The router would refuse the request; nothing was sent.</exception>
    /// <exception cref="FlexInferenceApiException">The router refused the request before the stream began.</exception>
    public Task<ChatCompletionStream> CreateStreamingAsync(CreateChatCompletionRequest request, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        Operations.Wrap(Operations.OpenStreamAsync(_transport, "/chat/completions", ApiSurface.ChatCompletions, Operations.Serialize(StreamingCopy(request), FlexInferenceJsonContext.Default.CreateChatCompletionRequest), options, cancellationToken), static response => new ChatCompletionStream(response));

    /// <summary>The synchronous twin of <see cref="CreateStreamingAsync(CreateChatCompletionRequest, RequestOptions?, CancellationToken)"/>; enumerate with <c>foreach</c>.</summary>
    /// <inheritdoc cref="CreateStreamingAsync(CreateChatCompletionRequest, RequestOptions?, CancellationToken)"/>
    public ChatCompletionStream CreateStreaming(CreateChatCompletionRequest request, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        new(Operations.OpenStream(_transport, "/chat/completions", ApiSurface.ChatCompletions, Operations.Serialize(StreamingCopy(request), FlexInferenceJsonContext.Default.CreateChatCompletionRequest), options, cancellationToken));

    /// <summary>Streams a raw JSON body and delivers every event as raw JSON (keep-alives and unknown events included).</summary>
    /// <param name="request">The body; it is sent with <c>stream: true</c> added to a copy.</param>
    /// <param name="options">Per-call clock overrides.</param>
    /// <param name="cancellationToken">Cancels opening the stream.</param>
    /// <exception cref="FlexInferenceValidationException">The router would refuse the request; nothing was sent.</exception>
    public Task<JsonEventStream> CreateStreamingAsync(JsonObject request, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        Operations.Wrap(
            Operations.OpenStreamAsync(_transport, "/chat/completions", ApiSurface.ChatCompletions, Operations.SerializeForStreaming(request, ApiSurface.ChatCompletions), options, cancellationToken),
            static response => new JsonEventStream(response));

    /// <summary>The synchronous twin of <see cref="CreateStreamingAsync(JsonObject, RequestOptions?, CancellationToken)"/>.</summary>
    /// <inheritdoc cref="CreateStreamingAsync(JsonObject, RequestOptions?, CancellationToken)"/>
    public JsonEventStream CreateStreaming(JsonObject request, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        new(Operations.OpenStream(_transport, "/chat/completions", ApiSurface.ChatCompletions, Operations.SerializeForStreaming(request, ApiSurface.ChatCompletions), options, cancellationToken));

    private static CreateChatCompletionRequest StreamingCopy(CreateChatCompletionRequest request) =>
        Operations.NotNull(request) with { Stream = true, StreamOptions = request.StreamOptions ?? new ChatCompletionStreamOptions { IncludeUsage = true } };
}
