namespace FlexInference.Validation;

/// <summary>The one rule of a <see cref="FlexFallbackPolicy"/>, on the client's options and on <see cref="RequestOptions"/>.</summary>
internal static class FallbackRule
{
    /// <param name="policy">The policy, or null (nothing to check).</param>
    /// <param name="owner">Where it is set: "" for the client's options, "RequestOptions." for a call's.</param>
    public static void Check(FlexFallbackPolicy? policy, string owner = "")
    {
        if (policy is not { Enabled: true })
        {
            return;
        }

        StartWithin tier = policy.Tier;
        if (!tier.IsValid || tier.IsDuration)
        {
            string shown = tier.Value.Length == 0 ? "empty" : $"\"{tier.Value}\"";
            throw new FlexInferenceValidationException(
                $"FlexInference: {owner}FlexFallback.Tier must be a tier word (\"default\", \"priority\" or \"auto\"), but it is {shown}: the fallback " +
                "is sent because a flex race could not run, so it cannot be another race. Set it to a word, for example " +
                "FlexFallback = FlexFallbackPolicy.ToDefault, or new FlexFallbackPolicy { Tier = StartWithin.Priority }.",
                "FlexFallback", FlexInferenceErrorCodes.InvalidStartWithin);
        }
    }
}
