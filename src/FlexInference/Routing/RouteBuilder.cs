using System;
using System.Collections.Generic;
using System.Globalization;

namespace FlexInference.Routing;

/// <summary>Builds the route report from what the body said and the router's headers, body first.</summary>
internal static class RouteBuilder
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    // A server's date outside what DateTimeOffset holds is garbage, not a reason to fail the call.
    private static readonly long MinUnixMs = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxUnixMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public static ServedRoute Build(in ResultFacts facts, ResponseMetadata? metadata)
    {
        string? Header(string name) => metadata is not null && metadata.Headers.TryGetValue(name, out string? value) ? value : null;

        UsageRouting? routing = facts.Routing;
        UsageCost? cost = facts.Cost;
        string? reason = Header("x-flexinference-routing-reason");
        string? pricing = Header("x-flexinference-pricing");
        string? headerCost = Header("x-flexinference-cost");
        return new ServedRoute
        {
            ServiceTier = facts.ServiceTier,
            Provider = routing?.Provider ?? Header("x-flexinference-served-provider"),
            RequestedProvider = routing?.RequestedProvider,
            Tier = routing?.Tier,
            Reason = routing?.Reason ?? (reason is null ? (RoutingReason?)null : new RoutingReason(reason)),
            FallbackAttempts = routing?.FallbackAttempts,
            Mode = routing?.Mode ?? (pricing is null ? (RoutingMode?)null : new RoutingMode(pricing)),
            CostMicroUsd = cost?.TotalMicroUsd ?? Long(headerCost),
            Currency = cost?.Currency ?? (headerCost is null ? null : "USD"),
            RouterRetries = (int?)Long(Header("x-flexinference-retries")),
            SpendRemaining = Header("x-flexinference-spend-remaining"),
            SpendAsOf = Long(Header("x-flexinference-spend-as-of")) is { } ms && ms >= MinUnixMs && ms <= MaxUnixMs ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            RequestId = metadata?.RequestId,
            TimeToFirstByte = metadata?.TimeToFirstByte,
            Headers = metadata?.Headers ?? NoHeaders,
            ClientFallback = metadata?.Fallback,
        };
    }

    private static long? Long(string? text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) ? value : null;
}
