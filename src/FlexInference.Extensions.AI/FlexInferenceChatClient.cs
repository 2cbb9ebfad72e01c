using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using FlexInference.Extensions.AI.Internal;
using Microsoft.Extensions.AI;

namespace FlexInference.Extensions.AI;

/// <summary>
/// Microsoft.Extensions.AI's <see cref="IChatClient"/> over a <see cref="FlexInferenceClient"/>: OpenAI Responses
/// (<c>POST /responses</c>) by default, Chat Completions when <see cref="FlexInferenceChatClientOptions.Api"/> says so.
/// Create it with <see cref="FlexInferenceChatClientExtensions.AsIChatClient(FlexInferenceClient, string?, StartWithin?)"/>.
/// </summary>
/// <remarks>
/// Stateless: every call sends the whole conversation, unless <see cref="ChatOptions.ConversationId"/> is set (Responses
/// only), which sends <c>previous_response_id</c>. The served route is on every result under
/// <see cref="FlexInferenceChatKeys.Routing"/>; <see cref="ChatResponse.RawRepresentation"/> is the FlexInference result.
/// Disposing this chat client does not dispose the <see cref="FlexInferenceClient"/>: whoever created that owns it.
/// </remarks>
/// <example>
/// <code>
/// using var client = new FlexInferenceClient("flex_live_...");
/// IChatClient chat = client.AsIChatClient("gpt-5.5", defaultStartWithin: StartWithin.Within(TimeSpan.FromSeconds(30)));
/// ChatResponse response = await chat.GetResponseAsync("Write a haiku about cheap GPUs.");
/// Console.WriteLine($"{response.Text} ({response.GetRouting()?.ServiceTier})");
/// </code>
/// </example>
public sealed class FlexInferenceChatClient : IChatClient
{
    private readonly FlexInferenceClient _client;
    private readonly string? _model;
    private readonly FlexInferenceChatApi _api;
    private readonly StartWithin? _defaultStartWithin;
    private readonly RequestOptions? _requestOptions;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Creates a chat client over <paramref name="client"/>.</summary>
    /// <param name="client">The FlexInference client that sends the requests (not owned: it is not disposed with this one).</param>
    /// <param name="model">The model used when <see cref="ChatOptions.ModelId"/> is not set, for example <c>"gpt-5.5"</c>.</param>
    /// <param name="options">The surface, the default <c>start_within</c> and request options; null for Responses and no default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    public FlexInferenceChatClient(FlexInferenceClient client, string? model, FlexInferenceChatClientOptions? options = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _model = model;
        _api = options?.Api ?? FlexInferenceChatApi.Responses;
        if (_api is not FlexInferenceChatApi.Responses and not FlexInferenceChatApi.ChatCompletions)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _api,
                "FlexInferenceChatClientOptions.Api must be FlexInferenceChatApi.Responses or FlexInferenceChatApi.ChatCompletions, for example Api = FlexInferenceChatApi.ChatCompletions.");
        }

        _defaultStartWithin = options?.DefaultStartWithin;
        _requestOptions = options?.RequestOptions;
        _metadata = new ChatClientMetadata(ProviderName, client.BaseUrl, model);
    }

    /// <summary>The provider name reported in <see cref="ChatClientMetadata"/>: <c>flexinference</c>.</summary>
    public const string ProviderName = "flexinference";

    /// <summary>The surface this chat client calls.</summary>
    public FlexInferenceChatApi Api => _api;

    /// <inheritdoc />
    /// <exception cref="FlexInferenceValidationException">The request would be refused (no <c>start_within</c>, no model, ...); nothing was sent.</exception>
    /// <exception cref="FlexInferenceApiException">The router answered with an error status (a subclass per error class, such as <see cref="PaymentRequiredException"/>).</exception>
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (messages is null)
        {
            throw new ArgumentNullException(nameof(messages));
        }

        if (_api == FlexInferenceChatApi.ChatCompletions)
        {
            CreateChatCompletionRequest chat = ChatCompletionsRequestBuilder.Build(this, messages, options, _model, _defaultStartWithin, stream: false);
            CreateChatCompletionResponse completion = await _client.Chat.Completions.CreateAsync(chat, _requestOptions, cancellationToken).ConfigureAwait(false);
            return ChatCompletionsResultMapper.ToChatResponse(completion);
        }

        CreateResponse request = ResponsesRequestBuilder.Build(this, messages, options, _model, _defaultStartWithin, stream: false);
        Response response = await _client.Responses.CreateAsync(request, _requestOptions, cancellationToken).ConfigureAwait(false);
        return ResponsesResultMapper.ToChatResponse(response, options?.ConversationId);
    }

    /// <inheritdoc />
    /// <exception cref="FlexInferenceValidationException">The request would be refused; nothing was sent.</exception>
    /// <exception cref="FlexInferenceApiException">The router refused the request before the stream began.</exception>
    /// <exception cref="StreamFailedException">The stream failed after it started.</exception>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (messages is null)
        {
            throw new ArgumentNullException(nameof(messages));
        }

        // Built now, so a request the client would refuse fails at the call, not at the first MoveNextAsync.
        return _api == FlexInferenceChatApi.ChatCompletions
            ? StreamChatAsync(ChatCompletionsRequestBuilder.Build(this, messages, options, _model, _defaultStartWithin, stream: true), cancellationToken)
            : StreamResponsesAsync(ResponsesRequestBuilder.Build(this, messages, options, _model, _defaultStartWithin, stream: true), options?.ConversationId, cancellationToken);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        if (serviceType is null)
        {
            throw new ArgumentNullException(nameof(serviceType));
        }

        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType == typeof(FlexInferenceClient) ? _client
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Nothing to release: the <see cref="FlexInferenceClient"/> belongs to its creator.</summary>
    public void Dispose()
    {
    }

    /// <summary>The model and surface; never the key.</summary>
    public override string ToString() => $"FlexInferenceChatClient {{ Model = {_model}, Api = {_api}, BaseUrl = {_client.BaseUrl} }}";

    private async IAsyncEnumerable<ChatResponseUpdate> StreamResponsesAsync(CreateResponse request, string? conversationId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ResponseStream stream = await _client.Responses.CreateStreamingAsync(request, _requestOptions, cancellationToken).ConfigureAwait(false);
        await foreach (ChatResponseUpdate update in ResponsesStreamMapper.ToUpdatesAsync(stream, conversationId, cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamChatAsync(CreateChatCompletionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ChatCompletionStream stream = await _client.Chat.Completions.CreateStreamingAsync(request, _requestOptions, cancellationToken).ConfigureAwait(false);
        await foreach (ChatResponseUpdate update in ChatCompletionsStreamMapper.ToUpdatesAsync(stream, cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }
}
