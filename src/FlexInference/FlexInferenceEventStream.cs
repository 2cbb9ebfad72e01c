using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using FlexInference.Routing;
using FlexInference.Streaming;

namespace FlexInference;

/// <summary>
/// A stream whose events are read into your own event type (for example one generated from a newer spec into your
/// namespace) through your <see cref="JsonTypeInfo{T}"/>. Every event is delivered, keep-alives included, as with
/// <see cref="JsonEventStream"/>; <see cref="FlexInferenceStream{TEvent}.Routing"/>, the text helpers and the failure
/// frame (<see cref="StreamFailedException"/>) work as on the SDK's own streams.
/// </summary>
/// <typeparam name="TEvent">Your event type.</typeparam>
public sealed class FlexInferenceEventStream<TEvent> : FlexInferenceStream<TEvent>
    where TEvent : class
{
    private readonly JsonTypeInfo<TEvent> _eventType;
    private readonly RawEventFacts _facts;

    // The raw view of the event just parsed: the SSE parser parses an event, then it is handled, one at a time, so
    // the text delta and route facts are read from this (the caller's type is opaque to the SDK).
    private JsonObject? _current;

    internal FlexInferenceEventStream(StreamingResponse response, JsonTypeInfo<TEvent> eventType)
        : base(response)
    {
        _eventType = eventType;
        _facts = new RawEventFacts(response);
    }

    private protected override bool IncludeSkipped => true;

    private protected override TEvent ParseEvent(ReadOnlySpan<byte> data)
    {
        _current = JsonNode.Parse(data) as JsonObject ?? throw new JsonException("A stream event is not a JSON object.");
        return JsonSerializer.Deserialize(data, _eventType) ?? throw new JsonException("A stream event is JSON null.");
    }

    private protected override string? TextDelta(TEvent item) => _current is null ? null : _facts.TextDelta(_current);

    private protected override ResultFacts Facts() => _facts.Current;

    private protected override void Accumulate(TEvent item)
    {
        if (_current is not null && _facts.Add(_current, Observed) is { } route)
        {
            UpdateRouting(route.ServiceTier, route.Routing, route.Cost);
        }
    }
}
