using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlexInference.Routing;
using FlexInference.Streaming;

namespace FlexInference;

/// <summary>
/// A stream of raw JSON events, exactly as the server sent them: every event is delivered, keep-alives and event
/// types this SDK does not know included. The failure frame still raises <see cref="StreamFailedException"/>.
/// </summary>
public sealed class JsonEventStream : FlexInferenceStream<JsonObject>
{
    private readonly RawEventFacts _facts;

    internal JsonEventStream(StreamingResponse response)
        : base(response) => _facts = new RawEventFacts(response);

    private protected override bool IncludeSkipped => true;

    private protected override JsonObject ParseEvent(ReadOnlySpan<byte> data) =>
        JsonNode.Parse(data) as JsonObject ?? throw new JsonException("A stream event is not a JSON object.");

    private protected override string? TextDelta(JsonObject item) => _facts.TextDelta(item);

    private protected override ResultFacts Facts() => _facts.Current;

    private protected override void Accumulate(JsonObject item)
    {
        if (_facts.Add(item, Observed) is { } route)
        {
            UpdateRouting(route.ServiceTier, route.Routing, route.Cost);
        }
    }
}
