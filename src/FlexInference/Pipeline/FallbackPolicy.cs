using System;
using FlexInference.Surfaces;
using FlexInference.Validation;

namespace FlexInference.Pipeline;

/// <summary>
/// The client fallback (<see cref="FlexFallbackPolicy"/>): once the retry loop has its final error, decides whether the
/// call is sent once more with <c>start_within</c> set to a tier word, and builds that call. The trigger list lives
/// here and only here (docs/fallback.md repeats it).
/// </summary>
internal static class FallbackPolicy
{
    /// <summary>
    /// The router codes that mean "flex cannot be used for this model, route or account", in their canonical spelling
    /// (the catalogue maps <c>model_not_flex_capable</c> to <c>flex_model_not_capable</c>). Every HTTP 402 triggers too,
    /// whatever its code: billing pauses flex while free standard routing keeps working. Codes that only mean "not now"
    /// (429, 5xx) are the retry loop's; <c>flex_slots_full</c> is no error at all (the router serves standard itself).
    /// </summary>
    public static readonly string[] TriggerCodes =
    [
        FlexInferenceErrorCodes.FlexModelNotCapable,
        FlexInferenceErrorCodes.FlexUnsupportedForAnthropic,
        FlexInferenceErrorCodes.FlexUnsupportedOnCloud,
        FlexInferenceErrorCodes.UnsupportedModel,
    ];

    /// <summary>Whether <paramref name="error"/> is a refusal the fallback answers.</summary>
    public static bool IsTrigger(FlexInferenceApiError error) =>
        error.Status == 402 || (CanonicalCode(error) is { } code && Array.IndexOf(TriggerCodes, code) >= 0);

    /// <summary>The code in its catalogue spelling (an alias becomes its code).</summary>
    public static string? CanonicalCode(FlexInferenceApiError error) =>
        FlexInferenceErrorCatalog.TryGet(error.Code, out FlexInferenceErrorCodeInfo? info) ? info.Code : error.Code;

    /// <summary>
    /// The call to send instead of failing with <paramref name="error"/>, or null. <paramref name="whyNot"/> says why a
    /// fallback that would otherwise apply was not sent (for the final error's message); it is null when none applies.
    /// </summary>
    public static ApiCall? Plan(
        CallContext context, FlexInferenceApiError error, FlexFallbackPolicy? clientPolicy, bool startWithinRequired, int retries, int maxRetries,
        out ClientFallback? fallback, out string? whyNot)
    {
        fallback = null;
        whyNot = null;
        ApiCall call = context.Call;
        FlexFallbackPolicy? policy = call.Options?.FlexFallback ?? clientPolicy;
        if (policy is not { Enabled: true } || context.Fallback is not null || call.Body is null
            || call.Facts?.StartWithin is not { IsDuration: true } requested || !IsTrigger(error))
        {
            return null;
        }

        string tier = policy.Tier.Value;
        if (maxRetries == 0)
        {
            whyNot = $" Not sent again at start_within \"{tier}\" (FlexFallback): MaxRetries = 0 means this call is sent exactly once.";
            return null;
        }

        if (retries >= maxRetries)
        {
            whyNot = $" Not sent again at start_within \"{tier}\" (FlexFallback): the call's retry budget (MaxRetries = {maxRetries}) is spent.";
            return null;
        }

        if (context.Clock.Remaining is { } left && left <= TimeSpan.Zero)
        {
            whyNot = $" Not sent again at start_within \"{tier}\" (FlexFallback): the call's TotalTimeout is spent.";
            return null;
        }

        byte[]? body = RequestBody.WithStartWithin(call.Body, tier);
        if (body is null)
        {
            return null;
        }

        RequestFacts facts;
        try
        {
            facts = RequestValidator.Validate(body, call.Surface, startWithinRequired);
        }
        catch (FlexInferenceValidationException invalid)
        {
            whyNot = $" Not sent again at start_within \"{tier}\" (FlexFallback), because that request would be refused: {invalid.Message}";
            return null;
        }

        fallback = new ClientFallback { RequestedStartWithin = requested, Tier = policy.Tier, Status = error.Status, Code = CanonicalCode(error) };
        return call with { Body = body, Facts = facts };
    }

    /// <summary>What the final error of a call that fell back says about it.</summary>
    public static string Note(ClientFallback fallback) =>
        $" The client had sent it again at start_within \"{fallback.Tier.Value}\" (FlexFallback) after the flex race \"{fallback.RequestedStartWithin.Value}\" " +
        $"was refused with HTTP {fallback.Status}{(fallback.Code is null ? string.Empty : " " + fallback.Code)}.";
}
