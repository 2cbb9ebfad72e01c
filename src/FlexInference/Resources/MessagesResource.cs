using FlexInference.Pipeline;
using FlexInference.Routing;
using FlexInference.Surfaces;

namespace FlexInference.Resources;

/// <summary>Anthropic Messages through the router: <c>POST /messages</c>.</summary>
public sealed class MessagesResource : GenerationResource<MessageCreateParams, MessageObject, MessageStream, MessageStreamEvent>
{
    internal MessagesResource(CallPipeline pipeline)
        : base(pipeline, Surface.Messages, Facts, static response => new MessageStream(response))
    {
    }

    /// <summary>What a message says about its route, model and usage (Anthropic reports the tier in <c>usage.service_tier</c> too).</summary>
    internal static ResultFacts Facts(MessageObject message) =>
        new(message.ServiceTier ?? message.Usage?.ServiceTier, message.Usage?.Routing, message.Usage?.Cost, message.Model, message.Id, ResultFacts.AnthropicInput(message.Usage), message.Usage?.OutputTokens);
}
