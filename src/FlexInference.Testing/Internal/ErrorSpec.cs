using System;

namespace FlexInference.Testing;

/// <summary>
/// Everything an error answer says, independent of the envelope it is wrapped in (the router keeps status, message
/// and the <c>flexinference</c> block identical across surfaces; only the wrapper differs).
/// </summary>
internal sealed record ErrorSpec
{
    public const string DocUrlBase = "https://flexinference.mintlify.app/errors#";

    public required int Status { get; init; }

    /// <summary>The FlexInference code, or null for a passed-through provider error.</summary>
    public string? Code { get; init; }

    public required string Message { get; init; }

    /// <summary>The <c>flexinference.class</c> value.</summary>
    public required string ErrorClass { get; init; }

    /// <summary>The OpenAI-envelope <c>type</c>.</summary>
    public required string OpenAIType { get; init; }

    public string? Param { get; init; }

    public string Origin { get; init; } = "flexinference";

    /// <summary>The provider the failure concerns (error-block naming: openai, gemini, anthropic), or null.</summary>
    public string? Provider { get; init; }

    public string? ProviderCode { get; init; }

    public bool Retryable { get; init; }

    /// <summary>The documentation link: set for catalogued codes, null for unknown codes and provider errors.</summary>
    public string? DocUrl { get; init; }

    /// <summary>When set, a <c>Retry-After</c> header in whole seconds.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
