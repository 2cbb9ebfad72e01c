using System;

namespace FlexInference;

/// <summary>The router could not be reached, or the connection broke before a complete response arrived.</summary>
public sealed class FlexInferenceConnectionException : FlexInferenceException
{
    /// <summary>Creates the exception.</summary>
    public FlexInferenceConnectionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
