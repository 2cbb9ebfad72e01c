using System;

namespace FlexInference.Testing;

/// <summary>Which route and tier served, and why: the content of <c>usage.routing</c> and the two routing headers.</summary>
internal sealed record RoutingDecision
{
    /// <summary>The route that served (route naming: openai, google, anthropic, ...).</summary>
    public required string Provider { get; init; }

    /// <summary>The first route of the requested chain.</summary>
    public required string RequestedProvider { get; init; }

    /// <summary>The served tier as the provider reports it (<c>flex</c>, <c>default</c>, <c>standard</c>, <c>priority</c>).</summary>
    public required string Tier { get; init; }

    public required string Reason { get; init; }

    /// <summary>Legs tried before the one that served: 1 when a race fell back up (the flex leg), else 0.</summary>
    public int FallbackAttempts { get; init; }

    /// <summary>Simulated time the response headers are withheld.</summary>
    public TimeSpan HeadersWithheldFor { get; init; }

    /// <summary>Plans the serve: tier words go straight to their tier; a duration runs the race.</summary>
    public static RoutingDecision Plan(GenerationRequest request, FlexProfile profile, Random random)
    {
        string route = request.Chain[0];
        if (request.Window is not { } window)
        {
            return new RoutingDecision
            {
                Provider = route,
                RequestedProvider = route,
                Tier = TierNames.ForTierWord(request.Family, route, request.StartWithin),
                Reason = RaceOutcome.TierDirect,
            };
        }

        RaceOutcome outcome = FlexRace.Run(profile, window, random);
        return new RoutingDecision
        {
            Provider = route,
            RequestedProvider = route,
            Tier = outcome.FlexServed ? TierNames.Flex : TierNames.Standard(request.Family),
            Reason = outcome.Reason,
            FallbackAttempts = outcome.FlexServed ? 0 : 1,
            HeadersWithheldFor = outcome.DecidedAfter,
        };
    }
}
