using FlexInference.Pipeline;
using FlexInference.Routing;
using FlexInference.Surfaces;

namespace FlexInference.Resources;

/// <summary>OpenAI Responses through the router: <c>POST /responses</c>.</summary>
public sealed class ResponsesResource : GenerationResource<CreateResponse, Response, ResponseStream, ResponseStreamEvent>
{
    internal ResponsesResource(CallPipeline pipeline)
        : base(pipeline, Surface.Responses, Facts, static response => new ResponseStream(response))
    {
    }

    /// <summary>What a Responses answer says about its route, model and usage.</summary>
    internal static ResultFacts Facts(Response? response) =>
        new(response?.ServiceTier, response?.Usage?.Routing, response?.Usage?.Cost, response?.Model, response?.Id, response?.Usage?.InputTokens, response?.Usage?.OutputTokens);
}
