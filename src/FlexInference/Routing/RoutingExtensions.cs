using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlexInference.Internal;

namespace FlexInference;

/// <summary><c>GetRouting()</c>: the served-route report of any result, from its body and the headers it came with.</summary>
public static class RoutingExtensions
{
    /// <summary>How the router served this Responses call.</summary>
    public static ServedRoute GetRouting(this Response response) =>
        Build(Check(response).ServiceTier, response.Usage?.Routing, response.Usage?.Cost, ResponseMetadataStore.Get(response));

    /// <summary>How the router served this chat completion.</summary>
    public static ServedRoute GetRouting(this CreateChatCompletionResponse completion) =>
        Build(Check(completion).ServiceTier, completion.Usage?.Routing, completion.Usage?.Cost, ResponseMetadataStore.Get(completion));

    /// <summary>How the router served this interaction.</summary>
    public static ServedRoute GetRouting(this InteractionObject interaction) =>
        Build(Check(interaction).ServiceTier, interaction.Usage?.Routing, interaction.Usage?.Cost, ResponseMetadataStore.Get(interaction));

    /// <summary>How the router served this message (Anthropic reports the tier in <c>usage.service_tier</c> too).</summary>
    public static ServedRoute GetRouting(this MessageObject message) =>
        Build(Check(message).ServiceTier ?? message.Usage?.ServiceTier, message.Usage?.Routing, message.Usage?.Cost, ResponseMetadataStore.Get(message));

    /// <summary>How the router served a raw-JSON call (any of the four formats).</summary>
    public static ServedRoute GetRouting(this JsonObject body)
    {
        JsonNode? usage = Check(body)["usage"];
        string? tier = RawJson.Text(body["service_tier"]) ?? RawJson.Text(usage?["service_tier"]);
        (UsageRouting? routing, UsageCost? cost) = RawJson.RoutingAndCost(usage);
        return Build(tier is null ? (ServiceTier?)null : new ServiceTier(tier), routing, cost, ResponseMetadataStore.Get(body));
    }

    /// <summary>The route report of any result the client returns; from the headers alone when there is no result yet (a stream).</summary>
    internal static ServedRoute For(object? result, ResponseMetadata? metadata) => result switch
    {
        Response response => response.GetRouting(),
        CreateChatCompletionResponse completion => completion.GetRouting(),
        InteractionObject interaction => interaction.GetRouting(),
        MessageObject message => message.GetRouting(),
        JsonObject json => json.GetRouting(),
        // A caller-typed result (your own generated record): its route facts were read from the body on arrival.
        not null when BodyRoutingStore.Get(result) is { } body => Build(body.ServiceTier, body.Routing, body.Cost, metadata ?? ResponseMetadataStore.Get(result)),
        _ => Build(null, null, null, metadata),
    };

    /// <summary>
    /// How the router served a call whose result is your own type (sent with the <c>CreateAsync</c> overloads that
    /// take your <c>JsonTypeInfo</c>s): the route facts were read from the body when it arrived, and merged with the
    /// headers, exactly as for the SDK's own types.
    /// </summary>
    /// <typeparam name="T">Your response type.</typeparam>
    /// <param name="result">The object a FlexInference client call returned.</param>
    /// <exception cref="InvalidOperationException">
    /// <paramref name="result"/> did not come from a client call (it was built or deserialised by your code), so there
    /// is no route report for it.
    /// </exception>
    public static ServedRoute GetRouting<T>(this T result)
        where T : class
    {
        BodyRouting body = BodyRoutingStore.Get(Check(result)) ?? throw new InvalidOperationException(
            $"FlexInference: this {typeof(T).Name} did not come from a FlexInference client call, so it has no route report. " +
            "GetRouting() works on the object a call returned, for example " +
            "client.Responses.CreateAsync(request, MyJsonContext.Default.CreateResponse, MyJsonContext.Default.Response); " +
            "a copy made with 'with', or an object deserialised by your own code, carries no report.");
        return Build(body.ServiceTier, body.Routing, body.Cost, ResponseMetadataStore.Get(result));
    }

    internal static ServedRoute Build(ServiceTier? tier, UsageRouting? routing, UsageCost? cost, ResponseMetadata? metadata)
    {
        string? Header(string name) => metadata is not null && metadata.Headers.TryGetValue(name, out string? value) ? value : null;

        string? reason = Header("x-flexinference-routing-reason");
        string? pricing = Header("x-flexinference-pricing");
        return new ServedRoute
        {
            ServiceTier = tier,
            Provider = routing?.Provider ?? Header("x-flexinference-served-provider"),
            RequestedProvider = routing?.RequestedProvider,
            Tier = routing?.Tier,
            Reason = routing?.Reason ?? (reason is null ? (RoutingReason?)null : new RoutingReason(reason)),
            FallbackAttempts = routing?.FallbackAttempts,
            Mode = routing?.Mode ?? (pricing is null ? (RoutingMode?)null : new RoutingMode(pricing)),
            CostMicroUsd = cost?.TotalMicroUsd ?? Long(Header("x-flexinference-cost")),
            Currency = cost?.Currency ?? (Header("x-flexinference-cost") is null ? null : "USD"),
            RouterRetries = (int?)Long(Header("x-flexinference-retries")),
            SpendRemaining = Header("x-flexinference-spend-remaining"),
            SpendAsOf = Long(Header("x-flexinference-spend-as-of")) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            RequestId = metadata?.RequestId,
            TimeToFirstByte = metadata?.TimeToFirstByte,
            Headers = metadata?.Headers ?? new System.Collections.Generic.Dictionary<string, string>(),
        };
    }

    private static long? Long(string? text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) ? value : null;

    private static T Check<T>(T value)
        where T : class => value ?? throw new ArgumentNullException(nameof(value));
}
