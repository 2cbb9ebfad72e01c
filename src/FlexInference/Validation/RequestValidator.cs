using System;
using System.Collections.Generic;
using System.Text.Json;
using FlexInference.Surfaces;
using Rules = FlexInference.FlexInferenceRequestRules;

namespace FlexInference.Validation;

/// <summary>
/// The router's request rules, checked on this machine before any byte is sent (api-contract.md §8.4, §9, §11).
/// It reads the serialised body, so typed and raw calls share one implementation and the caller's object is never
/// touched. Unknown fields pass through unchecked.
/// </summary>
internal static class RequestValidator
{
    private const string Prefix = "FlexInference: ";

    // The shapes the messages quote, from the spec's rules; built once, not per call.
    private static readonly string Shape =
        $"{{\"count\": {Rules.RetryCountMinimum}-{Rules.RetryCountMaximum}, \"backoff\": {Quoted(Rules.RetryBackoffValues, " or ")}, \"jitter\": true or false}}";

    private static readonly string Routes = Quoted(Rules.ProviderRoutes, ", ");

    /// <summary>Validates a request body and returns what the transport needs from it.</summary>
    /// <exception cref="FlexInferenceValidationException">The router would refuse the request.</exception>
    public static RequestFacts Validate(ReadOnlySpan<byte> body, Surface surface, bool startWithinRequired)
    {
        BodyScan scan = BodyScan.Read(body, surface.Operation.RequiredFields);

        // Order follows the reference SDKs: model, start_within, retry, provider, include_cost, per-endpoint fields.
        string model = ValidateModel(scan);
        StartWithin? startWithin = ValidateStartWithin(scan, startWithinRequired);
        ValidateRetry(scan);
        ValidateProvider(scan);
        if (scan.IncludeCost is { } includeCost && includeCost != JsonValueKind.True && includeCost != JsonValueKind.False)
        {
            throw Fail("include_cost", null,
                $"include_cost must be a boolean, but it is {JsonKinds.Describe(includeCost)}. Send true to get usage.cost and usage.routing on streams too, for example \"include_cost\": true.");
        }

        ValidateRequiredFields(scan, surface.Operation.RequiredFields);
        if (scan.HasServiceTier)
        {
            throw Fail("service_tier", FlexInferenceErrorCodes.ServiceTierNotAllowed,
                "service_tier must not be sent: the router owns the tier and chooses it from start_within. " +
                "Remove service_tier (from AdditionalProperties or the raw body) and set start_within instead, " +
                "for example \"priority\" for the priority tier or \"00h-00m-30s\" for a 30-second flex race.");
        }

        ValidateModelTier(model, startWithin);
        return new RequestFacts(model, startWithin);
    }

    private static string ValidateModel(BodyScan scan)
    {
        string problem = scan.ModelKind switch
        {
            null => "it is missing",
            JsonValueKind.String when string.IsNullOrEmpty(scan.Model) => "it is empty",
            JsonValueKind.String => string.Empty,
            { } kind => "it is " + JsonKinds.Describe(kind),
        };
        if (problem.Length > 0)
        {
            throw Fail("model", FlexInferenceErrorCodes.MissingModel,
                $"model is required and must be a non-empty string, but {problem}: the router picks the provider from it. " +
                "Set it to a model id, for example \"gpt-5.5\", \"gemini-2.5-flash\" or \"claude-opus-4-8\".");
        }

        return scan.Model!;
    }

    private static StartWithin? ValidateStartWithin(BodyScan scan, bool required)
    {
        switch (scan.StartWithinKind)
        {
            case null when !required:
                return null;
            case null:
                throw Fail("start_within", FlexInferenceErrorCodes.MissingStartWithin,
                    "start_within is required on every request, and it is missing: it tells the router how long the request may wait for the cheaper flex tier. " +
                    "Set it to a tier word or a duration, for example \"default\" (StartWithin.Default) for standard-tier behaviour, or \"00h-00m-30s\" " +
                    "(StartWithin.Within(TimeSpan.FromSeconds(30))) for a 30-second flex race. If your API key carries a default start_within, " +
                    "set FlexInferenceClientOptions.AllowMissingStartWithin.");
            case JsonValueKind.String:
                string? error = StartWithin.Validate(scan.StartWithin);
                if (error is not null)
                {
                    throw Fail("start_within", FlexInferenceErrorCodes.InvalidStartWithin, error);
                }

                return StartWithin.Parse(scan.StartWithin!);
            default:
                throw Fail("start_within", FlexInferenceErrorCodes.InvalidStartWithin,
                    $"start_within must be a string, but it is {JsonKinds.Describe(scan.StartWithinKind.Value)}: the router reads a tier word or a duration. " +
                    "Send \"default\", \"priority\", \"auto\" or a duration \"HHh-MMm-SSs\", for example \"default\" or \"00h-00m-30s\".");
        }
    }

    private static void ValidateRetry(BodyScan scan)
    {
        const string Example = "for example \"retry\": {\"count\": 2, \"backoff\": \"exponential\"}";
        if (scan.RetryKind is null)
        {
            return;
        }

        if (scan.RetryKind != JsonValueKind.Object)
        {
            throw Fail("retry", null, $"retry must be an object {Shape}, but it is {JsonKinds.Describe(scan.RetryKind.Value)}. Fix it, {Example}.");
        }

        if (scan.RetryUnknownKey is { } unknown)
        {
            throw Fail("retry", null, $"retry has an unknown key \"{unknown}\": it accepts only {string.Join(", ", Rules.RetryKeys)}, {Shape}. Remove it, {Example}.");
        }

        if (scan.RetryCount is not { } count || count < Rules.RetryCountMinimum || count > Rules.RetryCountMaximum)
        {
            throw Fail("retry.count", null,
                $"retry.count must be an integer from {Rules.RetryCountMinimum} to {Rules.RetryCountMaximum} (the router's retries of a real 429, 5xx or connection failure), but it is {scan.RetryCountText ?? "missing"}. Fix it, {Example}.");
        }

        if (scan.RetryBackoffKind is { } backoffKind && (backoffKind != JsonValueKind.String || Array.IndexOf(Rules.RetryBackoffValues, scan.RetryBackoff) < 0))
        {
            throw Fail("retry.backoff", null,
                $"retry.backoff must be {Quoted(Rules.RetryBackoffValues, " or ")}, but it is {(backoffKind == JsonValueKind.String ? "\"" + scan.RetryBackoff + "\"" : JsonKinds.Describe(backoffKind))}. Fix it, {Example}.");
        }

        if (scan.RetryJitterKind is { } jitter && jitter != JsonValueKind.True && jitter != JsonValueKind.False)
        {
            throw Fail("retry.jitter", null, $"retry.jitter must be a boolean, but it is {JsonKinds.Describe(jitter)}. Fix it, for example \"retry\": {{\"count\": 2, \"jitter\": true}}.");
        }
    }

    private static void ValidateProvider(BodyScan scan)
    {
        const string Example = "for example \"provider\": [\"openai\", \"foundry\"]";
        if (scan.ProviderKind is null)
        {
            return;
        }

        if (scan.ProviderKind != JsonValueKind.Array)
        {
            throw Fail("provider", FlexInferenceErrorCodes.InvalidProviderChain,
                $"provider must be an array of routes (an ordered chain), but it is {JsonKinds.Describe(scan.ProviderKind.Value)}. Fix it, {Example}.");
        }

        List<string?> entries = scan.ProviderEntries;
        if (entries.Count < Rules.ProviderMinItems || entries.Count > Rules.ProviderMaxItems)
        {
            throw Fail("provider", FlexInferenceErrorCodes.InvalidProviderChain,
                $"provider must list {Rules.ProviderMinItems} to {Rules.ProviderMaxItems} routes, but it lists {entries.Count}: the router tries them in order and stops at {Rules.ProviderMaxItems}. Fix it, {Example}.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string? entry in entries)
        {
            if (entry is null || Array.IndexOf(Rules.ProviderRoutes, entry) < 0)
            {
                throw Fail("provider", FlexInferenceErrorCodes.InvalidProviderChain,
                    $"provider has an unknown route {(entry is null ? "(not a string)" : "\"" + entry + "\"")}: each entry must be one of {Routes}. Fix it, {Example}.");
            }

            if (!seen.Add(entry))
            {
                throw Fail("provider", FlexInferenceErrorCodes.InvalidProviderChain,
                    $"provider lists \"{entry}\" twice: each route may appear once in the chain. Remove the repeat, {Example}.");
            }
        }
    }

    /// <summary>The surface's required fields (the spec's <c>required</c>, with its <c>x-flexinference-hint</c> texts).</summary>
    private static void ValidateRequiredFields(BodyScan scan, IReadOnlyList<FlexInferenceRequiredField> required)
    {
        for (int i = 0; i < required.Count; i++)
        {
            FlexInferenceRequiredField field = required[i];
            if (scan.Required[i] is not { } kind)
            {
                throw Fail(field.Name, null,
                    $"{field.Name} is required for this endpoint, and it is missing: it is {field.Purpose}. {field.Fix}, for example {field.Example}.");
            }

            // Presence is all a field of several shapes (a $ref or oneOf) needs; a single-typed one must have that type.
            if (field.JsonType is { } type && JsonKinds.Name(kind) != type)
            {
                throw Fail(field.Name, null,
                    $"{field.Name} must be {field.Shape ?? JsonKinds.Article(type)}, but it is {JsonKinds.Describe(kind)}. Fix it, for example {field.Example}.");
            }
        }
    }

    private static void ValidateModelTier(string model, StartWithin? startWithin)
    {
        if (startWithin is not { } value)
        {
            return;
        }

        if (value.IsDuration && model.StartsWith("claude-", StringComparison.Ordinal))
        {
            throw Fail("start_within", FlexInferenceErrorCodes.FlexUnsupportedForAnthropic,
                $"start_within \"{value}\" asks for a flex race, but {model} is an Anthropic model and Anthropic has no flex tier. " +
                "Use \"default\", \"priority\" or \"auto\" with it, for example \"start_within\": \"default\", or choose a flex-capable model such as \"gpt-5.5\" for a race.");
        }

        if (value == StartWithin.Auto && model.StartsWith("gemini-", StringComparison.Ordinal))
        {
            throw Fail("start_within", FlexInferenceErrorCodes.AutoUnsupportedForGemini,
                $"start_within \"auto\" is not available for {model}: Gemini has no auto tier. " +
                "Use \"default\", \"priority\" or a duration, for example \"00h-00m-30s\".");
        }
    }

    private static string Quoted(string[] values, string separator) => "\"" + string.Join("\"" + separator + "\"", values) + "\"";

    private static FlexInferenceValidationException Fail(string field, string? code, string message) =>
        new(Prefix + message, field, code);
}
