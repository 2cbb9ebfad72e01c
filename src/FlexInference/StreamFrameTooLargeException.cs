using System;

namespace FlexInference;

/// <summary>
/// One server-sent event grew past <see cref="FlexInferenceClientOptions.MaxStreamFrameBytes"/> without an event
/// boundary. The SDK stops reading instead of buffering without bound.
/// </summary>
public sealed class StreamFrameTooLargeException : FlexInferenceException
{
    /// <summary>Creates the exception.</summary>
    public StreamFrameTooLargeException(long limit)
        : base($"FlexInference: a stream event grew past {limit} bytes without an event boundary, so reading stopped instead of buffering without bound. " +
               "If the server really sends events that large, raise MaxStreamFrameBytes, for example to 32 * 1024 * 1024.") => Limit = limit;

    /// <summary>The limit that was exceeded, in bytes.</summary>
    public long Limit { get; }
}
