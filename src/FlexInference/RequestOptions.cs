using System;

namespace FlexInference;

/// <summary>Per-call overrides of the client's clocks and retries. Anything left null uses the client's options.</summary>
public sealed record RequestOptions
{
    /// <summary>
    /// The wait for response headers. When set, it wins over the automatic raise for a flex race
    /// (otherwise <c>max(FirstByteTimeout, window + 30 s)</c>).
    /// </summary>
    public TimeSpan? FirstByteTimeout { get; init; }

    /// <summary>The time allowed to read a non-streaming body after the headers arrived.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The longest silence allowed between two stream events.</summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>How many times this call may be sent again after a retryable failure; overrides <see cref="FlexInferenceClientOptions.MaxRetries"/>.</summary>
    public int? MaxRetries { get; init; }

    /// <summary>
    /// The budget of this call: every attempt, every backoff wait and, for a stream, every event until the end. Overrides
    /// <see cref="FlexInferenceClientOptions.TotalTimeout"/>; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> removes
    /// the client's budget for this call.
    /// </summary>
    public TimeSpan? TotalTimeout { get; init; }

    /// <summary>
    /// The client fallback for this call; overrides <see cref="FlexInferenceClientOptions.FlexFallback"/>.
    /// <see cref="FlexFallbackPolicy.Off"/> turns it off for this call (a body you do not want resent at another tier);
    /// null uses the client's.
    /// </summary>
    public FlexFallbackPolicy? FlexFallback { get; init; }
}
