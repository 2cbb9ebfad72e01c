using FlexInference.Pipeline;
using FlexInference.Routing;
using FlexInference.Surfaces;

namespace FlexInference.Resources;

/// <summary>
/// OpenAI Chat Completions through the router: <c>POST /chat/completions</c>. A stream asks for usage in its last chunk
/// (<c>stream_options.include_usage</c>) unless you set <c>stream_options</c> yourself.
/// </summary>
public sealed class ChatCompletionsResource : GenerationResource<CreateChatCompletionRequest, CreateChatCompletionResponse, ChatCompletionStream, CreateChatCompletionStreamResponse>
{
    internal ChatCompletionsResource(CallPipeline pipeline)
        : base(pipeline, Surface.ChatCompletions, Facts, static response => new ChatCompletionStream(response))
    {
    }

    /// <summary>What a chat completion says about its route, model and usage.</summary>
    internal static ResultFacts Facts(CreateChatCompletionResponse completion) =>
        new(completion.ServiceTier, completion.Usage?.Routing, completion.Usage?.Cost, completion.Model, completion.Id, completion.Usage?.PromptTokens, completion.Usage?.CompletionTokens);
}
