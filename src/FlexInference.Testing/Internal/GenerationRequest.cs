using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace FlexInference.Testing;

/// <summary>A generation request that passed the router's validation.</summary>
internal sealed record GenerationRequest
{
    public required Surface Surface { get; init; }

    public required JsonObject Body { get; init; }

    public required string Model { get; init; }

    /// <summary>The model's family and direct route: openai, google or anthropic.</summary>
    public required string Family { get; init; }

    /// <summary>The raw <c>start_within</c> value.</summary>
    public required string StartWithin { get; init; }

    /// <summary>The flex window of a duration; null for a tier word.</summary>
    public TimeSpan? Window { get; init; }

    /// <summary>The route chain: the <c>provider</c> field, or the model's direct route.</summary>
    public required IReadOnlyList<string> Chain { get; init; }

    public bool Stream { get; init; }

    /// <summary><c>include_cost: true</c>: cost and routing ride the stream's usage frame.</summary>
    public bool IncludeCost { get; init; }

    /// <summary>Chat only: <c>stream_options.include_usage: true</c>.</summary>
    public bool IncludeUsage { get; init; }

    /// <summary>The surface's output-token cap, if set.</summary>
    public long? MaxOutputTokens { get; init; }
}
