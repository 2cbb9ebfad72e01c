using System;
using System.Collections.Generic;
using FlexInference.Generator.Common;
using FlexInference.Generator.Diagnostics;
using FlexInference.Generator.Json;
using FlexInference.Generator.Model;

namespace FlexInference.Generator.Spec;

internal sealed partial class SpecReader
{
    private TypeRef? BuildUnion(JsonObject schema, string name, JsonArray members, bool isNamed)
    {
        var candidates = new List<JsonObject>();
        foreach (JsonNode member in members.Items)
        {
            if (member is not JsonObject memberObject)
            {
                Report(DiagnosticDescriptors.InvalidSchemaValue, member.Span, Identifier.Unescape(name), "every oneOf/anyOf member must be a schema object");
                return null;
            }

            if (!IsNullSchema(memberObject))
            {
                candidates.Add(memberObject);
            }
        }

        if (candidates.Count == 0)
        {
            Report(DiagnosticDescriptors.UnsupportedConstruct, members.Span, $"The union \"{Identifier.Unescape(name)}\"", "it has no member other than null");
            return null;
        }

        if (candidates.Count == 1)
        {
            // "anyOf": [X, {"type": "null"}] is just a nullable X.
            return BuildSchema(candidates[0], name, isNamed);
        }

        if (IsOpenStringEnum(candidates, out JsonArray? values))
        {
            // "anyOf": [{"type": "string"}, {"enum": [...]}] is OpenAI's spelling of an open enum.
            return BuildEnum(schema, name, values!, isNamed);
        }

        if (!isNamed && !Claim(name, $"inline union \"{name}\"", "Inline union", name, members.Span))
        {
            return null;
        }

        var variants = new List<UnionVariantModel>();
        var variantSchemas = new List<JsonObject?>();
        var variantNames = new HashSet<string>(StringComparer.Ordinal);
        var kindsSeen = new Dictionary<Model.JsonValueKind, string>();
        string unionName = Identifier.Unescape(name);
        for (int i = 0; i < candidates.Count; i++)
        {
            JsonObject member = candidates[i];
            TypeRef? type = BuildSchema(member, unionName + "Variant" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), isNamed: false);
            if (type is null)
            {
                return null;
            }

            if (type.Kind == TypeKind.Any)
            {
                continue; // "any JSON" adds nothing: an unmatched value is kept raw anyway
            }

            Model.JsonValueKind kind = KindOf(type);
            string variantName = member.GetString("x-variant-name") ?? VariantName(member, type, i);
            if (kind != Model.JsonValueKind.Object)
            {
                if (kindsSeen.TryGetValue(kind, out string? previous))
                {
                    Report(DiagnosticDescriptors.UnsupportedConstruct, member.Span, $"The union \"{unionName}\"",
                        $"members \"{previous}\" and \"{variantName}\" are both JSON {kind.ToString().ToLowerInvariant()}s, so a value cannot be told apart; merge them");
                    return null;
                }

                kindsSeen[kind] = variantName;
            }

            if (!variantNames.Add(variantName) || variantName is "Unknown" or "Json")
            {
                Report(DiagnosticDescriptors.NameCollision, member.Span, "Union member", variantName, variantName,
                    $"another member of \"{unionName}\" (or a built-in member: IsUnknown, FromJson); set \"x-variant-name\"");
                return null;
            }

            JsonObject? objectSchema = kind == Model.JsonValueKind.Object ? TargetObject(member) : null;
            variants.Add(new UnionVariantModel(variantName, type, kind, EquatableArray<string>.Empty, RequiredNames(objectSchema)));
            variantSchemas.Add(objectSchema);
        }

        if (!ApplyDiscriminator(schema, unionName, variants, variantSchemas, out string? discriminator))
        {
            return null;
        }

        string? discriminatorName = discriminator is null ? null : Identifier.ToPascalCase(discriminator);
        _types.Add(new UnionModel(Namespace, name, Description(schema), variants.ToEquatableArray(), discriminator, discriminatorName));
        return TypeRef.Named(TypeKind.Union, name);
    }

    private static bool IsOpenStringEnum(List<JsonObject> candidates, out JsonArray? values)
    {
        values = null;
        foreach (JsonObject candidate in candidates)
        {
            if (candidate["$ref"] is not null || candidate["type"] is not JsonString { Value: "string" } || candidate["pattern"] is not null)
            {
                return false;
            }

            if (candidate["enum"] is JsonArray enumValues)
            {
                if (values is not null)
                {
                    return false;
                }

                values = enumValues;
            }
        }

        return values is not null;
    }

    private static Model.JsonValueKind KindOf(TypeRef type) => type.Kind switch
    {
        TypeKind.String or TypeKind.Enum or TypeKind.StartWithin => Model.JsonValueKind.String,
        TypeKind.Int32 or TypeKind.Int64 or TypeKind.Double => Model.JsonValueKind.Number,
        TypeKind.Boolean => Model.JsonValueKind.Boolean,
        TypeKind.List => Model.JsonValueKind.Array,
        _ => Model.JsonValueKind.Object,
    };

    private string VariantName(JsonObject member, TypeRef type, int index)
    {
        if (member["$ref"] is JsonString reference && reference.Value.StartsWith(SchemaPrefix, StringComparison.Ordinal))
        {
            return Identifier.Unescape(_schemaNames[Unescape(reference.Value.Substring(SchemaPrefix.Length))]);
        }

        if (member.GetString("title") is { Length: > 0 } title)
        {
            return Identifier.ToPascalCase(title);
        }

        return type.Kind switch
        {
            TypeKind.String => "String",
            TypeKind.Int32 or TypeKind.Int64 => "Integer",
            TypeKind.Double => "Number",
            TypeKind.Boolean => "Boolean",
            TypeKind.List => ElementName(type.Element!) + "List",
            TypeKind.Map => "Map",
            _ => type.Name is null ? "Variant" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : Identifier.Unescape(type.Name),
        };
    }

    private static string ElementName(TypeRef element) => element.Kind switch
    {
        TypeKind.String => "String",
        TypeKind.Int32 or TypeKind.Int64 => "Integer",
        TypeKind.Double => "Number",
        TypeKind.Boolean => "Boolean",
        TypeKind.Any => "Json",
        TypeKind.List => ElementName(element.Element!) + "List",
        TypeKind.Map => "Map",
        _ => Identifier.Unescape(element.Name!),
    };

    /// <summary>The object schema a member stands for (following one <c>$ref</c>), to read its pinned values.</summary>
    private JsonObject? TargetObject(JsonObject member)
    {
        if (member["$ref"] is JsonString reference && reference.Value.StartsWith(SchemaPrefix, StringComparison.Ordinal))
        {
            return _schemas.TryGetValue(Unescape(reference.Value.Substring(SchemaPrefix.Length)), out JsonObject? target) ? target : null;
        }

        return member;
    }

    private EquatableArray<string> RequiredNames(JsonObject? schema)
    {
        if (schema is null || (schema["oneOf"] ?? schema["anyOf"]) is not null)
        {
            return EquatableArray<string>.Empty;
        }

        var gathered = new GatheredProperties();
        int before = _diagnostics.Count;
        bool ok = Gather(schema, gathered, new HashSet<JsonObject>());
        _diagnostics.RemoveRange(before, _diagnostics.Count - before); // already reported when the record itself was built
        if (!ok)
        {
            return EquatableArray<string>.Empty;
        }

        var names = new List<string>();
        foreach (JsonProperty property in gathered.Properties)
        {
            if (gathered.Required.Contains(property.Name))
            {
                names.Add(property.Name);
            }
        }

        return names.ToEquatableArray();
    }

    /// <summary>The value a member schema pins its <paramref name="property"/> to, if any.</summary>
    private string? PinnedValue(JsonObject? schema, string property)
    {
        if (schema is null)
        {
            return null;
        }

        var gathered = new GatheredProperties();
        int before = _diagnostics.Count;
        bool ok = Gather(schema, gathered, new HashSet<JsonObject>());
        _diagnostics.RemoveRange(before, _diagnostics.Count - before);
        if (!ok)
        {
            return null;
        }

        JsonProperty? match = gathered.Properties.Find(p => p.Name == property);
        return match?.Value is JsonObject propertySchema ? ConstValue(propertySchema) : null;
    }

    /// <summary>
    /// Works out which discriminator values select which member: the explicit <c>discriminator</c> (with or without
    /// a mapping), or an implicit one when every object member pins the same property.
    /// </summary>
    private bool ApplyDiscriminator(JsonObject schema, string unionName, List<UnionVariantModel> variants, List<JsonObject?> variantSchemas, out string? propertyName)
    {
        propertyName = null;
        JsonNode? discriminatorNode = schema["discriminator"];
        if (discriminatorNode is null)
        {
            propertyName = ImplicitDiscriminator(variants, variantSchemas);
            if (propertyName is null)
            {
                return true;
            }
        }
        else if (discriminatorNode is not JsonObject discriminator || discriminator["propertyName"] is not JsonString name)
        {
            Report(DiagnosticDescriptors.InvalidDiscriminator, discriminatorNode.Span, unionName, "\"discriminator\" needs a \"propertyName\" string");
            return false;
        }
        else
        {
            propertyName = name.Value;
            if (discriminator["mapping"] is JsonObject mapping && !ApplyMapping(mapping, unionName, variants))
            {
                return false;
            }
        }

        for (int i = 0; i < variants.Count; i++)
        {
            UnionVariantModel variant = variants[i];
            if (variant.Kind != Model.JsonValueKind.Object || variant.DiscriminatorValues.Count > 0)
            {
                continue;
            }

            string? pinned = PinnedValue(variantSchemas[i], propertyName);
            if (pinned is not null)
            {
                variants[i] = variant with { DiscriminatorValues = new EquatableArray<string>(new[] { pinned }) };
            }
            else if (variant.Type.Kind == TypeKind.Record)
            {
                Report(DiagnosticDescriptors.InvalidDiscriminator, (discriminatorNode ?? schema).Span, unionName,
                    $"member \"{variant.Name}\" does not pin \"{propertyName}\" with \"const\" and has no \"mapping\" entry; add one of them");
                return false;
            }
        }

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (UnionVariantModel variant in variants)
        {
            foreach (string value in variant.DiscriminatorValues)
            {
                if (seen.TryGetValue(value, out string? other))
                {
                    Report(DiagnosticDescriptors.InvalidDiscriminator, (discriminatorNode ?? schema).Span, unionName,
                        $"the value \"{value}\" selects both \"{other}\" and \"{variant.Name}\"");
                    return false;
                }

                seen[value] = variant.Name;
            }
        }

        return true;
    }

    private bool ApplyMapping(JsonObject mapping, string unionName, List<UnionVariantModel> variants)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (JsonProperty entry in mapping.Properties)
        {
            if (entry.Value is not JsonString target)
            {
                Report(DiagnosticDescriptors.InvalidDiscriminator, entry.Value.Span, unionName, $"mapping \"{entry.Name}\" must be a \"#/components/schemas/...\" string");
                return false;
            }

            string key = target.Value.StartsWith(SchemaPrefix, StringComparison.Ordinal) ? Unescape(target.Value.Substring(SchemaPrefix.Length)) : target.Value;
            string? variantName = _schemaNames.TryGetValue(key, out string? schemaName) ? Identifier.Unescape(schemaName) : null;
            if (variantName is null || variants.FindIndex(v => v.Type.Name is not null && Identifier.Unescape(v.Type.Name) == variantName) < 0)
            {
                Report(DiagnosticDescriptors.InvalidDiscriminator, target.Span, unionName,
                    $"mapping \"{entry.Name}\" points at \"{target.Value}\", which is not a member of the union");
                return false;
            }

            if (!values.TryGetValue(variantName, out List<string>? list))
            {
                values[variantName] = list = new List<string>();
            }

            list.Add(entry.Name);
        }

        for (int i = 0; i < variants.Count; i++)
        {
            if (variants[i].Type.Name is { } typeName && values.TryGetValue(Identifier.Unescape(typeName), out List<string>? mapped))
            {
                variants[i] = variants[i] with { DiscriminatorValues = mapped.ToEquatableArray() };
            }
        }

        return true;
    }

    private string? ImplicitDiscriminator(List<UnionVariantModel> variants, List<JsonObject?> variantSchemas)
    {
        int objects = 0;
        foreach (UnionVariantModel variant in variants)
        {
            objects += variant.Kind == Model.JsonValueKind.Object && variant.Type.Kind == TypeKind.Record ? 1 : 0;
        }

        if (objects < 2)
        {
            return null;
        }

        foreach (string candidate in new[] { "type", "event_type", "object", "role" })
        {
            bool all = true;
            for (int i = 0; i < variants.Count && all; i++)
            {
                if (variants[i].Kind == Model.JsonValueKind.Object && variants[i].Type.Kind == TypeKind.Record)
                {
                    all = PinnedValue(variantSchemas[i], candidate) is not null;
                }
            }

            if (all)
            {
                return candidate;
            }
        }

        return null;
    }
}
