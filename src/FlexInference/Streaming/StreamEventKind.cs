namespace FlexInference.Streaming;

/// <summary>What an event means for the stream as a whole.</summary>
internal enum StreamEventKind
{
    /// <summary>An ordinary event: deliver it.</summary>
    Event,

    /// <summary>A keep-alive (<c>ping</c>): not delivered on typed streams.</summary>
    Skip,

    /// <summary>The last event of a successful stream: deliver it, then stop.</summary>
    Terminal,

    /// <summary>The in-stream failure frame: raise <see cref="StreamFailedException"/> instead of delivering it.</summary>
    Failure,
}
