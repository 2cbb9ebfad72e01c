using System;

namespace FlexInference;

/// <summary>One of the client's clocks ran out. The caller's own cancellation is never reported this way.</summary>
public sealed class FlexInferenceTimeoutException : FlexInferenceException
{
    /// <summary>Creates the exception.</summary>
    public FlexInferenceTimeoutException(FlexInferenceClock clock, TimeSpan limit, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Clock = clock;
        Limit = limit;
    }

    /// <summary>Which clock fired.</summary>
    public FlexInferenceClock Clock { get; }

    /// <summary>The limit that was exceeded.</summary>
    public TimeSpan Limit { get; }
}
