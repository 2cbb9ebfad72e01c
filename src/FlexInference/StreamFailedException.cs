using System;

namespace FlexInference;

/// <summary>
/// The stream started (HTTP 200) and then failed: the router or provider sent the surface's error frame as the last
/// event. <see cref="FlexInferenceApiException.Status"/> is the status the failure would have had before the stream
/// began; <see cref="TextSoFar"/> is all the text there will be.
/// </summary>
public sealed class StreamFailedException : FlexInferenceApiException
{
    /// <summary>Creates the exception.</summary>
    public StreamFailedException(FlexInferenceApiError error, string textSoFar, Exception? innerException = null)
        : base(error, innerException) => TextSoFar = textSoFar ?? string.Empty;

    /// <summary>The text that arrived before the failure.</summary>
    public string TextSoFar { get; }
}
