using System;
using System.Collections.Generic;

namespace FlexInference.Testing;

/// <summary>One model the test server lists on <c>GET /v1/models</c> (the contract's <c>Model</c> with its <c>flexinference</c> block).</summary>
/// <remarks>
/// The list also drives validation: a duration <c>start_within</c> runs a race only for a listed model whose
/// <see cref="FlexRace"/> is true; any other model answers <c>flex_model_not_capable</c>. Tier words serve any model,
/// listed or not, as the router does.
/// </remarks>
public sealed record ServedModel
{
    /// <summary>The model id (a family alias such as <c>gpt-5.5</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The vendor: <c>openai</c>, <c>google</c> or <c>anthropic</c>.</summary>
    public required string OwnedBy { get; init; }

    /// <summary>Whether a duration <c>start_within</c> runs a flex race for this model.</summary>
    public bool FlexRace { get; init; }

    /// <summary>Tier words the model serves (<c>default</c>, <c>priority</c>, and <c>auto</c> except on Gemini).</summary>
    public IReadOnlyList<string> Tiers { get; init; } = Array.Empty<string>();

    /// <summary>The model's default route chain, for example <c>["openai"]</c>.</summary>
    public IReadOnlyList<string> Providers { get; init; } = Array.Empty<string>();

    /// <summary>Whether this is an open-source family (Workers AI). Default false.</summary>
    public bool OpenSource { get; init; }

    /// <summary>An OpenAI model (<c>owned_by</c> openai, route openai, tiers default/priority/auto).</summary>
    /// <param name="id">The model id.</param>
    /// <param name="flexRace">Whether it is flex-capable.</param>
    public static ServedModel OpenAI(string id, bool flexRace = true) => new()
    {
        Id = id,
        OwnedBy = "openai",
        FlexRace = flexRace,
        Tiers = ["default", "priority", "auto"],
        Providers = ["openai"],
    };

    /// <summary>A Gemini model (<c>owned_by</c> google, route google, tiers default/priority: Gemini has no auto).</summary>
    /// <param name="id">The model id.</param>
    /// <param name="flexRace">Whether it is flex-capable.</param>
    public static ServedModel Gemini(string id, bool flexRace = true) => new()
    {
        Id = id,
        OwnedBy = "google",
        FlexRace = flexRace,
        Tiers = ["default", "priority"],
        Providers = ["google"],
    };

    /// <summary>A Claude model (<c>owned_by</c> anthropic, route anthropic, never flex).</summary>
    /// <param name="id">The model id.</param>
    public static ServedModel Claude(string id) => new()
    {
        Id = id,
        OwnedBy = "anthropic",
        FlexRace = false,
        Tiers = ["default", "priority", "auto"],
        Providers = ["anthropic"],
    };

    /// <summary>
    /// The default catalogue: the flex-capable OpenAI and Gemini aliases of the contract (§4), one OpenAI model without
    /// flex (<c>gpt-4.1</c>, handy for <c>flex_model_not_capable</c>), and three Claude aliases.
    /// </summary>
    public static IReadOnlyList<ServedModel> Defaults { get; } =
    [
        OpenAI("gpt-5.5"), OpenAI("gpt-5.5-pro"), OpenAI("gpt-5.4"), OpenAI("gpt-5.4-mini"), OpenAI("gpt-5.4-nano"),
        OpenAI("gpt-5.4-pro"), OpenAI("gpt-5.2"), OpenAI("gpt-5.2-pro"), OpenAI("gpt-5"), OpenAI("gpt-5-mini"),
        OpenAI("gpt-5-nano"), OpenAI("gpt-5.1"), OpenAI("o3"), OpenAI("o4-mini"),
        OpenAI("gpt-4.1", flexRace: false),
        Gemini("gemini-3.5-flash"), Gemini("gemini-3.1-pro-preview"), Gemini("gemini-3.1-flash-lite"),
        Gemini("gemini-3-flash-preview"), Gemini("gemini-2.5-pro"), Gemini("gemini-2.5-flash"), Gemini("gemini-2.5-flash-lite"),
        Claude("claude-opus-4-8"), Claude("claude-sonnet-4-6"), Claude("claude-haiku-4-5"),
    ];
}
