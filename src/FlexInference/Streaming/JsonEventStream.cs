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

    private protected override string? TextDelta(JsonObject item) => _surface switch
    {
        ApiSurface.Responses when Text(item["type"]) == "response.output_text.delta" => Text(item["delta"]),
        ApiSurface.ChatCompletions when item["choices"] is JsonArray { Count: > 0 } choices => Text(choices[0]?["delta"]?["content"]),
        ApiSurface.Interactions when Text(item["event_type"]) == "step.delta" && Text(item["delta"]?["type"]) is null or "text" => Text(item["delta"]?["text"]),
        ApiSurface.Messages when Text(item["type"]) == "content_block_delta" && Text(item["delta"]?["type"]) == "text_delta" => Text(item["delta"]?["text"]),
        _ => null,
    };

    private protected override ResultFacts Facts() => _facts;

    private protected override void Accumulate(JsonObject item)
    {
        // Only for telemetry: model, id and tokens sit in the wrapped object (Responses, Interactions, Anthropic's
        // message_start) or in an event that carries a model or usage itself (chat chunks, Anthropic's message_delta).
        if (Observed && (item["response"] ?? item["interaction"] ?? item["message"] ?? (item["model"] is null && item["usage"] is null ? null : item)) is JsonObject carrier)
        {
            _facts = _facts.Merge(ResultFacts.FromJson(carrier));
        }

        // The usage frame of each surface carries the body's routing and cost (with include_cost: true).
        JsonNode? usage = _surface switch
        {
            ApiSurface.Responses => item["response"]?["usage"],
            ApiSurface.Interactions => item["interaction"]?["usage"],
            _ => item["usage"],
        };
        if (usage is JsonObject)
        {
            (UsageRouting? routing, UsageCost? cost) = RawJson.RoutingAndCost(usage);
            string? tier = Text(item["service_tier"]) ?? Text(item["response"]?["service_tier"]);
            UpdateRouting(tier is null ? (ServiceTier?)null : new ServiceTier(tier), routing, cost);
        }
    }

    private static string? Text(JsonNode? node) => RawJson.Text(node);
}
