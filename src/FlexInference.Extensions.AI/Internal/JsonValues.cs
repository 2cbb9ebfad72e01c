using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace FlexInference.Extensions.AI.Internal;

/// <summary>Turns Microsoft.Extensions.AI's loosely typed values (arguments, results, additional properties) into JSON and back.</summary>
internal static class JsonValues
{
    /// <summary>
    /// A value as JSON: JSON values verbatim, primitives as themselves, FlexInference types with their own converters,
    /// anything else with Microsoft.Extensions.AI's default serializer options (the same ones its function layer uses).
    /// </summary>
    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        JsonElement element => element.ValueKind == JsonValueKind.Undefined ? null : JsonNode.Parse(element.GetRawText()),
        JsonDocument document => JsonNode.Parse(document.RootElement.GetRawText()),
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        float number => JsonValue.Create(number),
        decimal number => JsonValue.Create(number),
        StartWithin startWithin => JsonValue.Create(startWithin.Value),
        _ => JsonSerializer.SerializeToNode(value, TypeInfo(value.GetType())),
    };

    /// <summary>A function's arguments as the JSON object text the providers expect (<c>"{}"</c> when there are none).</summary>
    public static string ArgumentsText(IDictionary<string, object?>? arguments)
    {
        var json = new JsonObject();
        if (arguments is not null)
        {
            foreach (KeyValuePair<string, object?> pair in arguments)
            {
                json[pair.Key] = ToNode(pair.Value);
            }
        }

        return json.ToJsonString();
    }

    /// <summary>
    /// A function call from the model, its arguments parsed into <see cref="JsonElement"/> values. Arguments that are
    /// not a JSON object leave <see cref="FunctionCallContent.Exception"/> set, as Microsoft.Extensions.AI expects,
    /// so the function layer reports the problem to the model instead of failing the call.
    /// </summary>
    public static FunctionCallContent FunctionCall(string callId, string name, string? arguments) =>
        FunctionCallContent.CreateFromParsedArguments(arguments ?? string.Empty, callId, name, ParseArguments);

    /// <summary>
    /// A function result as the text the providers carry: a string as-is (also a JSON string, which is how
    /// <c>AIFunctionFactory</c> returns one), anything else as JSON.
    /// </summary>
    public static string ResultText(object? result) => result switch
    {
        null => string.Empty,
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } text => text.GetString() ?? string.Empty,
        _ => ToNode(result)?.ToJsonString() ?? string.Empty,
    };

    /// <summary>Unix seconds as a time, or null (also for a server value outside what a DateTimeOffset holds).</summary>
    public static DateTimeOffset? FromUnixSeconds(long? seconds) =>
        seconds is { } value && value >= MinUnixSeconds && value <= MaxUnixSeconds ? DateTimeOffset.FromUnixTimeSeconds(value) : null;

    private static readonly long MinUnixSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private static Dictionary<string, object?> ParseArguments(string text)
    {
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
        {
            return arguments;
        }

        using JsonDocument document = JsonDocument.Parse(text);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException(string.Create(CultureInfo.InvariantCulture,
                $"The function arguments must be a JSON object, but they are a JSON {document.RootElement.ValueKind}."));
        }

        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            arguments[property.Name] = property.Value.Clone();
        }

        return arguments;
    }

    private static JsonTypeInfo TypeInfo(Type type) =>
        FlexInferenceJsonContext.Default.GetTypeInfo(type) ?? AIJsonUtilities.DefaultOptions.GetTypeInfo(type);
}
