using System;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using FlexInference.Routing;
using FlexInference.Streaming;
using FlexInference.Surfaces;

namespace FlexInference.Errors;

/// <summary>
/// Reads every error the server reports into one <see cref="FlexInferenceApiError"/>: a non-2xx body in any of the three
/// envelopes (or none), and the in-band failure frame of a stream. The error object is read through the generated records
/// (<see cref="OpenAIError"/>, <see cref="AnthropicError"/>, <see cref="GoogleError"/>, with <see cref="FlexErrorDetail"/>
/// for the <c>flexinference</c> block); the <c>flexinference</c> block fills what an envelope lacks. The client's own key is
/// masked wherever the server repeats it (<see cref="SecretRedactor"/>).
/// </summary>
internal static class ErrorReader
{
    /// <summary>The most of an error body the SDK reads; the rest is never buffered.</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>The most of a body an exception message quotes.</summary>
    public const int MaxQuotedChars = 4096;

    // The inner error records, the surface's own first: a body in another envelope is still read.
    private static readonly JsonTypeInfo[] InnerTypes =
        [FlexInferenceJsonContext.Default.OpenAIError, FlexInferenceJsonContext.Default.AnthropicError, FlexInferenceJsonContext.Default.GoogleError];

    /// <summary>A non-2xx body (at most <see cref="MaxBodyBytes"/> of it).</summary>
    public static FlexInferenceApiError FromBody(
        Surface surface, int status, string? reasonPhrase, ReadOnlySpan<byte> body, bool truncated, ResponseMetadata metadata, TimeSpan? retryAfter, SecretRedactor redactor)
    {
        ReadOnlySpan<byte> json = body.StartsWith("\uFEFF"u8) ? body.Slice(3) : body; // a UTF-8 BOM is not JSON
        string text = Encoding.UTF8.GetString(body);
        ErrorFields fields = default;
        string? serverMessage = null;
        if (Parse(json) is JsonObject root && Get(root, "error") is { } inner)
        {
            if (inner is JsonObject)
            {
                fields = Read(inner, InnerType(surface));
                serverMessage = fields.Message;
            }
            else
            {
                serverMessage = JsonText.String(inner); // {"error": "text"} from proxies
            }
        }

        string message = serverMessage is { Length: > 0 }
            ? Quote(serverMessage)
            : $"HTTP {status} {reasonPhrase}".TrimEnd() + (text.Length > 0 ? ": " + Quote(text) + (truncated ? " (body truncated)" : string.Empty) : " (empty body)");
        string suffix = fields.Code is null ? $"[HTTP {status}]" : $"[HTTP {status}, {fields.Code}]";
        return redactor.Redact(fields.ToError("FlexInference: " + message + " " + suffix, status, text) with { RequestId = metadata.RequestId, RetryAfter = retryAfter });
    }

    /// <summary>A stream's failure frame (status defaults to 502, code to <c>upstream_stream_failed</c>).</summary>
    public static FlexInferenceApiError FromStreamFrame(Surface surface, StreamVocabulary vocabulary, ReadOnlySpan<byte> data, SecretRedactor redactor)
    {
        JsonNode? root = Parse(data);
        string? eventType = vocabulary.EventType(root);
        JsonPointer at = vocabulary.ErrorAt(eventType);
        ErrorFields fields = at.Resolve(root) is JsonObject error ? Read(error, InnerType(surface)) : default;

        // An error read from the event itself (the Responses "error" event): its "type" names the event, not the error.
        if (at.Head is null)
        {
            fields = fields with { Type = null };
        }

        string code = fields.Code ?? FlexInferenceErrorCodes.UpstreamStreamFailed;
        int status = fields.Block?.Status ?? 502;
        string message = fields.Message ?? "the stream reported a failure without a message";
        return redactor.Redact((fields with { Code = code }).ToError(
            $"FlexInference: the stream failed after it started: {message} [HTTP {status}, {code}]. The text received so far is in TextSoFar.",
            status, Encoding.UTF8.GetString(data)));
    }

    /// <summary>The inner error record of the surface's envelope.</summary>
    private static JsonTypeInfo InnerType(Surface surface) => surface.Operation.ErrorType switch
    {
        JsonTypeInfo<AnthropicErrorEnvelope> => FlexInferenceJsonContext.Default.AnthropicError,
        JsonTypeInfo<GoogleErrorEnvelope> => FlexInferenceJsonContext.Default.GoogleError,
        _ => FlexInferenceJsonContext.Default.OpenAIError,
    };

    /// <summary>The error object through the generated records; one whose fields have other JSON types than the spec says keeps only its message.</summary>
    private static ErrorFields Read(JsonNode error, JsonTypeInfo preferred)
    {
        if (Deserialize(error, preferred) is { } typed)
        {
            return ErrorFields.From(typed);
        }

        foreach (JsonTypeInfo type in InnerTypes)
        {
            if (!ReferenceEquals(type, preferred) && Deserialize(error, type) is { } other)
            {
                return ErrorFields.From(other);
            }
        }

        return new ErrorFields { Message = JsonText.String(Get((JsonObject)error, "message")) };
    }

    private static object? Deserialize(JsonNode error, JsonTypeInfo type)
    {
        try
        {
            return error.Deserialize(type);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or NotSupportedException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static JsonNode? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null; // not JSON (a proxy's HTML page, say): the message quotes the body instead
        }
    }

    private static JsonNode? Get(JsonObject json, string name)
    {
        try
        {
            return json.TryGetPropertyValue(name, out JsonNode? value) ? value : null;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            return null; // a duplicate key or an undecodable name
        }
    }

    private static string Quote(string text) =>
        text.Length <= MaxQuotedChars ? text : text.Substring(0, MaxQuotedChars) + $"... ({text.Length - MaxQuotedChars} more characters)";
}
