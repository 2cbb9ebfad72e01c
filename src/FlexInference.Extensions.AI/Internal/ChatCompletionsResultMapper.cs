using Microsoft.Extensions.AI;

namespace FlexInference.Extensions.AI.Internal;

/// <summary>An OpenAI chat completion as a <see cref="ChatResponse"/> (the first choice: the adapter never asks for more).</summary>
internal static class ChatCompletionsResultMapper
{
    public static ChatResponse ToChatResponse(CreateChatCompletionResponse completion)
    {
        ChatCompletionChoice? choice = completion.Choices is { Count: > 0 } choices ? choices[0] : null;
        var message = new ChatMessage(ChatRole.Assistant, (string?)null)
        {
            MessageId = completion.Id,
            CreatedAt = JsonValues.FromUnixSeconds(completion.Created),
            RawRepresentation = choice?.Message,
        };

        if (choice?.Message is { } reply)
        {
            if (!string.IsNullOrEmpty(reply.Content))
            {
                message.Contents.Add(new TextContent(reply.Content));
            }

            if (!string.IsNullOrEmpty(reply.Refusal))
            {
                message.Contents.Add(new ErrorContent(reply.Refusal) { ErrorCode = "refusal" });
            }

            foreach (ChatCompletionMessageToolCallUnion toolCall in reply.ToolCalls ?? [])
            {
                if (toolCall.TryGetChatCompletionMessageToolCall(out ChatCompletionMessageToolCall? call))
                {
                    FunctionCallContent content = JsonValues.FunctionCall(call.Id, call.Function.Name, call.Function.Arguments);
                    content.RawRepresentation = call;
                    message.Contents.Add(content);
                }
            }
        }

        return new ChatResponse(message)
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            CreatedAt = JsonValues.FromUnixSeconds(completion.Created),
            FinishReason = FinishReason(choice?.FinishReason),
            Usage = Usage(completion.Usage),
            RawRepresentation = completion,
            AdditionalProperties = new AdditionalPropertiesDictionary { [FlexInferenceChatKeys.Routing] = completion.GetRouting() },
        };
    }

    internal static ChatFinishReason? FinishReason(ChatCompletionFinishReason? reason) => reason?.Value switch
    {
        null or "" => null,
        "stop" => ChatFinishReason.Stop,
        "length" => ChatFinishReason.Length,
        "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
        "content_filter" => ChatFinishReason.ContentFilter,
        { } other => new ChatFinishReason(other),
    };

    internal static UsageDetails? Usage(CompletionUsage? usage) => usage is null ? null : new UsageDetails
    {
        InputTokenCount = usage.PromptTokens,
        OutputTokenCount = usage.CompletionTokens,
        TotalTokenCount = usage.TotalTokens ?? (usage.PromptTokens + usage.CompletionTokens),
        CachedInputTokenCount = usage.PromptTokensDetails?.CachedTokens,
        ReasoningTokenCount = usage.CompletionTokensDetails?.ReasoningTokens,
    };
}
