using System.Text.Json;

namespace FlexInference.Validation;

/// <summary>Names JSON kinds in messages ("it is an array") and maps reader tokens to kinds.</summary>
internal static class JsonKinds
{
    /// <summary>A kind as a message names it ("an array", "null").</summary>
    public static string Describe(JsonValueKind kind) => kind is JsonValueKind.Null or JsonValueKind.Undefined ? "null" : Article(Name(kind));

    /// <summary>The JSON Schema type name of a kind ("array", "object", ...).</summary>
    public static string Name(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    /// <summary>A JSON Schema type name with its article ("an array").</summary>
    public static string Article(string type) => type is "array" or "object" or "integer" ? "an " + type : "a " + type;

    public static JsonValueKind KindOf(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => JsonValueKind.Object,
        JsonTokenType.StartArray => JsonValueKind.Array,
        JsonTokenType.String => JsonValueKind.String,
        JsonTokenType.Number => JsonValueKind.Number,
        JsonTokenType.True => JsonValueKind.True,
        JsonTokenType.False => JsonValueKind.False,
        _ => JsonValueKind.Null,
    };
}
