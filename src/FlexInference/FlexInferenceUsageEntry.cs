namespace FlexInference;

/// <summary>
/// One line of a <see cref="FlexInferenceUsageSnapshot"/>: the served answers of one model at one served tier, as the
/// attached <see cref="FlexInferenceUsageLedger"/> counted them.
/// </summary>
public sealed record FlexInferenceUsageEntry
{
    /// <summary>The model id the requests named (<c>gpt-5.5</c>), or <c>*</c> on <see cref="FlexInferenceUsageSnapshot.Total"/>.</summary>
    public required string Model { get; init; }

    /// <summary>
    /// The tier that served them (<c>service_tier</c>: <c>flex</c>, <c>default</c>, <c>priority</c>, ...), <c>unknown</c> when the
    /// answer named none, or <c>*</c> on <see cref="FlexInferenceUsageSnapshot.Total"/>.
    /// </summary>
    public required string ServedTier { get; init; }

    /// <summary>How many answers were served.</summary>
    public long Requests { get; init; }

    /// <summary>Input tokens the answers reported (cached ones included).</summary>
    public long InputTokens { get; init; }

    /// <summary>Output tokens the answers reported.</summary>
    public long OutputTokens { get; init; }

    /// <summary>What the router charged, in micro-USD (<c>usage.cost</c> or <c>x-flexinference-cost</c>); unpriced answers add 0.</summary>
    public long CostMicroUsd { get; init; }

    /// <summary>The charge in US dollars, from <see cref="CostMicroUsd"/>.</summary>
    public decimal CostUsd => CostMicroUsd / 1_000_000m;

    /// <summary>How many of the answers came from the client fallback's resend (<see cref="ServedRoute.ClientFallback"/>).</summary>
    public long ClientFallbacks { get; init; }

    /// <summary>How many of the answers the flex tier served (the race was won).</summary>
    public long FlexWins { get; init; }
}
