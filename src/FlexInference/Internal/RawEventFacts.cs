using System.Text.Json.Nodes;

namespace FlexInference.Internal;

/// <summary>
/// What a raw stream event says in each surface's vocabulary: its text delta and, on the usage frame, the route facts.
/// Shared by the raw-JSON stream and the stream of a caller's own event type.
/// </summary>
internal static class RawEventFacts
{
    public static string? TextDelta(ApiSurface surface, JsonObject item) => surface switch
    {
        ApiSurface.Responses when Text(item["type"]) == "response.output_text.delta" => Text(item["delta"]),
        ApiSurface.ChatCompletions when item["choices"] is JsonArray { Count: > 0 } choices => Text(choices[0]?["delta"]?["content"]),
        ApiSurface.Interactions when Text(item["event_type"]) == "step.delta" && Text(item["delta"]?["type"]) is null or "text" => Text(item["delta"]?["text"]),
        ApiSurface.Messages when Text(item["type"]) == "content_block_delta" && Text(item["delta"]?["type"]) == "text_delta" => Text(item["delta"]?["text"]),
        _ => null,
    };

    /// <summary>The route facts of the surface's usage frame, or null for any other event.</summary>
    public static BodyRouting? Routing(ApiSurface surface, JsonObject item)
    {
        // The usage frame of each surface carries the body's routing and cost (with include_cost: true).
        JsonNode? usage = surface switch
        {
            ApiSurface.Responses => item["response"]?["usage"],
            ApiSurface.Interactions => item["interaction"]?["usage"],
            _ => item["usage"],
        };
        if (usage is not JsonObject)
        {
            return null;
        }

        (UsageRouting? routing, UsageCost? cost) = RawJson.RoutingAndCost(usage);
        string? tier = Text(item["service_tier"]) ?? Text(item["response"]?["service_tier"]);
        return new BodyRouting(tier is null ? (ServiceTier?)null : new ServiceTier(tier), routing, cost);
    }

    private static string? Text(JsonNode? node) => RawJson.Text(node);
}
