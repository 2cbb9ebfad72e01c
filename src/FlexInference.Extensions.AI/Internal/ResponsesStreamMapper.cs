using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace FlexInference.Extensions.AI.Internal;

/// <summary>A Responses event stream as <see cref="ChatResponseUpdate"/>s, one per event (the event is its raw representation).</summary>
internal static class ResponsesStreamMapper
{
    public static async IAsyncEnumerable<ChatResponseUpdate> ToUpdatesAsync(
        ResponseStream stream, string? conversationId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using ResponseStream owned = stream;
        string? responseId = null;
        string? modelId = null;
        string? messageId = null;
        DateTimeOffset? createdAt = null;
        bool anyFunctionCalls = false;

        await foreach (ResponseStreamEvent e in TaskAsyncEnumerableExtensions.WithCancellation(owned, cancellationToken).ConfigureAwait(false))
        {
            // Events already buffered would otherwise still be delivered after the caller cancelled.
            cancellationToken.ThrowIfCancellationRequested();

            // Snapshot events carry the response's identity; every update after them repeats it, as M.E.AI expects.
            Response? terminal = e.TryGetResponseCompletedEvent(out ResponseCompletedEvent? completed) ? completed.Response
                : e.TryGetResponseIncompleteEvent(out ResponseIncompleteEvent? incomplete) ? incomplete.Response
                : null;
            Response? snapshot = terminal
                ?? (e.TryGetResponseCreatedEvent(out ResponseCreatedEvent? created) ? created.Response
                : e.TryGetResponseInProgressEvent(out ResponseInProgressEvent? inProgress) ? inProgress.Response
                : null);
            if (snapshot is not null)
            {
                responseId = snapshot.Id;
                modelId = snapshot.Model ?? modelId;
                createdAt = JsonValues.FromUnixSeconds(snapshot.CreatedAt) ?? createdAt;
            }

            if (e.TryGetResponseOutputItemAddedEvent(out ResponseOutputItemAddedEvent? added) && added.Item is { } addedItem
                && addedItem.TryGetOutputMessage(out OutputMessage? addedMessage))
            {
                messageId = addedMessage.Id;
            }

            var update = new ChatResponseUpdate
            {
                Role = ChatRole.Assistant,
                ResponseId = responseId,
                MessageId = messageId,
                ConversationId = conversationId is null ? null : responseId,
                ModelId = modelId,
                CreatedAt = createdAt,
                RawRepresentation = e,
                AdditionalProperties = new AdditionalPropertiesDictionary { [FlexInferenceChatKeys.Routing] = owned.Routing },
            };

            if (e.TryGetResponseTextDeltaEvent(out ResponseTextDeltaEvent? delta))
            {
                update.Contents.Add(new TextContent(delta.Delta ?? string.Empty));
            }
            else if (e.TryGetResponseReasoningSummaryTextDeltaEvent(out ResponseReasoningSummaryTextDeltaEvent? summary))
            {
                update.Contents.Add(new TextReasoningContent(summary.Delta ?? string.Empty));
            }
            else if (e.TryGetResponseReasoningTextDeltaEvent(out ResponseReasoningTextDeltaEvent? reasoning))
            {
                update.Contents.Add(new TextReasoningContent(reasoning.Delta ?? string.Empty));
            }
            else if (e.TryGetResponseRefusalDoneEvent(out ResponseRefusalDoneEvent? refusal))
            {
                update.Contents.Add(new ErrorContent(refusal.Refusal ?? string.Empty) { ErrorCode = "refusal" });
            }
            else if (e.TryGetResponseOutputItemDoneEvent(out ResponseOutputItemDoneEvent? done) && done.Item is { } doneItem
                && doneItem.TryGetFunctionToolCall(out FunctionToolCall? call))
            {
                // The call is complete only when its item is done: the argument deltas before it are partial JSON.
                anyFunctionCalls = true;
                FunctionCallContent content = JsonValues.FunctionCall(call.CallId, call.Name, call.Arguments);
                content.RawRepresentation = call;
                update.Contents.Add(content);
            }
            else if (terminal is not null)
            {
                // Response-level, not message content: without a message id, ToChatResponse() scopes this update's
                // AdditionalProperties (the final route, with the cost) to the response rather than to the last message.
                update.MessageId = null;
                update.FinishReason = ResponsesResultMapper.FinishReason(terminal, anyFunctionCalls);
                if (ResponsesResultMapper.Usage(terminal.Usage) is { } usage)
                {
                    update.Contents.Add(new UsageContent(usage));
                }
            }

            yield return update;
        }
    }
}
