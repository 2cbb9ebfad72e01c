using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlexInference.Internal;
using FlexInference.Internal.Telemetry;

namespace FlexInference;

/// <summary>
/// A stream of raw JSON events, exactly as the server sent them: every event is delivered, keep-alives and event
/// types this SDK does not know included. The failure frame still raises <see cref="StreamFailedException"/>.
/// </summary>
public sealed class JsonEventStream : FlexInferenceStream<JsonObject>
{
    private readonly ApiSurface _surface;
    private ResultFacts _facts;

    internal JsonEventStream(StreamingResponse response)
        : base(response) => _surface = response.Surface;

    private protected override bool IncludeSkipped => true;

    private protected override JsonObject ParseEvent(ReadOnlySpan<byte> data) =>
        JsonNode.Parse(data) as JsonObject ?? throw new JsonException("A stream event is not a JSON object.");

    private protected override string? TextDelta(JsonObject item) => RawEventFacts.TextDelta(_surface, item);

    private protected override ResultFacts Facts() => _facts;

    private protected override void Accumulate(JsonObject item)
    {
        if (Observed)
        {
            _facts = _facts.Merge(ResultFacts.FromStreamEvent(item));
        }

        // The usage frame of each surface carries the body's routing and cost (with include_cost: true).
        if (RawEventFacts.Routing(_surface, item) is { } facts)
        {
            UpdateRouting(facts.ServiceTier, facts.Routing, facts.Cost);
        }
    }
}
