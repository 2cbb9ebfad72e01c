using System;
using System.Text.Json;

namespace FlexInference.Internal;

/// <summary>What an event means for the stream as a whole.</summary>
internal enum StreamEventKind
{
    /// <summary>An ordinary event: deliver it.</summary>
    Event,

    /// <summary>A keep-alive (<c>ping</c>): not delivered on typed streams.</summary>
    Skip,

    /// <summary>The last event of a successful stream: deliver it, then stop.</summary>
    Terminal,

    /// <summary>The in-stream failure frame: raise <see cref="StreamFailedException"/> instead of delivering it.</summary>
    Failure,
}

/// <summary>
/// Each surface's stream vocabulary (api-contract.md §6): which event ends the stream and which one reports a failure.
/// Read from the top-level properties alone, so raw and typed streams share it.
/// </summary>
internal static class StreamProtocol
{
    public static StreamEventKind Classify(ApiSurface surface, ReadOnlySpan<byte> data)
    {
        if (surface == ApiSurface.ChatCompletions)
        {
            // A healthy chunk may carry "error": null; only an error object is a failure. Nearly every chunk is a
            // delta that cannot hold an "error" key at all (the word is absent, and no \u escape could spell it), so
            // only the others are tokenised (classification is on the hot path of every event).
            if (data.IndexOf("error"u8) < 0 && data.IndexOf("\\u"u8) < 0)
            {
                return StreamEventKind.Event;
            }

            return ErrorIsObject(data) ? StreamEventKind.Failure : StreamEventKind.Event;
        }

        // The other surfaces name the event in a top-level type property, which servers write first: read up to it
        // and compare in place, without tokenising the rest of the event or allocating the name. The first type wins,
        // as in the generated unions, which pick the event class by the same property.
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return StreamEventKind.Event;
        }

        ReadOnlySpan<byte> typeName = surface == ApiSurface.Interactions ? "event_type"u8 : "type"u8;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isType = reader.ValueTextEquals(typeName);
            reader.Read();
            if (isType && reader.TokenType == JsonTokenType.String)
            {
                return KindOf(surface, ref reader);
            }

            reader.Skip();
        }

        return StreamEventKind.Event;
    }

    private static StreamEventKind KindOf(ApiSurface surface, ref Utf8JsonReader type) => surface switch
    {
        ApiSurface.Responses when type.ValueTextEquals("response.completed"u8) || type.ValueTextEquals("response.incomplete"u8) => StreamEventKind.Terminal,
        ApiSurface.Responses when type.ValueTextEquals("response.failed"u8) || type.ValueTextEquals("error"u8) => StreamEventKind.Failure,
        ApiSurface.Responses => StreamEventKind.Event,
        ApiSurface.Interactions when type.ValueTextEquals("interaction.completed"u8) => StreamEventKind.Terminal,
        ApiSurface.Interactions when type.ValueTextEquals("error"u8) => StreamEventKind.Failure,
        ApiSurface.Interactions => StreamEventKind.Event,
        _ when type.ValueTextEquals("message_stop"u8) => StreamEventKind.Terminal,
        _ when type.ValueTextEquals("ping"u8) => StreamEventKind.Skip,
        _ when type.ValueTextEquals("error"u8) => StreamEventKind.Failure,
        _ => StreamEventKind.Event,
    };

    /// <summary>Reads a failure frame into the error it reports (status defaults to 502, code to <c>upstream_stream_failed</c>).</summary>
    public static FlexInferenceApiError ReadFailure(ApiSurface surface, ReadOnlySpan<byte> data)
    {
        using JsonDocument document = JsonDocument.Parse(data.ToArray());
        JsonElement root = document.RootElement;
        JsonElement error = surface switch
        {
            ApiSurface.Responses when String(root, "type") == "response.failed" => Path(root, "response", "error"),
            ApiSurface.Responses => root, // the "error" event carries code/message at the top level
            _ => Path(root, "error"),
        };

        JsonElement block = Path(error, "flexinference");
        string? code = String(error, "code") ?? String(block, "code") ?? FlexInferenceErrorCodes.UpstreamStreamFailed;
        int status = block.ValueKind == JsonValueKind.Object && block.TryGetProperty("status", out JsonElement statusValue) && statusValue.TryGetInt32(out int parsed) ? parsed : 502;
        string message = String(error, "message") ?? "the stream reported a failure without a message";
        return new FlexInferenceApiError
        {
            Message = $"FlexInference: the stream failed after it started: {message} [HTTP {status}, {code}]. The text received so far is in TextSoFar.",
            Status = status,
            Code = code,
            // The Responses "error" event carries its fields at the top level, where "type" names the event, not the error.
            Type = surface == ApiSurface.Responses && String(root, "type") == "error" ? null : String(error, "type") ?? String(error, "status"),
            Param = String(error, "param"),
            DocUrl = String(error, "doc_url") ?? String(block, "doc_url"),
            ErrorClass = String(block, "class"),
            Origin = String(block, "origin"),
            Provider = String(block, "provider"),
            ProviderCode = String(block, "provider_code"),
            Retryable = block.ValueKind == JsonValueKind.Object && block.TryGetProperty("retryable", out JsonElement retryable)
                && retryable.ValueKind is JsonValueKind.True or JsonValueKind.False ? retryable.GetBoolean() : null,
            Body = System.Text.Encoding.UTF8.GetString(data),
        };
    }

    /// <summary>Whether the last top-level "error" property of a chat chunk holds an object.</summary>
    private static bool ErrorIsObject(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        bool errorIsObject = false;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isError = reader.ValueTextEquals("error"u8);
            reader.Read();
            if (isError)
            {
                errorIsObject = reader.TokenType == JsonTokenType.StartObject;
            }

            reader.Skip();
        }

        return errorIsObject;
    }

    private static JsonElement Path(JsonElement element, params string[] names)
    {
        foreach (string name in names)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return default;
            }
        }

        return element;
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
