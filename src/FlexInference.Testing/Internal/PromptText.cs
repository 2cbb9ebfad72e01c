using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlexInference.Testing;

/// <summary>Reads the text a caller sent, in each surface's own request shape, so replies can echo it.</summary>
internal static class PromptText
{
    /// <summary>The text of the last user turn (empty when there is none).</summary>
    public static string LastUserText(Surface surface, JsonObject body) => surface switch
    {
        Surface.Responses => FromResponsesInput(body["input"]),
        Surface.ChatCompletions or Surface.Messages => FromMessages(body["messages"] as JsonArray),
        Surface.Interactions => FromInteractionsInput(body["input"]),
        _ => string.Empty,
    };

    /// <summary>All text the caller sent (system prompts and every turn), for counting input tokens.</summary>
    public static string AllText(JsonObject body) => string.Join(" ", Strings(body));

    private static string FromResponsesInput(JsonNode? input) => input switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonArray items => items.OfType<JsonObject>().LastOrDefault(item => Role(item) == "user") is { } last ? ContentText(last["content"]) : string.Empty,
        _ => string.Empty,
    };

    private static string FromMessages(JsonArray? messages) =>
        messages?.OfType<JsonObject>().LastOrDefault(message => Role(message) == "user") is { } last ? ContentText(last["content"]) : string.Empty;

    private static string FromInteractionsInput(JsonNode? input)
    {
        if (input is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            return value.GetValue<string>();
        }

        if (input is not JsonArray items)
        {
            return string.Empty;
        }

        // A step list (multi-turn) has typed steps; a plain part list is one user turn.
        JsonObject? lastUserStep = items.OfType<JsonObject>().LastOrDefault(step => Type(step) == "user_input");
        return lastUserStep is not null ? ContentText(lastUserStep["content"]) : ContentText(items);
    }

    /// <summary>A content value: a string, or parts whose text sits in <c>text</c> (input_text, text, ...).</summary>
    private static string ContentText(JsonNode? content) => content switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonArray parts => string.Join(" ", parts.OfType<JsonObject>()
            .Select(part => part["text"])
            .OfType<JsonValue>()
            .Where(text => text.GetValueKind() == JsonValueKind.String)
            .Select(text => text.GetValue<string>())),
        _ => string.Empty,
    };

    private static string? Role(JsonObject item) => item["role"] is JsonValue role && role.GetValueKind() == JsonValueKind.String ? role.GetValue<string>() : null;

    private static string? Type(JsonObject item) => item["type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String ? type.GetValue<string>() : null;

    // Every string value under the caller's prompt fields; ids and settings are outside them.
    private static IEnumerable<string> Strings(JsonObject body)
    {
        foreach (string field in new[] { "instructions", "system", "system_instruction", "input", "messages" })
        {
            foreach (string text in StringsUnder(body[field]))
            {
                yield return text;
            }
        }
    }

    private static IEnumerable<string> StringsUnder(JsonNode? node)
    {
        switch (node)
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                yield return value.GetValue<string>();
                break;
            case JsonArray array:
                foreach (string text in array.SelectMany(StringsUnder))
                {
                    yield return text;
                }

                break;
            case JsonObject obj:
                foreach (string key in new[] { "content", "text" })
                {
                    foreach (string text in StringsUnder(obj[key]))
                    {
                        yield return text;
                    }
                }

                break;
        }
    }
}
