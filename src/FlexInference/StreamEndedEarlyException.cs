using System;

namespace FlexInference;

/// <summary>
/// The connection closed before the stream's terminal event (<c>[DONE]</c>, <c>response.completed</c>,
/// <c>interaction.completed</c>, <c>message_stop</c>). Events already delivered stay delivered.
/// </summary>
public sealed class StreamEndedEarlyException : FlexInferenceException
{
    /// <summary>Creates the exception.</summary>
    public StreamEndedEarlyException(string message, string textSoFar, Exception? innerException = null)
        : base(message, innerException) => TextSoFar = textSoFar ?? string.Empty;

    /// <summary>The text that arrived before the stream ended.</summary>
    public string TextSoFar { get; }
}
