using System;
using System.Collections.Generic;

namespace FlexInference;

/// <summary>
/// How the router served a call: the tier, the routing decision, the cost, and the router's headers. Built from the
/// body (<c>service_tier</c>, <c>usage.routing</c>, <c>usage.cost</c>) and the <c>x-flexinference-*</c> headers,
/// body first; get it with <c>result.GetRouting()</c>, no second call needed.
/// </summary>
public sealed record ServedRoute
{
    /// <summary>The tier that served the request (<c>service_tier</c>), e.g. <see cref="ServiceTier.Flex"/>.</summary>
    public ServiceTier? ServiceTier { get; init; }

    /// <summary>The route that served it (<c>usage.routing.provider</c> or <c>x-flexinference-served-provider</c>).</summary>
    public string? Provider { get; init; }

    /// <summary>The route the request asked for first.</summary>
    public string? RequestedProvider { get; init; }

    /// <summary>The tier name the router recorded (<c>usage.routing.tier</c>).</summary>
    public string? Tier { get; init; }

    /// <summary>Why this route served (<c>flex_won</c>, <c>flex_deadline</c>, ...); unknown reasons are kept, informational.</summary>
    public RoutingReason? Reason { get; init; }

    /// <summary>How many routes failed before this one committed.</summary>
    public int? FallbackAttempts { get; init; }

    /// <summary>Whose keys paid: <c>byok</c> or <c>managed</c> (<c>usage.routing.mode</c> or <c>x-flexinference-pricing</c>).</summary>
    public RoutingMode? Mode { get; init; }

    /// <summary>The cost in micro-USD (<c>usage.cost.total_micro_usd</c> or <c>x-flexinference-cost</c>); null when unpriced.</summary>
    public long? CostMicroUsd { get; init; }

    /// <summary>The cost's currency (USD).</summary>
    public string? Currency { get; init; }

    /// <summary>The cost in US dollars, from <see cref="CostMicroUsd"/>.</summary>
    public decimal? CostUsd => CostMicroUsd / 1_000_000m;

    /// <summary>How many retries the router spent (<c>x-flexinference-retries</c>).</summary>
    public int? RouterRetries { get; init; }

    /// <summary><c>unlimited</c> or a signed micro-USD amount (<c>x-flexinference-spend-remaining</c>).</summary>
    public string? SpendRemaining { get; init; }

    /// <summary>When <see cref="SpendRemaining"/> was measured (<c>x-flexinference-spend-as-of</c>).</summary>
    public DateTimeOffset? SpendAsOf { get; init; }

    /// <summary>The request id from the response headers, for support.</summary>
    public string? RequestId { get; init; }

    /// <summary>From sending the request to the response headers (includes the flex race). Null for a result not produced by this client.</summary>
    public TimeSpan? TimeToFirstByte { get; init; }

    /// <summary>The <c>x-flexinference-*</c> and request-id headers, as received (names lower-cased).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Set when the client, not the router, changed the tier: the flex race was refused (HTTP 402 or a flex-capability
    /// code) and <see cref="FlexFallbackPolicy"/> sent the same body again at a tier word. Null otherwise.
    /// </summary>
    public ClientFallback? ClientFallback { get; init; }

    /// <summary>Whether the flex tier served the request.</summary>
    public bool IsFlex => ServiceTier == FlexInference.ServiceTier.Flex;
}
