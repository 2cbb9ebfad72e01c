namespace FlexInference.Testing;

/// <summary>
/// The per-envelope category words for an HTTP status. Only the 401 words are documented (§5.1); the rest follow
/// each vendor's own vocabulary, the contract's presumption (§10.5). Clients branch on the code, never on these.
/// </summary>
internal static class EnvelopeVocabulary
{
    /// <summary>The OpenAI-envelope <c>type</c> when the catalogue names none.</summary>
    public static string OpenAIType(int status) => status switch
    {
        401 => "authentication_error",
        402 => "billing_error",
        403 => "permission_error",
        429 => "rate_limit_error",
        >= 500 => "flexinference_error",
        _ => "invalid_request_error",
    };

    /// <summary>The Anthropic-envelope <c>error.type</c> (Anthropic's own words).</summary>
    public static string AnthropicType(int status) => status switch
    {
        401 => "authentication_error",
        402 => "billing_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        504 => "timeout_error",
        529 or 503 => "overloaded_error",
        >= 500 => "api_error",
        _ => "invalid_request_error",
    };

    /// <summary>The Google-envelope <c>error.status</c> (canonical codes; 402 and 413 have none, so the nearest is used).</summary>
    public static string GoogleStatus(int status) => status switch
    {
        401 => "UNAUTHENTICATED",
        402 => "FAILED_PRECONDITION",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        409 => "ABORTED",
        429 => "RESOURCE_EXHAUSTED",
        499 => "CANCELLED",
        501 => "UNIMPLEMENTED",
        502 or 503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        >= 500 => "INTERNAL",
        _ => "INVALID_ARGUMENT",
    };
}
