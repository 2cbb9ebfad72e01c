namespace FlexInference.Extensions.AI;

/// <summary>The <c>AdditionalProperties</c> keys this adapter reads and writes.</summary>
public static class FlexInferenceChatKeys
{
    /// <summary>
    /// <c>ChatOptions.AdditionalProperties</c> key for the call's <c>start_within</c> (a <see cref="FlexInference.StartWithin"/>
    /// or its string). It is also the wire field's name, so the value travels like every other additional property.
    /// Set it with <see cref="ChatOptionsExtensions.WithStartWithin"/>.
    /// </summary>
    public const string StartWithin = "start_within";

    /// <summary>
    /// <c>ChatResponse.AdditionalProperties</c> and <c>ChatResponseUpdate.AdditionalProperties</c> key for the
    /// <see cref="ServedRoute"/> (tier, routing reason, cost, router headers). Read it with
    /// <see cref="ChatResponseRoutingExtensions.GetRouting(Microsoft.Extensions.AI.ChatResponse)"/>.
    /// </summary>
    public const string Routing = "flexinference.routing";
}
