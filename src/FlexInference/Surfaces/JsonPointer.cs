using System;
using System.Text.Json.Nodes;

namespace FlexInference.Surfaces;

/// <summary>
/// A JSON Pointer (RFC 6901) from the spec's operation descriptors, split once. Resolving never throws: a server body
/// that is not shaped as expected (or that a <see cref="JsonObject"/> cannot index, such as one with a duplicate key)
/// simply has nothing there.
/// </summary>
internal sealed class JsonPointer
{
    private readonly string[] _segments;

    public JsonPointer(string pointer)
    {
        Text = pointer;
        _segments = pointer.Length == 0
            ? []
            : Array.ConvertAll(pointer.Substring(1).Split('/'), static segment => segment.Replace("~1", "/").Replace("~0", "~"));
    }

    /// <summary>The pointer as the spec writes it.</summary>
    public string Text { get; }

    /// <summary>The first segment (the top-level property the pointer starts at), or null for the whole document.</summary>
    public string? Head => _segments.Length == 0 ? null : _segments[0];

    public JsonNode? Resolve(JsonNode? node)
    {
        foreach (string segment in _segments)
        {
            node = node is JsonArray array ? Item(array, segment) : Child(node, segment);
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>An object's property, or null when it is absent, the node is no object, or the object cannot be indexed.</summary>
    public static JsonNode? Child(JsonNode? node, string name)
    {
        try
        {
            return node is JsonObject json && json.TryGetPropertyValue(name, out JsonNode? value) ? value : null;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            return null; // a duplicate key or an undecodable name
        }
    }

    private static JsonNode? Item(JsonArray array, string segment) =>
        int.TryParse(segment, out int index) && index >= 0 && index < array.Count ? array[index] : null;

    /// <summary>The string at the pointer, or null when there is none (or it is not valid UTF-16).</summary>
    public string? String(JsonNode? root) => JsonText.String(Resolve(root));

    /// <summary>The integer at the pointer, or null.</summary>
    public long? Long(JsonNode? root)
    {
        try
        {
            return Resolve(root) is JsonValue value && value.TryGetValue(out long number) ? number : null;
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    public static JsonPointer[] All(System.Collections.Generic.IReadOnlyList<string> pointers)
    {
        var all = new JsonPointer[pointers.Count];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = new JsonPointer(pointers[i]);
        }

        return all;
    }
}
