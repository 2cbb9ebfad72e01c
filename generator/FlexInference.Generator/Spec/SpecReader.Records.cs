using System;
using System.Collections.Generic;
using FlexInference.Generator.Common;
using FlexInference.Generator.Diagnostics;
using FlexInference.Generator.Json;
using FlexInference.Generator.Model;

namespace FlexInference.Generator.Spec;

internal sealed partial class SpecReader
{
    /// <summary>The properties of an object schema with <c>allOf</c> flattened, in document order.</summary>
    private sealed class GatheredProperties
    {
        public List<JsonProperty> Properties { get; } = new();

        public HashSet<string> Required { get; } = new(StringComparer.Ordinal);

        public void Add(JsonProperty property)
        {
            int existing = Properties.FindIndex(p => p.Name == property.Name);
            if (existing >= 0)
            {
                Properties[existing] = property; // a later allOf member refines an earlier one
            }
            else
            {
                Properties.Add(property);
            }
        }
    }

    private TypeRef? BuildRecord(JsonObject schema, string name, bool isNamed)
    {
        var gathered = new GatheredProperties();
        if (!Gather(schema, gathered, new HashSet<JsonObject>()))
        {
            return null;
        }

        if (!isNamed && !Claim(name, $"inline object \"{name}\"", "Inline object", name, schema.Span))
        {
            return null;
        }

        var properties = new List<PropertyModel>();
        var propertyNames = new Dictionary<string, string>(StringComparer.Ordinal);
        string typeName = Identifier.Unescape(name);
        foreach (JsonProperty property in gathered.Properties)
        {
            JsonObject? propertySchema = property.Value as JsonObject;
            string csharpName = propertySchema?.GetString("x-csharp-name") ?? Identifier.ToPascalCase(property.Name);
            if (csharpName == typeName || Identifier.ReservedRecordMembers.Contains(csharpName))
            {
                csharpName += "Value"; // CS0542 (member named like its type) or a clash with a member every record has
            }

            if (propertyNames.TryGetValue(csharpName, out string? other))
            {
                Report(DiagnosticDescriptors.NameCollision, property.NameSpan, "Property", property.Name, csharpName,
                    $"property \"{other}\" of \"{typeName}\"");
                continue;
            }

            propertyNames[csharpName] = property.Name;
            PropertyModel? model = BuildProperty(property, propertySchema, typeName + csharpName, csharpName, gathered.Required.Contains(property.Name));
            if (model is not null)
            {
                properties.Add(model);
            }
        }

        var record = new RecordModel(Namespace, name, Description(schema), properties.ToEquatableArray());
        _records[name] = record;
        _types.Add(record);
        return TypeRef.Named(TypeKind.Record, name);
    }

    private PropertyModel? BuildProperty(JsonProperty property, JsonObject? schema, string inlineName, string csharpName, bool required)
    {
        if (schema is null)
        {
            if (property.Value is JsonBoolean)
            {
                // "prop": true accepts any JSON value.
                return new PropertyModel(property.Name, csharpName, TypeRef.Any, required, !required, null, null);
            }

            Report(DiagnosticDescriptors.InvalidSchemaValue, property.Value.Span, property.Name, "a property schema must be a JSON object");
            return null;
        }

        string? constant = ConstValue(schema);
        if (constant is not null)
        {
            // A pinned value (usually a discriminator): pre-set, so callers never have to write it.
            return new PropertyModel(property.Name, csharpName, TypeRef.String, IsRequired: false, IsNullable: false, constant, PropertyDescription(schema));
        }

        TypeRef? type = BuildSchema(schema, inlineName, isNamed: false);
        if (type is null)
        {
            return null;
        }

        bool nullable = !required || AllowsNull(schema);
        return new PropertyModel(property.Name, csharpName, type, required, nullable, null, PropertyDescription(schema));
    }

    /// <summary>The description next to a <c>$ref</c> wins over the referenced schema's (OpenAPI 3.1 allows siblings).</summary>
    private string? PropertyDescription(JsonObject schema)
    {
        string? own = Description(schema);
        if (own is not null || schema["$ref"] is not JsonString reference || !reference.Value.StartsWith(SchemaPrefix, StringComparison.Ordinal))
        {
            return own;
        }

        return _schemas.TryGetValue(Unescape(reference.Value.Substring(SchemaPrefix.Length)), out JsonObject? target) ? Description(target) : null;
    }

    /// <summary>Collects properties and required names, following <c>allOf</c> members and their references.</summary>
    private bool Gather(JsonObject schema, GatheredProperties into, HashSet<JsonObject> visited)
    {
        if (!visited.Add(schema))
        {
            Report(DiagnosticDescriptors.UnsupportedConstruct, schema.Span, "An allOf cycle", "a schema cannot include itself through allOf");
            return false;
        }

        if (schema["allOf"] is JsonNode allOfNode)
        {
            if (allOfNode is not JsonArray allOf)
            {
                Report(DiagnosticDescriptors.InvalidSchemaValue, allOfNode.Span, "allOf", "\"allOf\" must be an array of schemas");
                return false;
            }

            foreach (JsonNode member in allOf.Items)
            {
                if (member is not JsonObject memberObject)
                {
                    Report(DiagnosticDescriptors.InvalidSchemaValue, member.Span, "allOf", "every allOf member must be a schema object");
                    return false;
                }

                JsonObject? target = memberObject;
                if (memberObject["$ref"] is JsonString reference)
                {
                    target = ResolveForGather(reference);
                    if (target is null)
                    {
                        return false;
                    }
                }

                if ((target["oneOf"] ?? target["anyOf"]) is JsonNode union)
                {
                    Report(DiagnosticDescriptors.UnsupportedConstruct, union.Span, "An allOf member with oneOf/anyOf",
                        "allOf can only merge object schemas; make the union a property instead");
                    return false;
                }

                if (!Gather(target, into, visited))
                {
                    return false;
                }
            }
        }

        if (schema["properties"] is JsonNode propertiesNode)
        {
            if (propertiesNode is not JsonObject properties)
            {
                Report(DiagnosticDescriptors.InvalidSchemaValue, propertiesNode.Span, "properties", "\"properties\" must be an object");
                return false;
            }

            foreach (JsonProperty property in properties.Properties)
            {
                into.Add(property);
            }
        }

        if (schema["required"] is JsonNode requiredNode)
        {
            if (requiredNode is not JsonArray required)
            {
                Report(DiagnosticDescriptors.InvalidSchemaValue, requiredNode.Span, "required", "\"required\" must be an array of property names");
                return false;
            }

            foreach (JsonNode item in required.Items)
            {
                if (item is JsonString name)
                {
                    into.Required.Add(name.Value);
                }
            }
        }

        visited.Remove(schema);
        return true;
    }

    private JsonObject? ResolveForGather(JsonString reference)
    {
        if (!reference.Value.StartsWith(SchemaPrefix, StringComparison.Ordinal))
        {
            return ResolveReference(reference) is null ? null : ReportNotObject(reference);
        }

        string key = Unescape(reference.Value.Substring(SchemaPrefix.Length));
        if (_schemas.TryGetValue(key, out JsonObject? target))
        {
            return target;
        }

        Report(DiagnosticDescriptors.UnresolvedReference, reference.Span, reference.Value, $"there is no schema named \"{key}\" in components.schemas");
        return null;
    }

    private JsonObject? ReportNotObject(JsonString reference)
    {
        Report(DiagnosticDescriptors.UnsupportedConstruct, reference.Span, $"The allOf reference \"{reference.Value}\"", "allOf members must be object schemas");
        return null;
    }
}
