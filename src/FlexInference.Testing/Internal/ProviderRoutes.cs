using System;
using System.Linq;

namespace FlexInference.Testing;

/// <summary>Which provider a model belongs to, and which routes can serve it (§3, §9).</summary>
internal static class ProviderRoutes
{
    public const string OpenAI = "openai";
    public const string Google = "google";
    public const string Anthropic = "anthropic";

    /// <summary>Every route name the router knows (from the generated contract).</summary>
    public static readonly string[] Known = ProviderRoute.KnownValues.Select(route => route.ToString()).ToArray();

    /// <summary>
    /// The model's family, which is also its direct route: <c>claude-*</c> → anthropic, <c>gemini-*</c> → google,
    /// <c>gpt-*</c>, <c>o&lt;digit&gt;*</c> and anything else → openai.
    /// </summary>
    public static string FamilyOf(string model)
    {
        if (model.StartsWith("claude-", StringComparison.Ordinal))
        {
            return Anthropic;
        }

        return model.StartsWith("gemini-", StringComparison.Ordinal) ? Google : OpenAI;
    }

    /// <summary>Cloud and edge routes run the standard tier only.</summary>
    public static bool IsStandardOnly(string route) => route is "vertex" or "bedrock" or "foundry" or "cloudflare";

    /// <summary>Whether <paramref name="route"/> can serve a model of <paramref name="family"/>.</summary>
    public static bool CanServe(string route, string family, bool openSource) => route switch
    {
        "openai" or "foundry" => family == OpenAI && !openSource,
        "google" or "vertex" => family == Google,
        "anthropic" or "bedrock" => family == Anthropic,
        "cloudflare" => openSource,
        _ => false,
    };

    /// <summary>The provider name used inside error blocks, where Google is called <c>gemini</c>.</summary>
    public static string ErrorProviderName(string route) => route == Google ? "gemini" : route;
}
