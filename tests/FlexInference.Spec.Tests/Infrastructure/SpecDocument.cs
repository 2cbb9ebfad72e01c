using System.Text.Json;

namespace FlexInference.Spec.Tests.Infrastructure;

/// <summary>A union of the spec as the tests need it: its name, how members are told apart, and whether all are strings.</summary>
/// <param name="Name">The component schema name, or a description of an inline union.</param>
/// <param name="Discriminator">The discriminator property, if the union has one.</param>
/// <param name="Mapping">Discriminator value to member schema name (empty without a discriminator).</param>
/// <param name="AllStrings">Every member is a string schema, so a plain string property reads it faithfully.</param>
internal sealed record SpecUnion(string Name, string? Discriminator, IReadOnlyDictionary<string, string> Mapping, bool AllStrings);

/// <summary>Read-only access to the checked-in OpenAPI document (copied next to the test assembly).</summary>
internal static class SpecDocument
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "openapi", "flexinference.openapi.json"))));

    public static JsonElement Schemas => Document.Value.RootElement.GetProperty("components").GetProperty("schemas");

    public static bool HasSchema(string name) => Schemas.TryGetProperty(name, out _);

    /// <summary>The properties of a component schema, including those it takes from <c>allOf</c> parts.</summary>
    public static IReadOnlyDictionary<string, JsonElement> PropertiesOf(string schemaName)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        Collect(Schemas.GetProperty(schemaName), result);
        return result;

        static void Collect(JsonElement schema, Dictionary<string, JsonElement> into)
        {
            if (schema.TryGetProperty("$ref", out JsonElement reference))
            {
                Collect(Resolve(reference.GetString()!), into);
            }

            if (schema.TryGetProperty("allOf", out JsonElement parts))
            {
                foreach (JsonElement part in parts.EnumerateArray())
                {
                    Collect(part, into);
                }
            }

            if (schema.TryGetProperty("properties", out JsonElement properties))
            {
                foreach (JsonProperty property in properties.EnumerateObject())
                {
                    into[property.Name] = property.Value;
                }
            }
        }
    }

    /// <summary>
    /// The union a property's schema holds, looking through <c>oneOf: [X, {type: null}]</c>, <c>$ref</c> and array
    /// items; null when it is not a union.
    /// </summary>
    public static SpecUnion? UnionAt(JsonElement schema)
    {
        schema = WithoutNull(schema);
        if (schema.TryGetProperty("$ref", out JsonElement reference))
        {
            string name = reference.GetString()!.Split('/')[^1];
            return UnionOf(Resolve(reference.GetString()!), name);
        }

        return UnionOf(schema, "(inline)");
    }

    private static SpecUnion? UnionOf(JsonElement schema, string name)
    {
        if (schema.TryGetProperty("type", out JsonElement type) && type.ValueKind == JsonValueKind.String && type.GetString() == "array" &&
            schema.TryGetProperty("items", out JsonElement items))
        {
            return UnionAt(items);
        }

        if (!schema.TryGetProperty("oneOf", out JsonElement members) && !schema.TryGetProperty("anyOf", out members))
        {
            return null;
        }

        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        string? discriminator = null;
        if (schema.TryGetProperty("discriminator", out JsonElement d))
        {
            discriminator = d.GetProperty("propertyName").GetString();
            if (d.TryGetProperty("mapping", out JsonElement map))
            {
                foreach (JsonProperty entry in map.EnumerateObject())
                {
                    mapping[entry.Name] = entry.Value.GetString()!.Split('/')[^1];
                }
            }
        }

        bool allStrings = members.EnumerateArray().All(member =>
        {
            JsonElement resolved = member.TryGetProperty("$ref", out JsonElement r) ? Resolve(r.GetString()!) : member;
            return resolved.TryGetProperty("type", out JsonElement t) && t.ValueKind == JsonValueKind.String && t.GetString() == "string";
        });
        return new SpecUnion(name, discriminator, mapping, allStrings);
    }

    /// <summary><c>oneOf: [X, {type: null}]</c> is how the spec writes a nullable X; it is not a union.</summary>
    private static JsonElement WithoutNull(JsonElement schema)
    {
        if (schema.TryGetProperty("oneOf", out JsonElement members))
        {
            var nonNull = members.EnumerateArray()
                .Where(m => !(m.TryGetProperty("type", out JsonElement t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null"))
                .ToList();
            if (nonNull.Count == 1 && nonNull.Count < members.GetArrayLength())
            {
                return nonNull[0];
            }
        }

        return schema;
    }

    private static JsonElement Resolve(string reference)
    {
        const string Prefix = "#/components/schemas/";
        if (!reference.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new NotSupportedException($"Only local component references are expected, not '{reference}'.");
        }

        return Schemas.GetProperty(reference[Prefix.Length..]);
    }
}
