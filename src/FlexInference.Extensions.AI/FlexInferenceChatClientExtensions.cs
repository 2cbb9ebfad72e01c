using Microsoft.Extensions.AI;

namespace FlexInference.Extensions.AI;

/// <summary><c>AsIChatClient</c>: a <see cref="FlexInferenceClient"/> as Microsoft.Extensions.AI's <see cref="IChatClient"/>.</summary>
public static class FlexInferenceChatClientExtensions
{
    /// <summary>An <see cref="IChatClient"/> that calls OpenAI Responses (<c>POST /responses</c>) through the router.</summary>
    /// <param name="client">The FlexInference client (not owned by the chat client).</param>
    /// <param name="model">The default model, for example <c>"gpt-5.5"</c>; <see cref="ChatOptions.ModelId"/> overrides it per call.</param>
    /// <param name="defaultStartWithin">The <c>start_within</c> for calls whose options set none (see <see cref="ChatOptionsExtensions.WithStartWithin"/>).</param>
    /// <example><c>IChatClient chat = client.AsIChatClient("gpt-5.5", StartWithin.Within(TimeSpan.FromSeconds(30)));</c></example>
    public static IChatClient AsIChatClient(this FlexInferenceClient client, string? model, StartWithin? defaultStartWithin = null) =>
        new FlexInferenceChatClient(client, model, new FlexInferenceChatClientOptions { DefaultStartWithin = defaultStartWithin });

    /// <summary>An <see cref="IChatClient"/> configured by <paramref name="options"/> (surface, default <c>start_within</c>, request options).</summary>
    /// <param name="client">The FlexInference client (not owned by the chat client).</param>
    /// <param name="model">The default model; <see cref="ChatOptions.ModelId"/> overrides it per call.</param>
    /// <param name="options">The chat client's settings, for example <c>new() { Api = FlexInferenceChatApi.ChatCompletions }</c>.</param>
    public static IChatClient AsIChatClient(this FlexInferenceClient client, string? model, FlexInferenceChatClientOptions options) =>
        new FlexInferenceChatClient(client, model, options);
}
