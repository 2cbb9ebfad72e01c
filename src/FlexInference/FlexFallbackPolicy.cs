namespace FlexInference;

/// <summary>
/// The client fallback: when a flex race (a duration <c>start_within</c>) is refused because flex cannot be used for
/// this model or account, the client sends the same body once more with <c>start_within</c> set to <see cref="Tier"/>.
/// Off unless you set it (<see cref="FlexInferenceClientOptions.FlexFallback"/>, per call <see cref="RequestOptions.FlexFallback"/>).
/// </summary>
/// <remarks>
/// <para>
/// Triggers (docs/fallback.md): every HTTP 402 (billing paused flex), and the router codes
/// <c>flex_model_not_capable</c> (also sent as <c>model_not_flex_capable</c>), <c>flex_unsupported_for_anthropic</c>,
/// <c>flex_unsupported_on_cloud</c> and the retired <c>unsupported_model</c>. The resend is one more attempt of the
/// same call: it runs under the same <see cref="FlexInferenceClientOptions.TotalTimeout"/>, counts against
/// <see cref="FlexInferenceClientOptions.MaxRetries"/> (so <c>MaxRetries = 0</c>, "send exactly once", never falls
/// back), and happens only before a response's headers, never after a stream delivered an event.
/// </para>
/// <para>
/// It is opt-in because it changes what you asked for: the standard tier costs about twice the flex rate, and a tier
/// word has no race window, so the bill and the latency differ from the request you wrote. The result says so:
/// <see cref="ServedRoute.ClientFallback"/>.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var client = new FlexInferenceClient(key, new FlexInferenceClientOptions { FlexFallback = FlexFallbackPolicy.ToDefault });
/// Response response = await client.Responses.CreateAsync(request);
/// if (response.GetRouting().ClientFallback is { } fallback)
/// {
///     Console.WriteLine($"flex refused ({fallback.Code}); served at {fallback.Tier}");
/// }
/// </code>
/// </example>
public sealed record FlexFallbackPolicy
{
    /// <summary>Fall back to <c>"default"</c>, the standard tier (the usual choice).</summary>
    public static FlexFallbackPolicy ToDefault { get; } = new();

    /// <summary>No fallback: set it on <see cref="RequestOptions.FlexFallback"/> to turn a client's policy off for one call.</summary>
    public static FlexFallbackPolicy Off { get; } = new() { Enabled = false };

    /// <summary>Whether the fallback is sent at all. Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// The tier word the resend uses: <see cref="StartWithin.Default"/> (the default), <see cref="StartWithin.Priority"/>
    /// or <see cref="StartWithin.Auto"/>. A duration is refused when the client is built or the call is made: the
    /// fallback exists because a race could not run.
    /// </summary>
    public StartWithin Tier { get; init; } = StartWithin.Default;
}
