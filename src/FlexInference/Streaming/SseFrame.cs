namespace FlexInference.Streaming;

/// <summary>One parsed server-sent event: what it means for the stream, the event itself, or the failure it reports.</summary>
internal readonly record struct SseFrame<TEvent>(StreamEventKind Kind, TEvent? Event, FlexInferenceApiError? Error, bool IsDone = false)
    where TEvent : class
{
    /// <summary>The <c>data: [DONE]</c> sentinel.</summary>
    public static readonly SseFrame<TEvent> Done = new(StreamEventKind.Terminal, null, null, IsDone: true);
}
