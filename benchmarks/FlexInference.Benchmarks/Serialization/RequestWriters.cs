using System.ClientModel;
using System.ClientModel.Primitives;
using System.Reflection;
using System.Text.Json;
using FlexInference.Benchmarks.Baseline;
using FlexInference.Surfaces;
using FlexInference.Validation;
using AnthropicMessages = Anthropic.Models.Messages;
using OpenAIChat = OpenAI.Chat;
using OpenAIResponses = OpenAI.Responses;

namespace FlexInference.Benchmarks.Serialization;

/// <summary>
/// How each contender turns its request object into the body it sends, through the same code its client runs on
/// every call. Where an SDK keeps that step internal, it is bound once, by reflection, to the exact internal method
/// the SDK's own client calls; nothing is re-implemented.
/// </summary>
internal static class RequestWriters
{
    private static readonly ModelReaderWriterOptions Wire = new("W");

    // OpenAI 2.15.0: ChatClient.CompleteChat(messages, options) calls the internal CreateChatCompletionOptions(messages,
    // options, stream) (which copies the options and sets the internal Messages, Model and Stream), then the internal
    // ChatCompletionOptions.ToBinaryContent(), which the transport writes into the request stream.
    private static readonly MethodInfo OpenAICreateOptions = typeof(OpenAIChat.ChatClient).GetMethod("CreateChatCompletionOptions", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new MissingMethodException("OpenAI.Chat.ChatClient.CreateChatCompletionOptions (internal) is gone: update the benchmark for this OpenAI version.");

    private static readonly Func<OpenAIChat.ChatCompletionOptions, BinaryContent> OpenAIToBinaryContent =
        typeof(OpenAIChat.ChatCompletionOptions).GetMethod("ToBinaryContent", BindingFlags.Instance | BindingFlags.NonPublic)?.CreateDelegate<Func<OpenAIChat.ChatCompletionOptions, BinaryContent>>()
        ?? throw new MissingMethodException("OpenAI.Chat.ChatCompletionOptions.ToBinaryContent (internal) is gone: update the benchmark for this OpenAI version.");

    // Anthropic 13.13.0: MessageService.Create builds the HTTP request with the internal ParamsBase.BodyContent().
    private static readonly Func<AnthropicMessages.MessageCreateParams, HttpContent> AnthropicBodyContent =
        typeof(AnthropicMessages.MessageCreateParams).GetMethod("BodyContent", BindingFlags.Instance | BindingFlags.NonPublic)?.CreateDelegate<Func<AnthropicMessages.MessageCreateParams, HttpContent>>()
        ?? throw new MissingMethodException("Anthropic.Models.Messages.MessageCreateParams.BodyContent (internal) is gone: update the benchmark for this Anthropic version.");

    /// <summary>Binds <c>CreateChatCompletionOptions</c> to one client (it reads the client's model).</summary>
    public static Func<IEnumerable<OpenAIChat.ChatMessage>, OpenAIChat.ChatCompletionOptions, bool, OpenAIChat.ChatCompletionOptions> OpenAICompleteChatOptions(OpenAIChat.ChatClient client) =>
        OpenAICreateOptions.CreateDelegate<Func<IEnumerable<OpenAIChat.ChatMessage>, OpenAIChat.ChatCompletionOptions, bool, OpenAIChat.ChatCompletionOptions>>(client);

    // ---- FlexInference: what every call runs before sending (Operations.Prepare): serialise, then validate the bytes.
    public static byte[] FlexChat(CreateChatCompletionRequest request) => Validated(RequestBody.Serialize(request, FlexInferenceJsonContext.Default.CreateChatCompletionRequest), Surface.ChatCompletions);

    public static byte[] FlexResponses(CreateResponse request) => Validated(RequestBody.Serialize(request, FlexInferenceJsonContext.Default.CreateResponse), Surface.Responses);

    public static byte[] FlexMessages(MessageCreateParams request) => Validated(RequestBody.Serialize(request, FlexInferenceJsonContext.Default.MessageCreateParams), Surface.Messages);

    public static byte[] FlexChatWithoutValidation(CreateChatCompletionRequest request) => RequestBody.Serialize(request, FlexInferenceJsonContext.Default.CreateChatCompletionRequest);

    public static byte[] FlexResponsesWithoutValidation(CreateResponse request) => RequestBody.Serialize(request, FlexInferenceJsonContext.Default.CreateResponse);

    public static byte[] FlexMessagesWithoutValidation(MessageCreateParams request) => RequestBody.Serialize(request, FlexInferenceJsonContext.Default.MessageCreateParams);

    private static byte[] Validated(byte[] body, Surface surface)
    {
        RequestValidator.Validate(body, surface, startWithinRequired: true);
        return body;
    }

    // ---- raw baseline: one source-generated call.
    public static byte[] RawChat(RawChatRequest request) => JsonSerializer.SerializeToUtf8Bytes(request, RawJsonContext.Default.RawChatRequest);

    public static byte[] RawResponses(RawResponsesRequest request) => JsonSerializer.SerializeToUtf8Bytes(request, RawJsonContext.Default.RawResponsesRequest);

    public static byte[] RawMessages(RawMessagesRequest request) => JsonSerializer.SerializeToUtf8Bytes(request, RawJsonContext.Default.RawMessagesRequest);

    // ---- OpenAI and Anthropic: the body written into a stream, as their transports do.
    public static long OpenAIChat(
        Func<IEnumerable<OpenAIChat.ChatMessage>, OpenAIChat.ChatCompletionOptions, bool, OpenAIChat.ChatCompletionOptions> createOptions,
        List<OpenAIChat.ChatMessage> messages, OpenAIChat.ChatCompletionOptions options, Stream destination)
    {
        using BinaryContent content = OpenAIToBinaryContent(createOptions(messages, options, false));
        content.WriteTo(destination);
        return destination.Position;
    }

    public static long OpenAIResponses(OpenAIResponses.CreateResponseOptions options, Stream destination)
    {
        using BinaryContent content = BinaryContent.Create(options, Wire);
        content.WriteTo(destination);
        return destination.Position;
    }

    public static long AnthropicMessages(AnthropicMessages.MessageCreateParams parameters, Stream destination)
    {
        using HttpContent content = AnthropicBodyContent(parameters);
        content.CopyTo(destination, null, default);
        return destination.Position;
    }
}
