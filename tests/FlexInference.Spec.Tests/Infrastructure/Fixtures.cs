using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FlexInference.Spec.Tests.Infrastructure;

/// <summary>The provider payload fixtures of FlexInference.Generated.Tests (linked into this project's output).</summary>
internal static class Fixtures
{
    /// <summary>Every fixture with the spec schema it is an instance of.</summary>
    public static IReadOnlyList<(string File, string Schema)> All { get; } =
    [
        ("responses.response.json", "Response"),
        ("chat.completion.json", "CreateChatCompletionResponse"),
        ("chat.completion.chunk.json", "CreateChatCompletionStreamResponse"),
        ("chat.completion.chunk.usage.json", "CreateChatCompletionStreamResponse"),
        ("interactions.interaction.json", "InteractionObject"),
        ("messages.message.json", "MessageObject"),
        ("error.openai.json", "FlexError"),
        ("error.anthropic.json", "AnthropicErrorEnvelope"),
        ("error.google.json", "GoogleErrorEnvelope"),
        ("responses.request.json", "CreateResponse"),
        ("chat.request.json", "CreateChatCompletionRequest"),
        ("interactions.request.json", "InteractionCreateParams"),
        ("messages.request.json", "MessageCreateParams"),
    ];

    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    /// <summary>Our generated type's JSON contract for a spec schema.</summary>
    public static JsonTypeInfo Ours(string schema) =>
        FlexInferenceJsonContext.Default.GetTypeInfo(typeof(FlexInferenceJsonContext).Assembly.GetType("FlexInference." + schema, throwOnError: true)!)
        ?? throw new InvalidOperationException($"FlexInferenceJsonContext has no contract for {schema}.");

    /// <summary>Reads a fixture through one of our types and writes it back.</summary>
    public static (object Value, string Json) ThroughOurs(string json, string schema)
    {
        JsonTypeInfo info = Ours(schema);
        object value = JsonSerializer.Deserialize(json, info) ?? throw new InvalidOperationException("The fixture is JSON null.");
        return (value, JsonSerializer.Serialize(value, info));
    }

    /// <summary>Reads a fixture through NSwag's DTO and writes it back.</summary>
    public static (object Value, string Json) ThroughNSwag(string json, string schema)
    {
        object value = NSwagJson.Deserialize(json, NSwagJson.TypeFor(schema));
        return (value, NSwagJson.Serialize(value));
    }
}
