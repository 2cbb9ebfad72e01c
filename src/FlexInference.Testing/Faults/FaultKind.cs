namespace FlexInference.Testing;

/// <summary>What a scripted <see cref="Fault"/> does to the request it applies to.</summary>
public enum FaultKind
{
    /// <summary>Answers with an HTTP error in the called surface's envelope (402, 429, 5xx, any status).</summary>
    ErrorResponse,

    /// <summary>Answers with exactly the given status, headers and body bytes.</summary>
    RawResponse,

    /// <summary>Answers with a body of a given number of bytes.</summary>
    OversizedBody,

    /// <summary>Waits before sending anything, then serves normally.</summary>
    StallBeforeHeaders,

    /// <summary>Sends the response headers, waits, then sends the body (or the stream) normally.</summary>
    StallAfterHeaders,

    /// <summary>On a stream: sends some events, waits, then continues normally.</summary>
    StallAfterEvents,

    /// <summary>On a stream: sends some events, then the surface's in-stream error frame as the last frame (HTTP stays 200).</summary>
    FailMidStream,

    /// <summary>On a stream: sends some events, then ends the response (or drops the connection) before the terminal event.</summary>
    TruncateStream,
}
