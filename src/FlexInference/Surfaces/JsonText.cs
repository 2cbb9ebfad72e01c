using System;
using System.Text.Json.Nodes;

namespace FlexInference.Surfaces;

/// <summary>Reads a string from server JSON without ever throwing: absent, not a string, or unreadable text is null.</summary>
internal static class JsonText
{
    public static string? String(JsonNode? node)
    {
        try
        {
            return node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
        }
        catch (InvalidOperationException)
        {
            return null; // invalid UTF-16 (a lone surrogate escape) in a server string
        }
    }
}
