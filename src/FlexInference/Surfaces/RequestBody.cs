using System;
using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using FlexInference.Streaming;

namespace FlexInference.Surfaces;

/// <summary>The bytes a call sends: a typed request, the caller's raw JSON, and the streaming copy of either.</summary>
internal static class RequestBody
{
    public static byte[] Serialize<T>(T request, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(typeInfo);
        return JsonSerializer.SerializeToUtf8Bytes(request, typeInfo);
    }

    public static byte[] Serialize(JsonObject request)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Written as-is: the caller's object is read, never changed.
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            request.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// A copy of a body with <c>"stream": true</c> and the surface's streaming defaults (chat: usage in the last chunk)
    /// wherever those are absent or null, every other property kept in place and unchanged. A body that is not a JSON
    /// object is returned as it is: validation then refuses it with the same message as any call.
    /// </summary>
    public static byte[] ForStreaming(byte[] body, StreamVocabulary vocabulary)
    {
        JsonObject? defaults = vocabulary.StreamingDefaults;
        var buffer = new ArrayBufferWriter<byte>(body.Length + 64);
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return body;
            }

            using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            writer.WriteStartObject();
            bool wroteStream = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                if (name == "stream")
                {
                    if (!wroteStream)
                    {
                        writer.WriteBoolean("stream", true);
                        wroteStream = true;
                    }

                    reader.Skip();
                    continue;
                }

                if (defaults is not null && reader.TokenType == JsonTokenType.Null && defaults.TryGetPropertyValue(name, out JsonNode? value))
                {
                    writer.WritePropertyName(name);
                    value!.WriteTo(writer);
                    defaults = Without(defaults, name);
                    continue;
                }

                if (defaults is not null && defaults.ContainsKey(name))
                {
                    defaults = Without(defaults, name);
                }

                writer.WritePropertyName(name);
                writer.WriteRawValue(RawValue(body, ref reader), skipInputValidation: true);
            }

            if (!wroteStream)
            {
                writer.WriteBoolean("stream", true);
            }

            foreach (var (name, value) in defaults ?? [])
            {
                writer.WritePropertyName(name);
                value!.WriteTo(writer);
            }

            writer.WriteEndObject();
        }
        catch (JsonException)
        {
            return body; // not valid JSON: validation says what is wrong with it
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// A copy of a body whose top-level <c>start_within</c> value is replaced by the string <paramref name="startWithin"/>;
    /// every other byte (property order, spacing, escapes, the streaming copy's <c>"stream": true</c>) is kept exactly.
    /// Null when the body is not a JSON object with a <c>start_within</c> property.
    /// </summary>
    public static byte[]? WithStartWithin(byte[] body, string startWithin)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var copy = new ArrayBufferWriter<byte>(body.Length + 16);
            int copied = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isStartWithin = reader.ValueTextEquals("start_within"u8);
                reader.Read();
                int start = (int)reader.TokenStartIndex;
                reader.Skip();
                if (!isStartWithin)
                {
                    continue;
                }

                // Splice: the bytes before the value, then the new value; a later duplicate is replaced too.
                copy.Write(body.AsSpan(copied, start - copied));
                copy.Write(Quoted(startWithin));
                copied = (int)reader.BytesConsumed;
            }

            if (copied == 0)
            {
                return null;
            }

            copy.Write(body.AsSpan(copied));
            return copy.WrittenSpan.ToArray();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Tier words are validated lower-case ASCII ("default", "priority", "auto"): nothing to escape.
    private static byte[] Quoted(string value) => System.Text.Encoding.UTF8.GetBytes("\"" + value + "\"");

    /// <summary>The bytes of the value the reader is on, exactly as written.</summary>
    private static ReadOnlySpan<byte> RawValue(byte[] body, ref Utf8JsonReader reader)
    {
        int start = (int)reader.TokenStartIndex;
        reader.Skip();
        int end = (int)reader.BytesConsumed;
        return body.AsSpan(start, end - start);
    }

    private static JsonObject Without(JsonObject defaults, string name)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in defaults)
        {
            if (key != name)
            {
                copy[key] = value?.DeepClone();
            }
        }

        return copy;
    }
}
