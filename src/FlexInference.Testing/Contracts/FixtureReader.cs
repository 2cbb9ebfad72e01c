using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace FlexInference.Testing;

/// <summary>
/// Reads one recorded JSON fixture through the current types, field by field: which property each field lands in (and
/// its C# type), which fields land untyped in <c>AdditionalProperties</c>, which values no longer fit their property,
/// and whether the whole fixture still reads. Unions are resolved by reading the value through the caller's metadata,
/// so the walk follows the member the generated code would pick.
/// </summary>
internal sealed class FixtureReader
{
    private readonly JsonSerializerContext _context;
    private readonly string _namespace;
    private readonly List<FixtureLine> _lines = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    private FixtureReader(JsonSerializerContext context, string ns)
    {
        _context = context;
        _namespace = ns;
    }

    public static IReadOnlyList<FixtureLine> Read(string json, Type rootType, JsonSerializerContext context)
    {
        var reader = new FixtureReader(context, rootType.Namespace ?? string.Empty);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            return [new FixtureLine(string.Empty, FixtureLineKind.Failure, string.Empty, string.Empty, "invalid JSON: " + exception.Message)];
        }

        using (document)
        {
            if (reader.Walk(document.RootElement, rootType, "$") is { } mismatch)
            {
                reader.Add(new FixtureLine("$", FixtureLineKind.WrongKind, rootType.Name, rootType.Name, mismatch));
            }

            if (reader.TryRead(document.RootElement, rootType) is { } failure)
            {
                reader._lines.Add(new FixtureLine(string.Empty, FixtureLineKind.Failure, string.Empty, string.Empty, $"does not read as {rootType.Name}: {failure}"));
            }
        }

        return reader._lines;
    }

    /// <summary>Walks a value of <paramref name="type"/>; returns why its JSON kind does not fit, or null.</summary>
    private string? Walk(JsonElement value, Type type, string path)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (value.ValueKind == JsonValueKind.Null || type == typeof(JsonElement) || type == typeof(object))
        {
            return null; // nulls are judged by the property that holds them; JsonElement takes anything
        }

        if (type == typeof(string))
        {
            return Expect(value, JsonValueKind.String);
        }

        if (type == typeof(bool))
        {
            return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : Found(value, "a boolean");
        }

        if (type == typeof(int) || type == typeof(long))
        {
            bool fits = value.ValueKind == JsonValueKind.Number && (type == typeof(int) ? value.TryGetInt32(out _) : value.TryGetInt64(out _));
            return fits ? null : value.ValueKind == JsonValueKind.Number ? $"the fixture has {value.GetRawText()}, not a whole number in range" : Found(value, "a number");
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return Expect(value, JsonValueKind.Number);
        }

        if (ClrTypeNames.ElementOf(type) is { } element)
        {
            bool map = ClrTypeNames.IsMap(type);
            if (Expect(value, map ? JsonValueKind.Object : JsonValueKind.Array) is { } mismatch)
            {
                return mismatch;
            }

            IEnumerable<JsonElement> items = map ? value.EnumerateObject().Select(p => p.Value) : value.EnumerateArray();
            string itemPath = path + (map ? ".*" : "[*]");
            string itemType = ClrTypeNames.ElementOf(type) is { } e ? e.Name : "item";
            foreach (JsonElement item in items)
            {
                string? itemMismatch = item.ValueKind == JsonValueKind.Null ? "the fixture has null" : Walk(item, element, itemPath);
                if (itemMismatch is not null)
                {
                    Add(new FixtureLine(itemPath, FixtureLineKind.WrongKind, map ? "a map value" : "an item", itemType, itemMismatch));
                }
            }

            return null;
        }

        if (UnionMembers.Of(type) is not null)
        {
            return WalkUnion(value, type, path);
        }

        PropertyInfo[] properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        if (properties.Any(p => p.GetCustomAttribute<JsonExtensionDataAttribute>() is not null || p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null))
        {
            return WalkRecord(value, type, properties, path);
        }

        // An open enum, StartWithin or another value with its own converter: ask the converter.
        return TryRead(value, type) is { } failure ? $"the fixture has {Kind(value)} ({failure})" : null;
    }

    private string? WalkRecord(JsonElement value, Type type, PropertyInfo[] properties, string path)
    {
        if (Expect(value, JsonValueKind.Object) is { } mismatch)
        {
            return mismatch;
        }

        var byJsonName = new Dictionary<string, PropertyInfo>(StringComparer.Ordinal);
        foreach (PropertyInfo property in properties)
        {
            if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is { } name)
            {
                byJsonName[name.Name] = property;
            }
        }

        foreach (JsonProperty field in value.EnumerateObject())
        {
            string fieldPath = path + "." + field.Name;
            if (!byJsonName.TryGetValue(field.Name, out PropertyInfo? property))
            {
                Add(new FixtureLine(fieldPath, FixtureLineKind.Untyped, type.Name, string.Empty, string.Empty, type));
                continue;
            }

            // The field's line goes first (nested fields follow it); a mismatch found while walking replaces it.
            string target = type.Name + "." + property.Name;
            string typeName = ClrTypeNames.Of(property, _namespace);
            Add(new FixtureLine(fieldPath, FixtureLineKind.Typed, target, typeName, string.Empty, type));
            string? fieldMismatch = field.Value.ValueKind == JsonValueKind.Null && !typeName.EndsWith('?')
                ? "the fixture has null"
                : Walk(field.Value, property.PropertyType, fieldPath);
            if (fieldMismatch is not null)
            {
                Add(new FixtureLine(fieldPath, FixtureLineKind.WrongKind, target, typeName, fieldMismatch, type));
            }
        }

        return null;
    }

    private string? WalkUnion(JsonElement value, Type type, string path)
    {
        JsonTypeInfo? info = _context.GetTypeInfo(type);
        object? union;
        try
        {
            union = info is null ? null : JsonSerializer.Deserialize(value.GetRawText(), info);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            return $"the fixture has {Kind(value)} ({exception.Message})";
        }

        if (union is null)
        {
            return info is null ? $"the JsonSerializerContext has no metadata for {type.Name}" : null;
        }

        if (UnionMembers.Held(union) is not { } held)
        {
            Add(new FixtureLine(path, FixtureLineKind.Untyped, type.Name, string.Empty, string.Empty, type));
            return null;
        }

        return Walk(value, held.Type, path);
    }

    /// <summary>Reads the value through the caller's metadata; the failure message, or null when it reads.</summary>
    private string? TryRead(JsonElement value, Type type)
    {
        JsonTypeInfo? info = _context.GetTypeInfo(type);
        if (info is null)
        {
            return $"the JsonSerializerContext has no metadata for {type.FullName}; pass the context generated with the types";
        }

        try
        {
            JsonSerializer.Deserialize(value.GetRawText(), info);
            return null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            return exception.Message;
        }
    }

    /// <summary>Adds a line; a repeated path (an array item) keeps its first line unless a later one is a mismatch.</summary>
    private void Add(FixtureLine line)
    {
        if (_index.TryGetValue(line.Path, out int at))
        {
            if (line.Kind == FixtureLineKind.WrongKind && _lines[at].Kind != FixtureLineKind.WrongKind)
            {
                _lines[at] = line;
            }

            return;
        }

        _index[line.Path] = _lines.Count;
        _lines.Add(line);
    }

    private static string? Expect(JsonElement value, JsonValueKind kind) =>
        value.ValueKind == kind ? null : Found(value, kind switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.Array => "an array",
            JsonValueKind.Object => "an object",
            _ => kind.ToString(),
        });

    private static string Found(JsonElement value, string expected) => $"the fixture has {Kind(value)}, not {expected}";

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Null => "null",
        _ => value.ValueKind.ToString(),
    };
}
