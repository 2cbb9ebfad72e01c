using FlexInference.Benchmarks.Baseline;
using AnthropicMessages = Anthropic.Models.Messages;
using OpenAIChat = OpenAI.Chat;
using OpenAIResponses = OpenAI.Responses;

namespace FlexInference.Benchmarks.Infrastructure;

/// <summary>
/// One streaming call per contender through its public streaming API, reading every event and keeping the text
/// deltas, as an application printing tokens would. Shared by the stream-parsing and end-to-end benchmarks.
/// </summary>
internal static class StreamConsumers
{
    public static Task<TextTally> RawChat(HttpClient http, string baseUrl, RawChatRequest request) =>
        RawClient.StreamChatAsync(http, baseUrl + "/chat/completions", request);

    public static Task<TextTally> RawResponses(HttpClient http, string baseUrl, RawResponsesRequest request) =>
        RawClient.StreamResponsesAsync(http, baseUrl + "/responses", request);

    public static Task<TextTally> RawMessages(HttpClient http, string baseUrl, RawMessagesRequest request) =>
        RawClient.StreamMessagesAsync(http, baseUrl + "/v1/messages", request);

    public static async Task<TextTally> FlexChat(FlexInferenceClient client, CreateChatCompletionRequest request)
    {
        var tally = default(TextTally);
        await using ChatCompletionStream stream = await client.Chat.Completions.CreateStreamingAsync(request).ConfigureAwait(false);
        await foreach (CreateChatCompletionStreamResponse chunk in stream)
        {
            if (chunk.IsTextDelta(out string? delta))
            {
                tally.Add(delta);
            }
        }

        return tally;
    }

    public static async Task<TextTally> FlexResponses(FlexInferenceClient client, CreateResponse request)
    {
        var tally = default(TextTally);
        await using ResponseStream stream = await client.Responses.CreateStreamingAsync(request).ConfigureAwait(false);
        await foreach (ResponseStreamEvent item in stream)
        {
            if (item.IsOutputTextDelta(out string? delta))
            {
                tally.Add(delta);
            }
        }

        return tally;
    }

    public static async Task<TextTally> FlexMessages(FlexInferenceClient client, MessageCreateParams request)
    {
        var tally = default(TextTally);
        await using MessageStream stream = await client.Messages.CreateStreamingAsync(request).ConfigureAwait(false);
        await foreach (MessageStreamEvent item in stream)
        {
            if (item.IsTextDelta(out string? delta))
            {
                tally.Add(delta);
            }
        }

        return tally;
    }

    public static async Task<TextTally> OpenAIChat(OpenAIChat.ChatClient client, List<OpenAIChat.ChatMessage> messages, OpenAIChat.ChatCompletionOptions options)
    {
        var tally = default(TextTally);
        await foreach (OpenAIChat.StreamingChatCompletionUpdate update in client.CompleteChatStreamingAsync(messages, options).ConfigureAwait(false))
        {
            foreach (OpenAIChat.ChatMessageContentPart part in update.ContentUpdate)
            {
                tally.Add(part.Text);
            }
        }

        return tally;
    }

    public static async Task<TextTally> OpenAIResponses(OpenAIResponses.ResponsesClient client, OpenAIResponses.CreateResponseOptions options)
    {
        var tally = default(TextTally);
        await foreach (OpenAIResponses.StreamingResponseUpdate update in await client.CreateResponseStreamingAsync(options).ConfigureAwait(false))
        {
            if (update is OpenAIResponses.StreamingResponseOutputTextDeltaUpdate delta)
            {
                tally.Add(delta.Delta);
            }
        }

        return tally;
    }

    public static async Task<TextTally> Anthropic(global::Anthropic.AnthropicClient client, AnthropicMessages.MessageCreateParams parameters)
    {
        var tally = default(TextTally);
        await foreach (AnthropicMessages.RawMessageStreamEvent item in client.Messages.CreateStreaming(parameters).ConfigureAwait(false))
        {
            if (item.TryPickContentBlockDelta(out AnthropicMessages.RawContentBlockDeltaEvent? delta) && delta.Delta.TryPickText(out AnthropicMessages.TextDelta? text))
            {
                tally.Add(text.Text);
            }
        }

        return tally;
    }
}
