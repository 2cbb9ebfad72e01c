using System.Text.Json.Nodes;

namespace FlexInference.Testing;

/// <summary>The FlexInference additions to a surface's usage object: <c>usage.routing</c> and <c>usage.cost</c> (§3.6, §7).</summary>
internal static class UsageJson
{
    public static JsonObject Routing(RoutingDecision routing) => new()
    {
        ["provider"] = routing.Provider,
        ["requested_provider"] = routing.RequestedProvider,
        ["tier"] = routing.Tier,
        ["reason"] = routing.Reason,
        ["fallback_attempts"] = routing.FallbackAttempts,
        ["mode"] = "byok",
    };

    /// <summary>The cost block, or null for an unpriced serve (which has no cost at all).</summary>
    public static JsonObject? Cost(Completion completion) => completion.CostMicroUsd is { } micro
        ? new JsonObject { ["total_micro_usd"] = micro, ["currency"] = "USD" }
        : null;

    /// <summary>Adds routing and (when priced) cost to <paramref name="usage"/>.</summary>
    public static JsonObject WithFlexFields(this JsonObject usage, ServeContext context, bool include)
    {
        if (!include)
        {
            return usage;
        }

        if (Cost(context.Completion) is { } cost)
        {
            usage["cost"] = cost;
        }

        usage["routing"] = Routing(context.Routing);
        return usage;
    }
}
