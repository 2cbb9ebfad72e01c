namespace FlexInference.Resources;

/// <summary>The chat family; <see cref="Completions"/> holds the calls, as in the OpenAI SDKs (<c>client.Chat.Completions</c>).</summary>
public sealed class ChatResource
{
    internal ChatResource(Pipeline.CallPipeline pipeline) => Completions = new ChatCompletionsResource(pipeline);

    /// <summary>OpenAI Chat Completions: <c>POST /chat/completions</c>.</summary>
    public ChatCompletionsResource Completions { get; }
}
