using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace FlexInference.Extensions.AI.Internal;

/// <summary>A chat-completion chunk stream as <see cref="ChatResponseUpdate"/>s, one per chunk (the chunk is its raw representation).</summary>
internal static class ChatCompletionsStreamMapper
{
    public static async IAsyncEnumerable<ChatResponseUpdate> ToUpdatesAsync(ChatCompletionStream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using ChatCompletionStream owned = stream;

        // Tool calls arrive in pieces keyed by index; they are complete only when the choice finishes (or the stream ends).
        var calls = new SortedDictionary<int, PendingCall>();
        ChatResponseUpdate? last = null;

        await foreach (CreateChatCompletionStreamResponse chunk in TaskAsyncEnumerableExtensions.WithCancellation(owned, cancellationToken).ConfigureAwait(false))
        {
            // Events already buffered would otherwise still be delivered after the caller cancelled.
            cancellationToken.ThrowIfCancellationRequested();

            var update = new ChatResponseUpdate
            {
                Role = ChatRole.Assistant,
                ResponseId = chunk.Id,
                MessageId = chunk.Id,
                ModelId = chunk.Model,
                CreatedAt = JsonValues.FromUnixSeconds(chunk.Created),
                RawRepresentation = chunk,
                AdditionalProperties = new AdditionalPropertiesDictionary { [FlexInferenceChatKeys.Routing] = owned.Routing },
            };

            ChatCompletionStreamChoice? choice = chunk.Choices is { Count: > 0 } choices ? choices[0] : null;
            if (choice is null)
            {
                // The usage chunk belongs to the response, not the message (see the tail below for why it matters).
                update.MessageId = null;
            }

            if (choice?.Delta is { } delta)
            {
                if (!string.IsNullOrEmpty(delta.Content))
                {
                    update.Contents.Add(new TextContent(delta.Content));
                }

                if (!string.IsNullOrEmpty(delta.Refusal))
                {
                    update.Contents.Add(new ErrorContent(delta.Refusal) { ErrorCode = "refusal" });
                }

                foreach (ChatCompletionMessageToolCallChunk piece in delta.ToolCalls ?? [])
                {
                    int index = piece.Index ?? 0;
                    if (!calls.TryGetValue(index, out PendingCall? pending))
                    {
                        calls[index] = pending = new PendingCall();
                    }

                    pending.Id ??= piece.Id;
                    pending.Name ??= piece.Function?.Name;
                    pending.Arguments.Append(piece.Function?.Arguments);
                }
            }

            if (choice?.FinishReason is { } finish && !string.IsNullOrEmpty(finish.Value))
            {
                update.FinishReason = ChatCompletionsResultMapper.FinishReason(finish);
                Complete(calls, update);
            }

            if (ChatCompletionsResultMapper.Usage(chunk.Usage) is { } usage)
            {
                update.Contents.Add(new UsageContent(usage));
            }

            last = update;
            yield return update;
        }

        // The last word belongs to the response: ToChatResponse() scopes the AdditionalProperties of updates with a
        // message id to the message, so the final route (with the cost) reaches ChatResponse only from an update
        // without one. It also delivers calls from a stream that ended without a finish reason.
        if (last is not null && (last.MessageId is not null || calls.Count > 0))
        {
            var tail = new ChatResponseUpdate
            {
                Role = ChatRole.Assistant,
                ResponseId = last.ResponseId,
                ModelId = last.ModelId,
                CreatedAt = last.CreatedAt,
                AdditionalProperties = new AdditionalPropertiesDictionary { [FlexInferenceChatKeys.Routing] = owned.Routing },
            };
            Complete(calls, tail);
            yield return tail;
        }
    }

    private static void Complete(SortedDictionary<int, PendingCall> calls, ChatResponseUpdate update)
    {
        foreach (PendingCall call in calls.Values.Where(call => call.Name is not null))
        {
            update.Contents.Add(JsonValues.FunctionCall(call.Id ?? Guid.NewGuid().ToString("N"), call.Name!, call.Arguments.ToString()));
        }

        calls.Clear();
    }

    private sealed class PendingCall
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public StringBuilder Arguments { get; } = new();
    }
}
