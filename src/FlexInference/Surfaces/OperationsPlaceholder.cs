// TEMPORARY: the generator emits these from openapi/ (branch gen-descriptors); this file goes when it lands.
#nullable enable
using System.Collections.Generic;
using System.Text.Json.Serialization.Metadata;

namespace FlexInference;

internal sealed class FlexInferenceOperation
{
    public FlexInferenceOperation(string name, string operationId, string method, string path, JsonTypeInfo? requestType, JsonTypeInfo responseType, JsonTypeInfo? eventType, JsonTypeInfo? errorType, FlexInferenceRequiredField[] requiredFields, FlexInferenceResultShape? result, FlexInferenceStreamShape? stream)
    {
        Name = name; OperationId = operationId; Method = method; Path = path; RequestType = requestType; ResponseType = responseType; EventType = eventType; ErrorType = errorType; RequiredFields = requiredFields; Result = result; Stream = stream;
    }

    public string Name { get; }
    public string OperationId { get; }
    public string Method { get; }
    public string Path { get; }
    public JsonTypeInfo? RequestType { get; }
    public JsonTypeInfo ResponseType { get; }
    public JsonTypeInfo? EventType { get; }
    public JsonTypeInfo? ErrorType { get; }
    public IReadOnlyList<FlexInferenceRequiredField> RequiredFields { get; }
    public FlexInferenceResultShape? Result { get; }
    public FlexInferenceStreamShape? Stream { get; }
}

internal sealed class FlexInferenceRequiredField
{
    public FlexInferenceRequiredField(string name, string? jsonType, string purpose, string? shape, string fix, string example)
    {
        Name = name; JsonType = jsonType; Purpose = purpose; Shape = shape; Fix = fix; Example = example;
    }

    public string Name { get; }
    public string? JsonType { get; }
    public string Purpose { get; }
    public string? Shape { get; }
    public string Fix { get; }
    public string Example { get; }
}

internal sealed class FlexInferenceResultShape
{
    public FlexInferenceResultShape(string[] serviceTier, string usage, string[] inputTokens, string[] outputTokens)
    {
        ServiceTier = serviceTier; Usage = usage; InputTokens = inputTokens; OutputTokens = outputTokens;
    }

    public IReadOnlyList<string> ServiceTier { get; }
    public string Usage { get; }
    public IReadOnlyList<string> InputTokens { get; }
    public IReadOnlyList<string> OutputTokens { get; }
}

internal sealed class FlexInferenceStreamShape
{
    public FlexInferenceStreamShape(string? eventType, string? failureObject, string[] terminal, string[] failure, string[] skip, KeyValuePair<string, string>[] errorAt, string[] facts, string[] usage, string[] serviceTier, FlexInferenceTextDelta textDelta, string? streamingDefaults)
    {
        EventType = eventType; FailureObject = failureObject; Terminal = terminal; Failure = failure; Skip = skip; ErrorAt = errorAt; Facts = facts; Usage = usage; ServiceTier = serviceTier; TextDelta = textDelta; StreamingDefaults = streamingDefaults;
    }

    public string? EventType { get; }
    public string? FailureObject { get; }
    public IReadOnlyList<string> Terminal { get; }
    public IReadOnlyList<string> Failure { get; }
    public IReadOnlyList<string> Skip { get; }
    public IReadOnlyList<KeyValuePair<string, string>> ErrorAt { get; }
    public IReadOnlyList<string> Facts { get; }
    public IReadOnlyList<string> Usage { get; }
    public IReadOnlyList<string> ServiceTier { get; }
    public FlexInferenceTextDelta TextDelta { get; }
    public string? StreamingDefaults { get; }
}

internal sealed class FlexInferenceTextDelta
{
    public FlexInferenceTextDelta(string? @event, string path, string? when, string?[] whenValues)
    {
        Event = @event; Path = path; When = when; WhenValues = whenValues;
    }

    public string? Event { get; }
    public string Path { get; }
    public string? When { get; }
    public IReadOnlyList<string?> WhenValues { get; }
}

internal static class FlexInferenceOperations
{
    private static readonly string[] TierPaths = ["/service_tier", "/response/service_tier"];

    public static readonly FlexInferenceOperation Responses = new("Responses", "createResponse", "POST", "/responses",
        FlexInferenceJsonContext.Default.CreateResponse, FlexInferenceJsonContext.Default.Response, FlexInferenceJsonContext.Default.ResponseStreamEvent, FlexInferenceJsonContext.Default.FlexError,
        [new("input", null, "the prompt", null, "Set it to text or a list of items", "\"input\": \"Write a haiku.\"")],
        new(["/service_tier"], "/usage", ["/input_tokens"], ["/output_tokens"]),
        new("type", null, ["response.completed", "response.incomplete"], ["response.failed", "error"], [],
            [new("response.failed", "/response/error"), new("error", "")], ["/response"], ["/response/usage"], TierPaths,
            new("response.output_text.delta", "/delta", null, []), null));

    public static readonly FlexInferenceOperation ChatCompletions = new("ChatCompletions", "createChatCompletion", "POST", "/chat/completions",
        FlexInferenceJsonContext.Default.CreateChatCompletionRequest, FlexInferenceJsonContext.Default.CreateChatCompletionResponse, FlexInferenceJsonContext.Default.CreateChatCompletionStreamResponse, FlexInferenceJsonContext.Default.FlexError,
        [new("messages", "array", "the conversation", "an array of messages", "Set it to an array", "\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]")],
        new(["/service_tier"], "/usage", ["/prompt_tokens"], ["/completion_tokens"]),
        new(null, "error", [], [], [], [], [""], ["/usage"], TierPaths, new(null, "/choices/0/delta/content", null, []), "{\"stream_options\":{\"include_usage\":true}}"));

    public static readonly FlexInferenceOperation Interactions = new("Interactions", "createInteraction", "POST", "/interactions",
        FlexInferenceJsonContext.Default.InteractionCreateParams, FlexInferenceJsonContext.Default.InteractionObject, FlexInferenceJsonContext.Default.InteractionStreamEvent, FlexInferenceJsonContext.Default.GoogleErrorEnvelope,
        [new("input", null, "the prompt", null, "Set it to text or a list of items", "\"input\": \"Write a haiku.\"")],
        new(["/service_tier"], "/usage", ["/total_input_tokens"], ["/total_output_tokens"]),
        new("event_type", null, ["interaction.completed"], ["error"], [], [], ["/interaction"], ["/interaction/usage"], TierPaths,
            new("step.delta", "/delta/text", "/delta/type", [null, "text"]), null));

    public static readonly FlexInferenceOperation Messages = new("Messages", "createMessage", "POST", "/messages",
        FlexInferenceJsonContext.Default.MessageCreateParams, FlexInferenceJsonContext.Default.MessageObject, FlexInferenceJsonContext.Default.MessageStreamEvent, FlexInferenceJsonContext.Default.AnthropicErrorEnvelope,
        [new("messages", "array", "the conversation", "an array of messages", "Set it to an array", "\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]")],
        new(["/service_tier", "/usage/service_tier"], "/usage", ["/input_tokens", "/cache_read_input_tokens", "/cache_creation_input_tokens"], ["/output_tokens"]),
        new("type", null, ["message_stop"], ["error"], ["ping"], [], ["/message", ""], ["/usage"], TierPaths,
            new("content_block_delta", "/delta/text", "/delta/type", ["text_delta"]), null));

    public static readonly FlexInferenceOperation Models = new("Models", "listModels", "GET", "/models", null, FlexInferenceJsonContext.Default.ModelList, null, FlexInferenceJsonContext.Default.FlexError, [], null, null);

    public static readonly FlexInferenceOperation Model = new("Model", "retrieveModel", "GET", "/models/{model}", null, FlexInferenceJsonContext.Default.Model, null, FlexInferenceJsonContext.Default.FlexError, [], null, null);

    public static readonly FlexInferenceOperation Limits = new("Limits", "getLimits", "GET", "/limits", null, FlexInferenceJsonContext.Default.Limits, null, FlexInferenceJsonContext.Default.FlexError, [], null, null);

    public static IReadOnlyList<FlexInferenceOperation> All { get; } = [Responses, ChatCompletions, Interactions, Messages, Models, Model, Limits];
}

internal static class FlexInferenceRequestRules
{
    public const int RetryCountMinimum = 1;
    public const int RetryCountMaximum = 5;
    public static readonly string[] RetryKeys = ["count", "backoff", "jitter"];
    public static readonly string[] RetryBackoffValues = ["exponential", "linear"];
    public static readonly string[] ProviderRoutes = ["google", "openai", "anthropic", "vertex", "bedrock", "cloudflare", "foundry"];
    public const int ProviderMinItems = 1;
    public const int ProviderMaxItems = 3;
}
