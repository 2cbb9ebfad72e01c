using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.AI;

namespace FlexInference.Extensions.AI.Internal;

/// <summary>An OpenAI Responses result as a <see cref="ChatResponse"/>.</summary>
internal static class ResponsesResultMapper
{
    public static ChatResponse ToChatResponse(Response response, string? conversationId)
    {
        List<ChatMessage> messages = Messages(response.Output ?? [], response).ToList();
        return new ChatResponse(messages)
        {
            ResponseId = response.Id,
            ConversationId = conversationId is null ? null : response.Id,
            ModelId = response.Model,
            CreatedAt = JsonValues.FromUnixSeconds(response.CreatedAt),
            FinishReason = FinishReason(response, messages.Any(message => message.Contents.OfType<FunctionCallContent>().Any())),
            Usage = Usage(response.Usage),
            RawRepresentation = response,
            AdditionalProperties = new AdditionalPropertiesDictionary { [FlexInferenceChatKeys.Routing] = response.GetRouting() },
        };
    }

    /// <summary>
    /// Output items as assistant messages: each <c>message</c> item starts a message (its id is the message id), and
    /// function calls and reasoning join the message they follow, as one assistant turn.
    /// </summary>
    private static IEnumerable<ChatMessage> Messages(IReadOnlyList<OutputItem> items, Response response)
    {
        ChatMessage? current = null;
        foreach (OutputItem item in items)
        {
            if (item.TryGetOutputMessage(out OutputMessage? message))
            {
                if (current is not null && current.MessageId is not null)
                {
                    yield return current;
                    current = null;
                }

                current ??= NewMessage(response);
                current.MessageId = message.Id;
                current.RawRepresentation = message;
                foreach (OutputMessageContent part in message.Content ?? [])
                {
                    if (part.TryGetOutputTextContent(out OutputTextContent? text))
                    {
                        current.Contents.Add(new TextContent(text.Text ?? string.Empty) { RawRepresentation = text });
                    }
                    else if (part.TryGetRefusalContent(out RefusalContent? refusal))
                    {
                        current.Contents.Add(new ErrorContent(refusal.Refusal ?? string.Empty) { ErrorCode = "refusal", RawRepresentation = refusal });
                    }
                }

                continue;
            }

            current ??= NewMessage(response);
            if (item.TryGetFunctionToolCall(out FunctionToolCall? call))
            {
                FunctionCallContent content = JsonValues.FunctionCall(call.CallId, call.Name, call.Arguments);
                content.RawRepresentation = call;
                current.Contents.Add(content);
            }
            else if (item.TryGetReasoningItem(out ReasoningItem? reasoning))
            {
                string summary = string.Concat((reasoning.Summary ?? []).Select(part => part.Text));
                string text = summary.Length > 0 ? summary : string.Concat((reasoning.Content ?? []).Select(part => part.Text));
                current.Contents.Add(new TextReasoningContent(text) { ProtectedData = reasoning.EncryptedContent, RawRepresentation = reasoning });
            }
            else
            {
                // Hosted tool calls (web search, file search) and items this version does not know: kept, not lost.
                current.Contents.Add(new AIContent { RawRepresentation = item });
            }
        }

        if (current is not null)
        {
            yield return current;
        }
    }

    private static ChatMessage NewMessage(Response response) => new(ChatRole.Assistant, (string?)null)
    {
        CreatedAt = JsonValues.FromUnixSeconds(response.CreatedAt),
    };

    /// <summary>Incomplete for a reason (length, content filter) first, then tool calls, else stop; null while unfinished.</summary>
    internal static ChatFinishReason? FinishReason(Response response, bool anyFunctionCalls)
    {
        switch (response.IncompleteDetails?.Reason)
        {
            case "max_output_tokens":
                return ChatFinishReason.Length;
            case "content_filter":
                return ChatFinishReason.ContentFilter;
            case { } other:
                return new ChatFinishReason(other);
        }

        string? status = response.Status?.Value;
        if (status is "failed" or "cancelled" or "in_progress" or "queued")
        {
            return null;
        }

        return anyFunctionCalls ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop;
    }

    internal static UsageDetails? Usage(ResponseUsage? usage) => usage is null ? null : new UsageDetails
    {
        InputTokenCount = usage.InputTokens,
        OutputTokenCount = usage.OutputTokens,
        TotalTokenCount = usage.TotalTokens ?? (usage.InputTokens + usage.OutputTokens),
        CachedInputTokenCount = usage.InputTokensDetails?.CachedTokens,
        ReasoningTokenCount = usage.OutputTokensDetails?.ReasoningTokens,
    };
}
