using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlexInference.Internal;

namespace FlexInference;

/// <summary>
/// A stream of raw JSON events, exactly as the server sent them: every event is delivered, keep-alives and event
/// types this SDK does not know included. The failure frame still raises <see cref="StreamFailedException"/>.
/// </summary>
public sealed class JsonEventStream : FlexInferenceStream<JsonObject>
{
    private readonly ApiSurface _surface;

    internal JsonEventStream(StreamingResponse response)
        : base(response) => _surface = response.Surface;

    private protected override bool IncludeSkipped => true;

    private protected override JsonObject ParseEvent(ReadOnlySpan<byte> data) =>
        JsonNode.Parse(data) as JsonObject ?? throw new JsonException("A stream event is not a JSON object.");

    private protected override string? TextDelta(JsonObject item) => RawEventFacts.TextDelta(_surface, item);

    private protected override void Accumulate(JsonObject item)
    {
        if (RawEventFacts.Routing(_surface, item) is { } facts)
        {
            UpdateRouting(facts.ServiceTier, facts.Routing, facts.Cost);
        }
    }
}
