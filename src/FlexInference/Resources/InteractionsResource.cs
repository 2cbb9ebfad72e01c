using FlexInference.Pipeline;
using FlexInference.Routing;
using FlexInference.Surfaces;

namespace FlexInference.Resources;

/// <summary>Gemini Interactions through the router: <c>POST /interactions</c>.</summary>
public sealed class InteractionsResource : GenerationResource<InteractionCreateParams, InteractionObject, InteractionStream, InteractionStreamEvent>
{
    internal InteractionsResource(CallPipeline pipeline)
        : base(pipeline, Surface.Interactions, Facts, static response => new InteractionStream(response))
    {
    }

    /// <summary>What an interaction says about its route, model and usage.</summary>
    internal static ResultFacts Facts(InteractionObject interaction) =>
        new(interaction.ServiceTier, interaction.Usage?.Routing, interaction.Usage?.Cost, interaction.Model, interaction.Id, interaction.Usage?.TotalInputTokens, interaction.Usage?.TotalOutputTokens);
}
