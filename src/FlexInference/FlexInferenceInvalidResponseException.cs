using System;

namespace FlexInference;

/// <summary>The server answered 2xx, but the body is not what the endpoint returns (not JSON, the wrong shape, too large).</summary>
public sealed class FlexInferenceInvalidResponseException : FlexInferenceException
{
    /// <summary>Creates the exception.</summary>
    public FlexInferenceInvalidResponseException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
