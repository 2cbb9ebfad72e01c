using System;
using System.Globalization;

namespace FlexInference.Testing;

/// <summary>Everything a surface needs to render one served answer: the request, the routing decision, the answer, ids.</summary>
internal sealed record ServeContext
{
    public required GenerationRequest Request { get; init; }

    public required RoutingDecision Routing { get; init; }

    public required Completion Completion { get; init; }

    /// <summary>The request's sequence number; ids derive from it, so they are stable across runs.</summary>
    public required int Sequence { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public long CreatedUnixSeconds => CreatedAt.ToUnixTimeSeconds();

    /// <summary>A deterministic id such as <c>resp_sim000007</c>.</summary>
    public string Id(string prefix) => prefix + "sim" + Sequence.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>Whether FlexInference fields (usage.cost, usage.routing) belong in a stream: only with include_cost (§6).</summary>
    public bool StreamCarriesFlexFields => Request.IncludeCost;
}
