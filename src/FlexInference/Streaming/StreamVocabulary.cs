using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlexInference.Routing;
using FlexInference.Surfaces;

namespace FlexInference.Streaming;

/// <summary>
/// A surface's stream vocabulary (the descriptor's <c>stream</c> shape, api-contract.md §6), encoded once: which event
/// ends the stream, which reports a failure, which is a keep-alive, where the text delta and the usage frame's route
/// facts sit. Classification reads the top-level properties alone, so raw and typed streams share it.
/// </summary>
internal sealed class StreamVocabulary
{
    private static readonly JsonPointer DefaultErrorAt = new("/error");

    private readonly byte[]? _eventType;
    private readonly byte[]? _failureObject;
    private readonly byte[][] _terminal;
    private readonly byte[][] _failure;
    private readonly byte[][] _skip;
    private readonly Dictionary<string, JsonPointer> _errorAt = new(StringComparer.Ordinal);
    private readonly JsonPointer[] _facts;
    private readonly JsonPointer[] _usage;
    private readonly JsonPointer[] _serviceTier;
    private readonly string? _deltaEvent;
    private readonly JsonPointer _deltaPath;
    private readonly JsonPointer? _deltaWhen;
    private readonly IReadOnlyList<string?> _deltaWhenValues;

    public StreamVocabulary(FlexInferenceStreamShape shape)
    {
        EventTypeProperty = shape.EventType;
        _eventType = shape.EventType is null ? null : Encoding.UTF8.GetBytes(shape.EventType);
        _failureObject = shape.FailureObject is null ? null : Encoding.UTF8.GetBytes(shape.FailureObject);
        _terminal = Utf8(shape.Terminal);
        _failure = Utf8(shape.Failure);
        _skip = Utf8(shape.Skip);
        foreach (KeyValuePair<string, string> pair in shape.ErrorAt)
        {
            _errorAt[pair.Key] = new JsonPointer(pair.Value);
        }

        _facts = JsonPointer.All(shape.Facts);
        _usage = JsonPointer.All(shape.Usage);
        _serviceTier = JsonPointer.All(shape.ServiceTier);
        _deltaEvent = shape.TextDelta.Event;
        _deltaPath = new JsonPointer(shape.TextDelta.Path);
        _deltaWhen = shape.TextDelta.When is null ? null : new JsonPointer(shape.TextDelta.When);
        _deltaWhenValues = shape.TextDelta.WhenValues;
        StreamingDefaults = shape.StreamingDefaults is null ? null : JsonNode.Parse(shape.StreamingDefaults)!.AsObject();
    }

    /// <summary>The top-level property that names the event (<c>type</c>, <c>event_type</c>), or null when events are not named (chat).</summary>
    public string? EventTypeProperty { get; }

    /// <summary>Fields a streaming copy of the request adds when they are absent or null (<c>"stream": true</c> is always set).</summary>
    public JsonObject? StreamingDefaults { get; }

    public StreamEventKind Classify(ReadOnlySpan<byte> data)
    {
        if (_failureObject is not null)
        {
            // A healthy chunk may carry "error": null; only an object is a failure. Nearly every chunk cannot hold the key
            // at all (the word is absent, and no \u escape could spell it), so only the others are tokenised.
            return data.IndexOf(_failureObject) < 0 && data.IndexOf("\\u"u8) < 0 ? StreamEventKind.Event
                : LastPropertyIsObject(data, _failureObject) ? StreamEventKind.Failure : StreamEventKind.Event;
        }

        if (_eventType is null)
        {
            return StreamEventKind.Event;
        }

        // Servers write the event's name first: read up to it and compare in place, without tokenising the rest or
        // allocating the name. The first name wins, as in the generated unions, which pick the event class the same way.
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return StreamEventKind.Event;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isType = reader.ValueTextEquals(_eventType);
            reader.Read();
            if (isType && reader.TokenType == JsonTokenType.String)
            {
                return Matches(ref reader, _terminal) ? StreamEventKind.Terminal
                    : Matches(ref reader, _failure) ? StreamEventKind.Failure
                    : Matches(ref reader, _skip) ? StreamEventKind.Skip
                    : StreamEventKind.Event;
            }

            reader.Skip();
        }

        return StreamEventKind.Event;
    }

    /// <summary>Where a failure frame of this event type keeps its error object.</summary>
    public JsonPointer ErrorAt(string? eventType) =>
        eventType is not null && _errorAt.TryGetValue(eventType, out JsonPointer? pointer) ? pointer : DefaultErrorAt;

    /// <summary>The event's name, read leniently (null when unnamed or unreadable).</summary>
    public string? EventType(JsonNode? item) => EventTypeProperty is null ? null : JsonText.String(item is JsonObject json ? Get(json, EventTypeProperty) : null);

    /// <summary>The text a raw event adds, or null.</summary>
    public string? TextDelta(JsonObject item)
    {
        if (_deltaEvent is not null && EventType(item) != _deltaEvent)
        {
            return null;
        }

        if (_deltaWhen is not null && !Contains(_deltaWhenValues, _deltaWhen.String(item)))
        {
            return null;
        }

        return _deltaPath.String(item);
    }

    /// <summary>What a raw event says about the answer: model, id and tokens from the object it carries, route facts from its usage frame.</summary>
    /// <param name="item">The event.</param>
    /// <param name="result">The surface's answer pointers, applied to the object the event carries.</param>
    /// <param name="telemetry">Whether to read model, id and tokens too (only telemetry wants them).</param>
    public ResultFacts Facts(JsonObject item, ResultPointers result, bool telemetry)
    {
        ResultFacts facts = default;
        foreach (JsonPointer carrier in telemetry ? _facts : [])
        {
            if (carrier.Resolve(item) is JsonObject found && (Has(found, "model") || Has(found, "id") || Has(found, "usage")))
            {
                facts = result.ReadTelemetry(found);
                break;
            }
        }

        foreach (JsonPointer pointer in _usage)
        {
            if (pointer.Resolve(item) is JsonObject usage)
            {
                (UsageRouting? routing, UsageCost? cost, _) = ResultPointers.Blocks(usage);
                string? tier = null;
                foreach (JsonPointer tierPointer in _serviceTier)
                {
                    if ((tier = tierPointer.String(item)) is not null)
                    {
                        break;
                    }
                }

                return facts with { ServiceTier = tier is null ? (ServiceTier?)null : new ServiceTier(tier), Routing = routing, Cost = cost };
            }
        }

        return facts;
    }

    private static bool Contains(IReadOnlyList<string?> values, string? value)
    {
        foreach (string? candidate in values)
        {
            if (candidate == value)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Has(JsonObject json, string name) => Get(json, name) is not null;

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

    private static bool Matches(ref Utf8JsonReader reader, byte[][] names)
    {
        foreach (byte[] name in names)
        {
            if (reader.ValueTextEquals(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the last top-level property of that name holds an object.</summary>
    private static bool LastPropertyIsObject(ReadOnlySpan<byte> data, byte[] name)
    {
        var reader = new Utf8JsonReader(data);
        bool isObject = false;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool matches = reader.ValueTextEquals(name);
            reader.Read();
            if (matches)
            {
                isObject = reader.TokenType == JsonTokenType.StartObject;
            }

            reader.Skip();
        }

        return isObject;
    }

    private static byte[][] Utf8(IReadOnlyList<string> names)
    {
        var all = new byte[names.Count][];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = Encoding.UTF8.GetBytes(names[i]);
        }

        return all;
    }
}
