namespace FlexInference.Extensions.AI;

/// <summary>How a <see cref="FlexInferenceChatClient"/> talks to the router. Read once, when the chat client is created.</summary>
/// <example>
/// <code>
/// IChatClient chat = client.AsIChatClient("gpt-5.5", new FlexInferenceChatClientOptions
/// {
///     Api = FlexInferenceChatApi.ChatCompletions,
///     DefaultStartWithin = StartWithin.Within(TimeSpan.FromSeconds(30)),
/// });
/// </code>
/// </example>
public sealed class FlexInferenceChatClientOptions
{
    /// <summary>The surface to call; <see cref="FlexInferenceChatApi.Responses"/> unless set.</summary>
    public FlexInferenceChatApi Api { get; set; } = FlexInferenceChatApi.Responses;

    /// <summary>
    /// The <c>start_within</c> sent when a call's <c>ChatOptions</c> carries none (see
    /// <see cref="ChatOptionsExtensions.WithStartWithin"/>). Null sends none, and the client then refuses the call
    /// locally with its usual <see cref="FlexInferenceValidationException"/> unless the key carries a default.
    /// </summary>
    public StartWithin? DefaultStartWithin { get; set; }

    /// <summary>Per-call clock and retry overrides passed to every request; null for the client's own.</summary>
    public RequestOptions? RequestOptions { get; set; }
}
