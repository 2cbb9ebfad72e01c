using Microsoft.Extensions.AI;

namespace FlexInference.Extensions.AI;

/// <summary><c>GetRouting()</c> for Microsoft.Extensions.AI results: how the router served the call.</summary>
public static class ChatResponseRoutingExtensions
{
    /// <summary>
    /// The served route of a response from a <see cref="FlexInferenceChatClient"/> (stored under
    /// <see cref="FlexInferenceChatKeys.Routing"/>), or null when the response did not come from one.
    /// </summary>
    public static ServedRoute? GetRouting(this ChatResponse response) =>
        response?.AdditionalProperties is { } properties && properties.TryGetValue(FlexInferenceChatKeys.Routing, out object? value) ? value as ServedRoute : null;

    /// <summary>
    /// The served route as known when this update was produced: from the headers at first (after any flex race), with
    /// the body's cost and routing once the terminal event arrived. Null for updates not from a <see cref="FlexInferenceChatClient"/>.
    /// </summary>
    public static ServedRoute? GetRouting(this ChatResponseUpdate update) =>
        update?.AdditionalProperties is { } properties && properties.TryGetValue(FlexInferenceChatKeys.Routing, out object? value) ? value as ServedRoute : null;

    /// <summary>
    /// What the client fallback did for this response (<see cref="FlexFallbackPolicy"/>): the refused flex race's status
    /// and code and the tier the resend used; null when the router served the request as sent.
    /// </summary>
    /// <example><c>if (response.GetClientFallback() is { } fallback) logger.LogWarning("flex refused: {Code}", fallback.Code);</c></example>
    public static ClientFallback? GetClientFallback(this ChatResponse response) => response.GetRouting()?.ClientFallback;

    /// <summary>What the client fallback did for the stream this update belongs to; null when there was none.</summary>
    public static ClientFallback? GetClientFallback(this ChatResponseUpdate update) => update.GetRouting()?.ClientFallback;
}
