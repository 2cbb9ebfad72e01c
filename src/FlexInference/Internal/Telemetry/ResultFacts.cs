using System.Text.Json.Nodes;

namespace FlexInference.Internal.Telemetry;

/// <summary>What telemetry reads from an answer: the model that served it, its id and its token counts. Never content.</summary>
/// <param name="Model">The response's <c>model</c>.</param>
/// <param name="Id">The response's <c>id</c>.</param>
/// <param name="InputTokens">Input tokens, cached ones included (Anthropic reports those apart).</param>
/// <param name="OutputTokens">Output tokens.</param>
internal readonly record struct ResultFacts(string? Model, string? Id, long? InputTokens, long? OutputTokens)
{
    /// <summary>The facts of any result the client returns: a typed body of one of the four formats, or raw JSON.</summary>
    public static ResultFacts From(object? result) => result switch
    {
        Response response => new(response.Model, response.Id, response.Usage?.InputTokens, response.Usage?.OutputTokens),
        CreateChatCompletionResponse completion => new(completion.Model, completion.Id, completion.Usage?.PromptTokens, completion.Usage?.CompletionTokens),
        InteractionObject interaction => new(interaction.Model, interaction.Id, interaction.Usage?.TotalInputTokens, interaction.Usage?.TotalOutputTokens),
        MessageObject message => new(message.Model, message.Id, AnthropicInput(message.Usage), message.Usage?.OutputTokens),
        JsonObject json => FromJson(json),
        _ => default,
    };

    /// <summary>A later fact wins over an earlier one; a missing one keeps the earlier (a stream learns them in pieces).</summary>
    public ResultFacts Merge(ResultFacts later) =>
        new(later.Model ?? Model, later.Id ?? Id, later.InputTokens ?? InputTokens, later.OutputTokens ?? OutputTokens);

    /// <summary>Anthropic counts cache reads and writes apart from <c>input_tokens</c>; all three were input.</summary>
    public static long? AnthropicInput(MessageUsage? usage) =>
        usage?.InputTokens is { } input ? input + (usage.CacheReadInputTokens ?? 0) + (usage.CacheCreationInputTokens ?? 0) : null;

    /// <summary>A raw body (or the object a raw stream event wraps) of any of the four formats.</summary>
    public static ResultFacts FromJson(JsonObject json)
    {
        JsonNode? usage = json["usage"];
        long? input = Number(usage?["input_tokens"]) is { } anthropicOrResponses
            ? anthropicOrResponses + (Number(usage?["cache_read_input_tokens"]) ?? 0) + (Number(usage?["cache_creation_input_tokens"]) ?? 0)
            : Number(usage?["prompt_tokens"]) ?? Number(usage?["total_input_tokens"]);
        long? output = Number(usage?["output_tokens"]) ?? Number(usage?["completion_tokens"]) ?? Number(usage?["total_output_tokens"]);
        return new(RawJson.Text(json["model"]), RawJson.Text(json["id"]), input, output);
    }

    /// <summary>
    /// The facts one raw stream event adds: model, id and tokens sit in the wrapped object (Responses, Interactions,
    /// Anthropic's message_start) or in an event that carries a model or usage itself (chat chunks, Anthropic's message_delta).
    /// </summary>
    public static ResultFacts FromStreamEvent(JsonObject item) =>
        (item["response"] ?? item["interaction"] ?? item["message"] ?? (item["model"] is null && item["usage"] is null ? null : item)) is JsonObject carrier
            ? FromJson(carrier)
            : default;

    private static long? Number(JsonNode? node) => node is JsonValue value && value.TryGetValue(out long number) ? number : null;
}
