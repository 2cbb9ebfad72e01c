using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlexInference.Internal;

/// <summary>Small readers over raw JSON results, shared by the raw-JSON helpers and the raw event stream.</summary>
internal static class RawJson
{
    /// <summary>The string a node holds, or null when it is absent or not a string.</summary>
    public static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    /// <summary>The typed <c>routing</c> and <c>cost</c> blocks of a raw <c>usage</c> object.</summary>
    public static (UsageRouting? Routing, UsageCost? Cost) RoutingAndCost(JsonNode? usage)
    {
        UsageRouting? routing = usage?["routing"] is JsonObject routingNode ? routingNode.Deserialize(FlexInferenceJsonContext.Default.UsageRouting) : null;
        UsageCost? cost = usage?["cost"] is JsonObject costNode && costNode["total_micro_usd"] is not null
            ? costNode.Deserialize(FlexInferenceJsonContext.Default.UsageCost)
            : null;
        return (routing, cost);
    }
}
