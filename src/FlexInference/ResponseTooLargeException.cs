using System;

namespace FlexInference;

/// <summary>
/// A non-streaming response body grew past <see cref="FlexInferenceClientOptions.MaxResponseBytes"/> (counted after
/// decompression). The SDK stops reading instead of buffering without bound; nothing is retried.
/// </summary>
public sealed class ResponseTooLargeException : FlexInferenceException
{
    /// <summary>Creates the exception.</summary>
    public ResponseTooLargeException(long limit)
        : base($"FlexInference: the response body is larger than {limit} bytes (after decompression), so reading stopped instead of buffering without bound. " +
               "Check that the base URL points at the router; if a real answer is that large, raise MaxResponseBytes, for example to 256 * 1024 * 1024.") => Limit = limit;

    /// <summary>The limit that was exceeded, in bytes.</summary>
    public long Limit { get; }
}
