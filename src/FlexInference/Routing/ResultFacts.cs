namespace FlexInference.Routing;

/// <summary>
/// What an answer says about how it was served and what it was (tier, <c>usage.routing</c>, <c>usage.cost</c>, model,
/// id, token counts), read once per result; the route report and telemetry are made from it. Never content.
/// </summary>
/// <param name="ServiceTier">The tier the body reports.</param>
/// <param name="Routing">The body's <c>usage.routing</c>.</param>
/// <param name="Cost">The body's <c>usage.cost</c>.</param>
/// <param name="Model">The answer's <c>model</c>.</param>
/// <param name="Id">The answer's <c>id</c>.</param>
/// <param name="InputTokens">Input tokens, cached ones included (Anthropic reports those apart).</param>
/// <param name="OutputTokens">Output tokens.</param>
internal readonly record struct ResultFacts(
    ServiceTier? ServiceTier, UsageRouting? Routing, UsageCost? Cost, string? Model, string? Id, long? InputTokens, long? OutputTokens)
{
    /// <summary>A later fact wins over an earlier one; a missing one keeps the earlier (a stream learns them in pieces).</summary>
    public ResultFacts Merge(ResultFacts later) => new(
        later.ServiceTier ?? ServiceTier, later.Routing ?? Routing, later.Cost ?? Cost, later.Model ?? Model, later.Id ?? Id,
        later.InputTokens ?? InputTokens, later.OutputTokens ?? OutputTokens);

    /// <summary>Anthropic counts cache reads and writes apart from <c>input_tokens</c>; all three were input.</summary>
    public static long? AnthropicInput(MessageUsage? usage) =>
        usage?.InputTokens is { } input ? input + (usage.CacheReadInputTokens ?? 0) + (usage.CacheCreationInputTokens ?? 0) : null;
}
