using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using FlexInference.Generator.Common;
using FlexInference.Generator.Diagnostics;
using FlexInference.Generator.Json;
using FlexInference.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace FlexInference.Generator.Spec;

/// <summary>
/// Reads an OpenAPI document into the models the emitters need, reporting every problem at its line and column.
/// A problem in one schema skips only that schema, so one typo does not hide every other diagnostic.
/// </summary>
internal sealed partial class SpecReader
{
    private const string SchemaPrefix = "#/components/schemas/";

    private static readonly HashSet<string> UnsupportedKeywords = new(StringComparer.Ordinal)
    {
        "not", "if", "then", "else", "patternProperties", "dependentSchemas", "dependentRequired", "prefixItems",
        "$dynamicRef", "$recursiveRef", "unevaluatedProperties", "unevaluatedItems", "contains", "propertyNames",
    };

    private static readonly HashSet<string> EnumReservedMembers = new(StringComparer.Ordinal)
    {
        "Value", "IsKnown", "KnownValues", "Equals", "GetHashCode", "ToString", "GetType",
    };

    private readonly SpecFile _file;
    private readonly SourceText _text;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly List<TypeModel> _types = new();
    private readonly List<TypeModel> _descriptors = new();
    private readonly Dictionary<string, JsonObject> _schemas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonProperty> _schemaProperties = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _schemaNames = new(StringComparer.Ordinal);

    // C# name → what claimed it, so two sources of the same name are reported instead of producing CS0101.
    private readonly Dictionary<string, string> _claimedNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TypeRef?> _resolved = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resolving = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RecordModel> _records = new(StringComparer.Ordinal);

    private SpecReader(SpecFile file)
    {
        _file = file;
        _text = SourceText.From(file.Content);
    }

    /// <summary>Reads one spec file. Never throws: an unexpected failure becomes <c>FLEXGEN006</c>.</summary>
    public static SpecResult Read(SpecFile file)
    {
        var reader = new SpecReader(file);
        try
        {
            reader.ReadDocument();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            reader.Report(DiagnosticDescriptors.UnexpectedException, new TextSpan(0, 0), exception.GetType().Name, exception.Message);
            reader._types.Clear();
            reader._descriptors.Clear();
        }

        return new SpecResult(reader._types.ToEquatableArray(), reader._descriptors.ToEquatableArray(), reader._diagnostics.ToEquatableArray());
    }

    private string Namespace => _file.Namespace;

    private void ReadDocument()
    {
        JsonNode root;
        try
        {
            root = JsonParser.Parse(_file.Content);
        }
        catch (JsonSyntaxException exception)
        {
            Report(DiagnosticDescriptors.MalformedJson, new TextSpan(Math.Min(exception.Position, _file.Content.Length), 0), exception.Message);
            return;
        }

        if (root is not JsonObject document)
        {
            Report(DiagnosticDescriptors.InvalidDocument, root.Span, "the root must be a JSON object");
            return;
        }

        if (document["openapi"] is not JsonString version || !version.Value.StartsWith("3.", StringComparison.Ordinal))
        {
            Report(DiagnosticDescriptors.InvalidDocument, (document.GetProperty("openapi")?.Value ?? document).Span,
                "\"openapi\" must be a 3.x version string such as \"3.1.0\"");
            return;
        }

        if ((document["components"] as JsonObject)?["schemas"] is not JsonObject schemas)
        {
            Report(DiagnosticDescriptors.InvalidDocument, (document["components"] ?? document).Span,
                "\"components.schemas\" must be an object holding the schemas to generate");
            return;
        }

        ClaimSchemaNames(schemas);
        foreach (JsonProperty schema in schemas.Properties)
        {
            if (_schemaNames.ContainsKey(schema.Name))
            {
                ResolveNamedSchema(schema.Name);
            }
        }

        ErrorCatalogModel? errors = ReadErrorCatalog(document);
        if (errors is not null)
        {
            _types.Add(errors);
        }

        var contextTypes = new List<string>();
        foreach (TypeModel type in _types)
        {
            if (type is RecordModel or EnumModel or UnionModel or StartWithinModel)
            {
                contextTypes.Add(type.Name);
            }
        }

        const string contextName = "FlexInferenceJsonContext";
        _types.Add(new SupportModel(Namespace));
        _types.Add(new JsonContextModel(Namespace, contextName, contextTypes.ToEquatableArray()));

        // Descriptors travel apart from the types: they only point at types by name, so a schema edit re-emits them
        // only when a name, path or extension value they carry changes.
        OperationCatalogModel? operations = ReadOperations(document, contextName, new HashSet<string>(contextTypes, StringComparer.Ordinal));
        if (operations is not null)
        {
            _descriptors.Add(operations);
        }

        RequestRulesModel? rules = ReadRequestRules();
        if (rules is not null)
        {
            _descriptors.Add(rules);
        }
    }

    private void ClaimSchemaNames(JsonObject schemas)
    {
        foreach (JsonProperty schema in schemas.Properties)
        {
            if (schema.Value is not JsonObject schemaObject)
            {
                if (schema.Value is not JsonBoolean)
                {
                    Report(DiagnosticDescriptors.InvalidSchemaValue, schema.Value.Span, schema.Name, "a schema must be a JSON object");
                }

                continue;
            }

            string raw = schemaObject.GetString("x-csharp-name") ?? Identifier.Sanitize(schema.Name);
            string name = raw;
            if (Identifier.IsKeyword(raw))
            {
                Report(DiagnosticDescriptors.KeywordEscaped, schema.NameSpan, raw);
                name = "@" + raw;
            }

            if (!Claim(name, $"schema \"{schema.Name}\"", "Schema", schema.Name, schema.NameSpan))
            {
                continue;
            }

            _schemas[schema.Name] = schemaObject;
            _schemaProperties[schema.Name] = schema;
            _schemaNames[schema.Name] = name;
        }
    }

    private bool Claim(string name, string owner, string kind, string source, TextSpan span)
    {
        string key = Identifier.Unescape(name);
        if (_claimedNames.TryGetValue(key, out string? existing))
        {
            Report(DiagnosticDescriptors.NameCollision, span, kind, source, key, existing);
            return false;
        }

        _claimedNames[key] = owner;
        return true;
    }

    /// <summary>Resolves a schema of <c>components.schemas</c> once, emitting its type the first time.</summary>
    private TypeRef? ResolveNamedSchema(string key)
    {
        if (_resolved.TryGetValue(key, out TypeRef? known))
        {
            return known;
        }

        string name = _schemaNames[key];
        JsonObject schema = _schemas[key];

        // Records, enums and unions are referenced by name, so a cycle through them is fine; only an alias
        // (a named array or map) that refers back to itself cannot be expanded.
        if (!_resolving.Add(key))
        {
            TypeRef? byName = PeekNamedKind(schema, name);
            if (byName is null)
            {
                Report(DiagnosticDescriptors.UnsupportedConstruct, _schemaProperties[key].NameSpan, $"Schema \"{key}\"",
                    "it refers to itself without passing through an object, enum or union");
            }

            return byName;
        }

        try
        {
            TypeRef? result = BuildSchema(schema, name, isNamed: true);
            _resolved[key] = result;
            return result;
        }
        finally
        {
            _resolving.Remove(key);
        }
    }

    /// <summary>The type a named schema will have, without building it (for self-references).</summary>
    private static TypeRef? PeekNamedKind(JsonObject schema, string name)
    {
        if (schema["x-flexinference-start-within"] is not null)
        {
            return TypeRef.Named(TypeKind.StartWithin, name);
        }

        if (schema["oneOf"] is not null || schema["anyOf"] is not null)
        {
            return TypeRef.Named(TypeKind.Union, name);
        }

        if (schema["enum"] is not null)
        {
            return TypeRef.Named(TypeKind.Enum, name);
        }

        if (schema["properties"] is not null || schema["allOf"] is not null)
        {
            return TypeRef.Named(TypeKind.Record, name);
        }

        return null;
    }

    /// <summary>
    /// Turns a schema into a type reference, emitting a type for it when it needs one (<paramref name="name"/> is the
    /// name to give it). Returns null after reporting when the schema cannot be generated.
    /// </summary>
    private TypeRef? BuildSchema(JsonObject schema, string name, bool isNamed)
    {
        if (!CheckKeywords(schema))
        {
            return null;
        }

        if (schema.GetProperty("x-flexinference-start-within") is { } startWithin)
        {
            return BuildStartWithin(schema, startWithin, name, isNamed);
        }

        if (schema["$ref"] is JsonString reference)
        {
            return ResolveReference(reference);
        }

        if (schema["allOf"] is JsonArray allOf)
        {
            return BuildRecord(schema, name, isNamed);
        }

        JsonNode? unionNode = schema["oneOf"] ?? schema["anyOf"];
        if (unionNode is not null)
        {
            if (unionNode is not JsonArray members || members.Items.Count == 0)
            {
                Report(DiagnosticDescriptors.InvalidSchemaValue, unionNode.Span, name, "\"oneOf\"/\"anyOf\" must be a non-empty array of schemas");
                return null;
            }

            return BuildUnion(schema, name, members, isNamed);
        }

        string? type = GetSingleType(schema, out bool tooManyTypes);
        if (tooManyTypes)
        {
            return TypeRef.Any; // a value of several JSON kinds: kept as raw JSON
        }

        if (schema["enum"] is JsonArray enumValues)
        {
            return BuildEnum(schema, name, enumValues, isNamed);
        }

        switch (type)
        {
            case "string":
                return TypeRef.String;
            case "integer":
                return schema.GetString("format") == "int64" ? TypeRef.Int64 : TypeRef.Int32;
            case "number":
                return TypeRef.Double;
            case "boolean":
                return TypeRef.Boolean;
            case "array":
                return BuildArray(schema, name, isNamed);
            case "object":
            case null:
                if (schema["properties"] is not null)
                {
                    return BuildRecord(schema, name, isNamed);
                }

                if (schema["additionalProperties"] is JsonObject valueSchema)
                {
                    TypeRef? value = BuildSchema(valueSchema, name + "Value", isNamed: false);
                    return value is null ? null : TypeRef.MapOf(value);
                }

                return TypeRef.Any; // free-form object (a JSON Schema, tool arguments...)
            case "null":
                Report(DiagnosticDescriptors.UnsupportedConstruct, schema.Span, $"The schema \"{name}\"", "a schema that only allows null has nothing to generate");
                return null;
            default:
                Report(DiagnosticDescriptors.InvalidSchemaValue, (schema["type"] ?? schema).Span, name,
                    $"\"{type}\" is not a JSON Schema type (string, integer, number, boolean, array, object, null)");
                return null;
        }
    }

    private bool CheckKeywords(JsonObject schema)
    {
        foreach (JsonProperty property in schema.Properties)
        {
            if (UnsupportedKeywords.Contains(property.Name))
            {
                Report(DiagnosticDescriptors.UnsupportedConstruct, property.NameSpan, $"The keyword \"{property.Name}\"",
                    "describe the shape with properties, oneOf/anyOf or allOf instead");
                return false;
            }
        }

        return true;
    }

    private TypeRef? ResolveReference(JsonString reference)
    {
        string target = reference.Value;
        if (!target.StartsWith("#", StringComparison.Ordinal))
        {
            Report(DiagnosticDescriptors.UnsupportedConstruct, reference.Span, $"The external reference \"{target}\"",
                "only local references of the form \"#/components/schemas/Name\" are resolved; copy the schema into this document");
            return null;
        }

        if (!target.StartsWith(SchemaPrefix, StringComparison.Ordinal))
        {
            Report(DiagnosticDescriptors.UnresolvedReference, reference.Span, target, "only \"#/components/schemas/...\" references are supported");
            return null;
        }

        string key = Unescape(target.Substring(SchemaPrefix.Length));
        if (!_schemaNames.ContainsKey(key))
        {
            Report(DiagnosticDescriptors.UnresolvedReference, reference.Span, target, $"there is no schema named \"{key}\" in components.schemas");
            return null;
        }

        return ResolveNamedSchema(key);
    }

    // JSON Pointer escapes (RFC 6901).
    private static string Unescape(string token) => token.Replace("~1", "/").Replace("~0", "~");

    private TypeRef? BuildArray(JsonObject schema, string name, bool isNamed)
    {
        if (schema["items"] is not JsonObject items)
        {
            return TypeRef.ListOf(TypeRef.Any); // items unspecified: any JSON per item
        }

        TypeRef? item = BuildSchema(items, name + "Item", isNamed: false);
        return item is null ? null : TypeRef.ListOf(item);
    }

    private TypeRef? BuildEnum(JsonObject schema, string name, JsonArray values, bool isNamed)
    {
        var members = new List<EnumMemberModel>();
        var memberNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonNode value in values.Items)
        {
            if (value is JsonNull)
            {
                continue; // "enum": [..., null] only makes the value nullable
            }

            if (value is not JsonString text)
            {
                Report(DiagnosticDescriptors.UnsupportedConstruct, value.Span, $"The {value.KindName} enum value in \"{Identifier.Unescape(name)}\"",
                    "only string enums are generated; use \"type\": \"integer\" with minimum/maximum for numbers");
                return null;
            }

            string memberName = Identifier.ToPascalCase(text.Value);
            if (memberName == Identifier.Unescape(name) || EnumReservedMembers.Contains(memberName))
            {
                memberName += "Value"; // CS0542, or a clash with a member every open enum has
            }

            if (!memberNames.Add(memberName))
            {
                Report(DiagnosticDescriptors.NameCollision, text.Span, "Enum value", text.Value, memberName, "another value of the same enum");
                return null;
            }

            members.Add(new EnumMemberModel(text.Value, memberName));
        }

        if (!isNamed && !Claim(name, $"enum \"{Identifier.Unescape(name)}\"", "Inline enum", Identifier.Unescape(name), values.Span))
        {
            return null;
        }

        _types.Add(new EnumModel(Namespace, name, Description(schema), members.ToEquatableArray()));
        return TypeRef.Named(TypeKind.Enum, name);
    }

    private static string? GetSingleType(JsonObject schema, out bool tooManyTypes)
    {
        tooManyTypes = false;
        JsonNode? type = schema["type"];
        if (type is JsonString single)
        {
            return single.Value;
        }

        if (type is JsonArray list)
        {
            string? found = null;
            foreach (JsonNode item in list.Items)
            {
                if (item is JsonString text && text.Value != "null")
                {
                    if (found is not null)
                    {
                        tooManyTypes = true;
                        return null;
                    }

                    found = text.Value;
                }
            }

            return found ?? "null";
        }

        return null;
    }

    /// <summary>Whether a schema lets the value be JSON null (3.1 type lists, 3.0 <c>nullable</c>, a null union member).</summary>
    private static bool AllowsNull(JsonObject schema)
    {
        if (schema["nullable"] is JsonBoolean { Value: true })
        {
            return true;
        }

        if (schema["type"] is JsonArray types)
        {
            foreach (JsonNode item in types.Items)
            {
                if (item is JsonString { Value: "null" })
                {
                    return true;
                }
            }
        }

        if (schema["enum"] is JsonArray values)
        {
            foreach (JsonNode item in values.Items)
            {
                if (item is JsonNull)
                {
                    return true;
                }
            }
        }

        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray members)
        {
            foreach (JsonNode member in members.Items)
            {
                if (member is JsonObject memberObject && IsNullSchema(memberObject))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsNullSchema(JsonObject schema) =>
        schema["type"] is JsonString { Value: "null" } || (schema["const"] is JsonNull);

    private static string? ConstValue(JsonObject schema)
    {
        if (schema["const"] is JsonString constant)
        {
            return constant.Value;
        }

        if (schema["enum"] is JsonArray { Items.Count: 1 } values && values.Items[0] is JsonString only)
        {
            return only.Value;
        }

        return null;
    }

    private static string? Description(JsonObject schema)
    {
        string? description = schema.GetString("description") ?? schema.GetString("title");
        return string.IsNullOrWhiteSpace(description) ? null : description!.Trim();
    }

    private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, TextSpan span, params string[] arguments)
    {
        var location = new LocationInfo(_file.Path, span, _text.Lines.GetLinePositionSpan(span));
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));
    }

    private static bool TryGetInt(JsonNode? node, out int value)
    {
        value = 0;
        return node is JsonNumber number && int.TryParse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    private static bool IsValidRegex(string pattern, out int groups, out string? error)
    {
        try
        {
            var regex = new Regex(pattern, RegexOptions.ECMAScript | RegexOptions.CultureInvariant);
            groups = regex.GetGroupNumbers().Length - 1;
            error = null;
            return true;
        }
        catch (ArgumentException exception)
        {
            groups = 0;
            error = exception.Message;
            return false;
        }
    }
}
