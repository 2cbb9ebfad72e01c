using System;
using System.Text;
using System.Text.Json;

namespace FlexInference.Internal;

/// <summary>
/// Reads an error body in any of the three envelopes (OpenAI, Anthropic, Google), or no envelope at all, into one
/// <see cref="FlexInferenceApiError"/>. The <c>flexinference</c> block fills what the envelope lacks.
/// </summary>
internal static class ErrorResponseReader
{
    /// <summary>The most of an error body the SDK reads; the rest is never buffered.</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>The most of a body an exception message quotes.</summary>
    public const int MaxQuotedChars = 4096;

    public static FlexInferenceApiError Read(int status, string? reasonPhrase, ReadOnlySpan<byte> body, bool truncated, ResponseMetadata metadata, TimeSpan? retryAfter)
    {
        string text = Encoding.UTF8.GetString(body);
        var error = new FlexInferenceApiError
        {
            Message = string.Empty,
            Status = status,
            RequestId = metadata.RequestId,
            RetryAfter = retryAfter,
            Body = text,
        };

        string? serverMessage = null;
        try
        {
            using JsonDocument document = JsonDocument.Parse(body.ToArray());
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out JsonElement inner))
            {
                if (inner.ValueKind == JsonValueKind.Object)
                {
                    error = FromEnvelope(error, inner);
                    serverMessage = String(inner, "message");
                }
                else if (inner.ValueKind == JsonValueKind.String)
                {
                    serverMessage = inner.GetString(); // {"error": "text"} from proxies
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): the message quotes the body instead.
        }

        string message = serverMessage is { Length: > 0 }
            ? Quote(serverMessage)
            : $"HTTP {status} {reasonPhrase}".TrimEnd() + (text.Length > 0 ? ": " + Quote(text) + (truncated ? " (body truncated)" : string.Empty) : " (empty body)");
        string suffix = error.Code is null ? $"[HTTP {status}]" : $"[HTTP {status}, {error.Code}]";
        return error with { Message = "FlexInference: " + message + " " + suffix };
    }

    private static FlexInferenceApiError FromEnvelope(FlexInferenceApiError error, JsonElement inner)
    {
        JsonElement block = inner.TryGetProperty("flexinference", out JsonElement value) && value.ValueKind == JsonValueKind.Object ? value : default;
        bool hasBlock = block.ValueKind == JsonValueKind.Object;

        // OpenAI and Anthropic name the category "type"; Google puts its canonical status string in "status".
        string? type = String(inner, "type") ?? String(inner, "status");
        return error with
        {
            Code = String(inner, "code") ?? (hasBlock ? String(block, "code") : null),
            Type = type,
            Param = String(inner, "param"),
            DocUrl = String(inner, "doc_url") ?? (hasBlock ? String(block, "doc_url") : null),
            ErrorClass = hasBlock ? String(block, "class") : null,
            Origin = hasBlock ? String(block, "origin") : null,
            Provider = hasBlock ? String(block, "provider") : null,
            ProviderCode = hasBlock ? String(block, "provider_code") : null,
            Retryable = hasBlock && block.TryGetProperty("retryable", out JsonElement retryable) && retryable.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? retryable.GetBoolean()
                : null,
        };
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Quote(string text) =>
        text.Length <= MaxQuotedChars ? text : text.Substring(0, MaxQuotedChars) + $"... ({text.Length - MaxQuotedChars} more characters)";
}
