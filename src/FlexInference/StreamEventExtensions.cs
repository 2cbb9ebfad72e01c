using System.Diagnostics.CodeAnalysis;

namespace FlexInference;

/// <summary>Pattern helpers for the streamed text of each surface (api-contract.md §6 "Helper notes").</summary>
public static class StreamEventExtensions
{
    /// <summary>Whether the event is <c>response.output_text.delta</c>, and its text.</summary>
    public static bool IsOutputTextDelta(this ResponseStreamEvent streamEvent, [NotNullWhen(true)] out string? delta)
    {
        delta = streamEvent is not null && streamEvent.TryGetResponseTextDeltaEvent(out ResponseTextDeltaEvent? text) ? text.Delta : null;
        return delta is not null;
    }

    /// <summary>Whether the chunk carries text for the first choice (<c>choices[0].delta.content</c>), and the text.</summary>
    public static bool IsTextDelta(this CreateChatCompletionStreamResponse chunk, [NotNullWhen(true)] out string? delta)
    {
        delta = null;
        foreach (ChatCompletionStreamChoice choice in chunk?.Choices ?? [])
        {
            if ((choice.Index ?? 0) == 0)
            {
                delta = choice.Delta?.Content;
                break;
            }
        }

        return delta is not null;
    }

    /// <summary>Whether the event is a <c>step.delta</c> of type <c>text</c>, and its text.</summary>
    public static bool IsTextDelta(this InteractionStreamEvent streamEvent, [NotNullWhen(true)] out string? delta)
    {
        delta = streamEvent is not null && streamEvent.TryGetInteractionStepDeltaEvent(out InteractionStepDeltaEvent? step) && step.Delta is { } content
            && (content.Type is null || content.Type == InteractionDeltaType.Text) ? content.Text : null;
        return delta is not null;
    }

    /// <summary>Whether the event is a <c>content_block_delta</c> with a <c>text_delta</c>, and its text.</summary>
    public static bool IsTextDelta(this MessageStreamEvent streamEvent, [NotNullWhen(true)] out string? delta)
    {
        delta = streamEvent is not null && streamEvent.TryGetMessageContentBlockDeltaEvent(out MessageContentBlockDeltaEvent? block) && block.Delta is { } content
            && content.TryGetMessageTextDelta(out MessageTextDelta? text) ? text.Text : null;
        return delta is not null;
    }
}
