namespace FlexInference.Testing;

/// <summary>
/// The tier name a provider reports for what served (§4 table): OpenAI says <c>default</c>/<c>priority</c>/<c>flex</c>,
/// Gemini <c>standard</c>/<c>priority</c>/<c>flex</c>, Anthropic always <c>standard</c>. Cloud routes are standard-only.
/// </summary>
internal static class TierNames
{
    public const string Flex = "flex";

    /// <summary>The provider's word for its standard real-time tier (what a race falls back up to).</summary>
    public static string Standard(string family) => family == ProviderRoutes.OpenAI ? "default" : "standard";

    /// <summary>The served tier for a tier word (<c>default</c>, <c>priority</c>, <c>auto</c>) on a route.</summary>
    public static string ForTierWord(string family, string route, string tierWord)
    {
        if (family == ProviderRoutes.Anthropic || ProviderRoutes.IsStandardOnly(route))
        {
            // Anthropic reports "standard" even when sent standard_only or auto (§3.4); cloud routes have no other tier.
            return Standard(family);
        }

        // OpenAI's "auto" normally lands on its default tier; Gemini never gets "auto" (rejected earlier).
        return tierWord == "priority" ? "priority" : Standard(family);
    }
}
