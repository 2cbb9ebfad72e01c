using System;

namespace FlexInference;

/// <summary>
/// A request was refused on this machine, before any byte was sent, because the router would refuse it too.
/// The message says what is wrong, why, how to fix it, and shows a value that works.
/// </summary>
/// <remarks>An <see cref="ArgumentException"/>: it is a bug in the calling code, not a service failure.</remarks>
public sealed class FlexInferenceValidationException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, why, how to fix it, with an example.</param>
    /// <param name="paramName">The request field at fault, such as <c>start_within</c>.</param>
    /// <param name="code">The router's error code for the same mistake, such as <c>missing_start_within</c>.</param>
    public FlexInferenceValidationException(string message, string? paramName, string? code)
        : base(message, paramName) => Code = code;

    /// <summary>The router's error code for the same mistake (see <see cref="FlexInferenceErrorCodes"/>), when it has one.</summary>
    public string? Code { get; }
}
