using System.Text.Json.Nodes;

namespace FlexInference.Testing;

/// <summary>Wraps an <see cref="ErrorSpec"/> in the envelope of the surface that was called (§5.1).</summary>
internal static class ErrorEnvelopes
{
    /// <summary>The whole error body for an HTTP error answer.</summary>
    public static JsonObject Body(EnvelopeKind envelope, ErrorSpec error) => envelope switch
    {
        EnvelopeKind.Anthropic => new JsonObject { ["type"] = "error", ["error"] = AnthropicError(error) },
        EnvelopeKind.Google => new JsonObject { ["error"] = GoogleError(error) },
        _ => new JsonObject { ["error"] = OpenAIError(error) },
    };

    /// <summary><c>{message, type, code, param, doc_url, flexinference}</c>.</summary>
    public static JsonObject OpenAIError(ErrorSpec error) => new()
    {
        ["message"] = error.Message,
        ["type"] = error.OpenAIType,
        ["code"] = error.Code is null ? error.ProviderCode : error.Code,
        ["param"] = error.Param,
        ["doc_url"] = error.DocUrl,
        ["flexinference"] = Detail(error),
    };

    /// <summary><c>{type, message, flexinference}</c> (inside <c>{"type":"error","error":…}</c>).</summary>
    public static JsonObject AnthropicError(ErrorSpec error) => new()
    {
        ["type"] = EnvelopeVocabulary.AnthropicType(error.Status),
        ["message"] = error.Message,
        ["flexinference"] = Detail(error),
    };

    /// <summary><c>{code: &lt;HTTP status&gt;, message, status, flexinference}</c>.</summary>
    public static JsonObject GoogleError(ErrorSpec error) => new()
    {
        ["code"] = error.Status,
        ["message"] = error.Message,
        ["status"] = EnvelopeVocabulary.GoogleStatus(error.Status),
        ["flexinference"] = Detail(error),
    };

    /// <summary>The <c>FlexErrorDetail</c> block, byte-identical on every surface.</summary>
    public static JsonObject Detail(ErrorSpec error) => new()
    {
        ["code"] = error.Code,
        ["class"] = error.ErrorClass,
        ["origin"] = error.Origin,
        ["status"] = error.Status,
        ["provider"] = error.Provider,
        ["provider_code"] = error.ProviderCode,
        ["retryable"] = error.Retryable,
        ["doc_url"] = error.DocUrl,
    };
}
