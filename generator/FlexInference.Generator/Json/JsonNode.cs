using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace FlexInference.Generator.Json;

/// <summary>
/// A node of the spec's JSON tree. Every node remembers where it came from, so diagnostics can point at the exact
/// line and column. The tree lives only inside the parse step; it never enters the incremental model.
/// </summary>
internal abstract class JsonNode
{
    protected JsonNode(TextSpan span) => Span = span;

    public TextSpan Span { get; }

    public abstract string KindName { get; }
}

internal sealed class JsonObject : JsonNode
{
    private readonly Dictionary<string, JsonProperty> _byName = new(System.StringComparer.Ordinal);

    public JsonObject(TextSpan span, List<JsonProperty> properties)
        : base(span)
    {
        Properties = properties;
        foreach (JsonProperty property in properties)
        {
            _byName[property.Name] = property; // the last duplicate wins, as in most JSON readers
        }
    }

    public List<JsonProperty> Properties { get; }

    public override string KindName => "object";

    public JsonNode? this[string name] => _byName.TryGetValue(name, out JsonProperty? property) ? property.Value : null;

    public JsonProperty? GetProperty(string name) => _byName.TryGetValue(name, out JsonProperty? property) ? property : null;

    public string? GetString(string name) => (this[name] as JsonString)?.Value;
}

internal sealed class JsonProperty
{
    public JsonProperty(string name, TextSpan nameSpan, JsonNode value)
    {
        Name = name;
        NameSpan = nameSpan;
        Value = value;
    }

    public string Name { get; }

    public TextSpan NameSpan { get; }

    public JsonNode Value { get; }
}

internal sealed class JsonArray : JsonNode
{
    public JsonArray(TextSpan span, List<JsonNode> items)
        : base(span) => Items = items;

    public List<JsonNode> Items { get; }

    public override string KindName => "array";
}

internal sealed class JsonString : JsonNode
{
    public JsonString(TextSpan span, string value)
        : base(span) => Value = value;

    public string Value { get; }

    public override string KindName => "string";
}

internal sealed class JsonNumber : JsonNode
{
    public JsonNumber(TextSpan span, string text)
        : base(span) => Text = text;

    /// <summary>The number exactly as written, so no precision or culture is involved until it is used.</summary>
    public string Text { get; }

    public override string KindName => "number";

    public bool TryGetInt64(out long value) =>
        long.TryParse(Text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out value);

    public bool TryGetDouble(out double value) =>
        double.TryParse(Text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value);
}

internal sealed class JsonBoolean : JsonNode
{
    public JsonBoolean(TextSpan span, bool value)
        : base(span) => Value = value;

    public bool Value { get; }

    public override string KindName => "boolean";
}

internal sealed class JsonNull : JsonNode
{
    public JsonNull(TextSpan span)
        : base(span)
    {
    }

    public override string KindName => "null";
}
