using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace FlexInference.Extensions.AI.Internal;

/// <summary>The request-body steps both surfaces share: the starting body, the model, additional properties, start_within.</summary>
internal static class RequestBody
{
    /// <summary>
    /// The body to fill: the caller's own request from <see cref="ChatOptions.RawRepresentationFactory"/> when it gave
    /// one (its fields win over the mapped options), otherwise empty.
    /// </summary>
    public static JsonObject Start(IChatClient client, ChatOptions? options, FlexInferenceChatApi api)
    {
        object? raw = options?.RawRepresentationFactory?.Invoke(client);
        JsonNode? body = (raw, api) switch
        {
            (null, _) => new JsonObject(),
            (JsonObject json, _) => json.DeepClone(),
            (CreateResponse request, FlexInferenceChatApi.Responses) => JsonSerializer.SerializeToNode(request, FlexInferenceJsonContext.Default.CreateResponse),
            (CreateChatCompletionRequest request, FlexInferenceChatApi.ChatCompletions) => JsonSerializer.SerializeToNode(request, FlexInferenceJsonContext.Default.CreateChatCompletionRequest),
            _ => throw new FlexInferenceValidationException(
                $"ChatOptions.RawRepresentationFactory returned a {raw.GetType().Name}, which this chat client cannot start from: it speaks {api}. " +
                $"Return a {(api == FlexInferenceChatApi.Responses ? nameof(CreateResponse) : nameof(CreateChatCompletionRequest))} or a JsonObject body, " +
                $"for example options.RawRepresentationFactory = _ => new JsonObject {{ [\"include_cost\"] = true }}.",
                nameof(ChatOptions.RawRepresentationFactory),
                null),
        };

        return body as JsonObject ?? new JsonObject();
    }

    /// <summary>The model: <see cref="ChatOptions.ModelId"/>, then the chat client's default.</summary>
    public static string Model(JsonObject body, ChatOptions? options, string? defaultModel)
    {
        if (body["model"] is JsonValue existing && existing.TryGetValue(out string? fromBody) && !string.IsNullOrEmpty(fromBody))
        {
            return fromBody;
        }

        string? model = options?.ModelId ?? defaultModel;
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new FlexInferenceValidationException(
                "model is required, but neither ChatOptions.ModelId nor the chat client's default model is set: the router picks the provider from it. " +
                "Pass a model to AsIChatClient, for example client.AsIChatClient(\"gpt-5.5\"), or set ChatOptions.ModelId = \"gpt-5.5\".",
                "model",
                FlexInferenceErrorCodes.MissingModel);
        }

        return model;
    }

    /// <summary>Sets <paramref name="name"/> unless the starting body already has it (the caller's raw request wins).</summary>
    public static void SetIfAbsent(JsonObject body, string name, JsonNode? value)
    {
        if (value is not null && !body.ContainsKey(name))
        {
            body[name] = value;
        }
    }

    /// <summary>
    /// Writes every <see cref="ChatOptions.AdditionalProperties"/> entry into the body under its own name, verbatim,
    /// after the mapped options (so an entry wins over a mapped field of the same name), then the chat client's default
    /// <c>start_within</c> if the body still has none.
    /// </summary>
    public static void Finish(JsonObject body, ChatOptions? options, StartWithin? defaultStartWithin)
    {
        if (options?.AdditionalProperties is { } properties)
        {
            foreach (KeyValuePair<string, object?> property in properties)
            {
                if (property.Key == "stream")
                {
                    throw new FlexInferenceValidationException(
                        "ChatOptions.AdditionalProperties has \"stream\", which this chat client sets itself: GetResponseAsync sends a normal request " +
                        "and GetStreamingResponseAsync a streaming one. Remove the \"stream\" entry and call GetStreamingResponseAsync to stream, " +
                        "for example await foreach (var update in chat.GetStreamingResponseAsync(messages, options)).",
                        "stream",
                        null);
                }

                body[property.Key] = JsonValues.ToNode(property.Value);
            }
        }

        if (defaultStartWithin is { } fallback && !body.ContainsKey("start_within"))
        {
            body["start_within"] = fallback.Value;
        }
    }
}
