using System;
using System.Collections.Generic;
using FlexInference.Generator.Common;
using FlexInference.Generator.Diagnostics;
using FlexInference.Generator.Json;
using FlexInference.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace FlexInference.Generator.Spec;

/// <summary>
/// The operation descriptors: <c>x-flexinference-surface</c> on the operations of <c>paths</c>, the
/// <c>x-flexinference-hint</c> of their required request fields, and the rules of <c>FlexInferenceRequestFields</c>.
/// </summary>
internal sealed partial class SpecReader
{
    private const string SurfaceExtension = "x-flexinference-surface";
    private const string HintExtension = "x-flexinference-hint";

    private static readonly string[] HttpMethods = { "get", "put", "post", "delete", "options", "head", "patch", "trace" };

    // Fields every create operation requires that the client checks elsewhere (model) or fills in (start_within).
    private static readonly HashSet<string> UnhintedRequiredFields = new(StringComparer.Ordinal) { "model", "start_within" };

    private static readonly HashSet<string> SurfaceKeys = new(StringComparer.Ordinal) { "name", "result", "stream" };
    private static readonly HashSet<string> ResultKeys = new(StringComparer.Ordinal) { "serviceTier", "usage", "inputTokens", "outputTokens" };
    private static readonly HashSet<string> StreamKeys = new(StringComparer.Ordinal)
    {
        "eventType", "failureObject", "terminal", "failure", "skip", "errorAt", "facts", "usage", "serviceTier", "textDelta", "streamingDefaults",
    };

    private static readonly HashSet<string> TextDeltaKeys = new(StringComparer.Ordinal) { "event", "path", "when", "whenValues" };
    private static readonly HashSet<string> HintKeys = new(StringComparer.Ordinal) { "purpose", "shape", "fix", "example" };

    /// <summary>
    /// A malformed descriptor value. Thrown deep inside the (deeply nested) extension reader and caught per operation,
    /// so one bad value skips exactly that operation with one diagnostic at the value.
    /// </summary>
    private sealed class DescriptorException : Exception
    {
        public DescriptorException(TextSpan span, string reason)
            : base(reason) => Span = span;

        public TextSpan Span { get; }
    }

    /// <summary>Reads every operation with <c>x-flexinference-surface</c>; null when no operation has one.</summary>
    private OperationCatalogModel? ReadOperations(JsonObject document, string contextName, HashSet<string> contextTypes)
    {
        if (document["paths"] is not JsonObject paths)
        {
            return null;
        }

        bool anySurface = false;
        var operations = new List<OperationModel>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty path in paths.Properties)
        {
            if (path.Value is not JsonObject item)
            {
                continue;
            }

            foreach (JsonProperty operation in item.Properties)
            {
                if (Array.IndexOf(HttpMethods, operation.Name) < 0 || operation.Value is not JsonObject operationObject
                    || operationObject.GetProperty(SurfaceExtension) is not { } surface)
                {
                    continue;
                }

                anySurface = true;
                string operationId = operationObject.GetString("operationId") ?? operation.Name.ToUpperInvariant() + " " + path.Name;
                try
                {
                    OperationModel model = ReadOperation(path.Name, operation.Name, operationObject, surface, contextTypes);
                    if (!names.Add(model.Name))
                    {
                        throw new DescriptorException(((JsonObject)surface.Value)["name"]!.Span, $"another operation already has the surface name \"{model.Name}\"");
                    }

                    operations.Add(model);
                }
                catch (DescriptorException exception)
                {
                    Report(DiagnosticDescriptors.InvalidOperationDescriptor, exception.Span, $"The operation \"{operationId}\"", exception.Message);
                }
            }
        }

        return anySurface ? new OperationCatalogModel(Namespace, contextName, operations.ToEquatableArray()) : null;
    }

    private OperationModel ReadOperation(string path, string method, JsonObject operation, JsonProperty surfaceProperty, HashSet<string> contextTypes)
    {
        JsonObject surface = ExpectObject(surfaceProperty.Value, SurfaceExtension);
        CheckKeys(surface, SurfaceKeys, SurfaceExtension);
        if (operation["operationId"] is not JsonString { Value.Length: > 0 } operationId)
        {
            throw new DescriptorException((operation["operationId"] ?? surfaceProperty.Value).Span, "an operation with x-flexinference-surface needs an \"operationId\"");
        }

        JsonNode nameNode = surface["name"] ?? throw new DescriptorException(surface.Span, "\"name\" is required");
        string name = ExpectString(nameNode, "name");
        if (Identifier.Sanitize(name) != name || Identifier.IsKeyword(name) || name is "All" or "FlexInferenceOperations")
        {
            throw new DescriptorException(nameNode.Span, $"\"name\" must be a C# identifier other than \"All\" and \"FlexInferenceOperations\", but it is \"{name}\"");
        }

        string? requestType = null;
        var requiredFields = new List<RequiredFieldModel>();
        if (operation["requestBody"] is JsonObject requestBody)
        {
            JsonNode? schema = ((requestBody["content"] as JsonObject)?["application/json"] as JsonObject)?["schema"];
            if (schema is not null)
            {
                requestType = ContextType(schema, "the application/json request body schema", contextTypes, out JsonObject requestSchema);
                ReadRequiredFields(requestSchema, requiredFields);
            }
        }

        JsonObject responses = operation["responses"] as JsonObject ?? throw new DescriptorException(operation.Span, "the operation has no \"responses\" object");
        JsonObject? ok = ((responses["200"] as JsonObject)?["content"]) as JsonObject;
        JsonNode responseSchema = (ok?["application/json"] as JsonObject)?["schema"]
            ?? throw new DescriptorException((responses["200"] ?? responses).Span, "the 200 response needs an application/json schema");
        string responseType = ContextType(responseSchema, "the 200 application/json schema", contextTypes, out _);
        string? eventType = null;
        if ((ok?["text/event-stream"] as JsonObject)?["schema"] is JsonNode eventSchema)
        {
            eventType = ContextType(eventSchema, "the 200 text/event-stream schema", contextTypes, out _);
        }

        string? errorType = ReadErrorType(responses, contextTypes);
        ResultShapeModel? result = surface["result"] is JsonNode resultNode ? ReadResult(resultNode) : null;
        StreamShapeModel? stream = null;
        if (surface["stream"] is JsonNode streamNode)
        {
            if (eventType is null)
            {
                throw new DescriptorException(streamNode.Span, "\"stream\" describes an event stream, but the 200 response has no text/event-stream schema");
            }

            stream = ReadStream(streamNode);
        }

        return new OperationModel(name, operationId.Value, method.ToUpperInvariant(), path, requestType, responseType, eventType, errorType,
            requiredFields.ToEquatableArray(), result, stream);
    }

    /// <summary>The generated type a schema <c>$ref</c> names, when the JsonSerializerContext serves it.</summary>
    private string ContextType(JsonNode schema, string what, HashSet<string> contextTypes, out JsonObject target)
    {
        if (schema is JsonObject schemaObject && schemaObject["$ref"] is JsonString reference
            && reference.Value.StartsWith(SchemaPrefix, StringComparison.Ordinal))
        {
            string key = Unescape(reference.Value.Substring(SchemaPrefix.Length));
            if (_schemaNames.TryGetValue(key, out string? name) && contextTypes.Contains(name)
                && _resolved.TryGetValue(key, out TypeRef? type) && type is { Name: not null } && type.Name == name)
            {
                target = _schemas[key];
                return name;
            }

            throw new DescriptorException(reference.Span, $"{what} \"{reference.Value}\" does not resolve to a type of the generated JsonSerializerContext");
        }

        throw new DescriptorException(schema.Span, $"{what} must be a \"$ref\" to a schema of components.schemas");
    }

    /// <summary>The one error type of the 4xx/5xx application/json responses; they must agree.</summary>
    private string? ReadErrorType(JsonObject responses, HashSet<string> contextTypes)
    {
        string? errorType = null;
        foreach (JsonProperty response in responses.Properties)
        {
            if (response.Name.Length != 3 || (response.Name[0] != '4' && response.Name[0] != '5'))
            {
                continue;
            }

            if (((response.Value as JsonObject)?["content"] as JsonObject)?["application/json"] is not JsonObject json || json["schema"] is not JsonNode schema)
            {
                continue;
            }

            string type = ContextType(schema, $"the {response.Name} application/json schema", contextTypes, out _);
            if (errorType is not null && type != errorType)
            {
                throw new DescriptorException(schema.Span,
                    $"the {response.Name} response uses \"{Identifier.Unescape(type)}\" but an earlier error response uses \"{Identifier.Unescape(errorType)}\"; one operation has one error shape");
            }

            errorType = type;
        }

        return errorType;
    }

    /// <summary>The required top-level fields (allOf flattened, schema order) and their hints.</summary>
    private void ReadRequiredFields(JsonObject requestSchema, List<RequiredFieldModel> into)
    {
        var gathered = new GatheredProperties();
        if (!Gather(requestSchema, gathered, new HashSet<JsonObject>()))
        {
            throw new DescriptorException(requestSchema.Span, "the request body schema's properties cannot be read");
        }

        foreach (JsonProperty property in gathered.Properties)
        {
            if (!gathered.Required.Contains(property.Name) || UnhintedRequiredFields.Contains(property.Name))
            {
                continue;
            }

            JsonObject schema = property.Value as JsonObject
                ?? throw new DescriptorException(property.Value.Span, $"the required field \"{property.Name}\" needs a schema object");
            JsonNode hintNode = schema[HintExtension]
                ?? throw new DescriptorException(property.NameSpan, $"the required field \"{property.Name}\" has no \"{HintExtension}\" (purpose, fix, example)");
            JsonObject hint = ExpectObject(hintNode, HintExtension);
            CheckKeys(hint, HintKeys, HintExtension);
            into.Add(new RequiredFieldModel(property.Name, SingleJsonType(schema), RequiredString(hint, "purpose"), OptionalString(hint, "shape"),
                RequiredString(hint, "fix"), RequiredString(hint, "example")));
        }
    }

    /// <summary>The one non-null <c>type</c> of a schema, or null when it has a <c>$ref</c>, a union, no type or several.</summary>
    private static string? SingleJsonType(JsonObject schema)
    {
        if (schema["$ref"] is not null || schema["oneOf"] is not null || schema["anyOf"] is not null)
        {
            return null;
        }

        string? type = GetSingleType(schema, out bool tooManyTypes);
        return tooManyTypes || type == "null" ? null : type;
    }

    private ResultShapeModel ReadResult(JsonNode node)
    {
        JsonObject result = ExpectObject(node, "result");
        CheckKeys(result, ResultKeys, "result");
        return new ResultShapeModel(
            RequiredPointers(result, "serviceTier"),
            ExpectPointer(result["usage"] ?? throw new DescriptorException(result.Span, "\"result.usage\" is required"), "result.usage"),
            RequiredPointers(result, "inputTokens"),
            RequiredPointers(result, "outputTokens"));
    }

    private StreamShapeModel ReadStream(JsonNode node)
    {
        JsonObject stream = ExpectObject(node, "stream");
        CheckKeys(stream, StreamKeys, "stream");
        string? eventType = OptionalString(stream, "eventType");
        string? failureObject = OptionalString(stream, "failureObject");
        if (eventType is null && failureObject is null)
        {
            throw new DescriptorException(stream.Span, "\"stream\" needs \"eventType\" (the discriminator property) or \"failureObject\" to recognise failure frames");
        }

        var errorAt = new List<ErrorAtModel>();
        if (stream["errorAt"] is JsonNode errorAtNode)
        {
            foreach (JsonProperty entry in ExpectObject(errorAtNode, "errorAt").Properties)
            {
                errorAt.Add(new ErrorAtModel(entry.Name, ExpectPointer(entry.Value, "errorAt." + entry.Name)));
            }
        }

        JsonNode textDeltaNode = stream["textDelta"] ?? throw new DescriptorException(stream.Span, "\"stream.textDelta\" is required");
        string? streamingDefaults = null;
        if (stream["streamingDefaults"] is JsonNode defaults)
        {
            streamingDefaults = JsonCompactWriter.Write(ExpectObject(defaults, "streamingDefaults"));
        }

        return new StreamShapeModel(eventType, failureObject, Strings(stream, "terminal"), Strings(stream, "failure"), Strings(stream, "skip"),
            errorAt.ToEquatableArray(), Pointers(stream, "facts"), Pointers(stream, "usage"), Pointers(stream, "serviceTier"),
            ReadTextDelta(textDeltaNode), streamingDefaults);
    }

    private TextDeltaModel ReadTextDelta(JsonNode node)
    {
        JsonObject textDelta = ExpectObject(node, "textDelta");
        CheckKeys(textDelta, TextDeltaKeys, "textDelta");
        string path = ExpectPointer(textDelta["path"] ?? throw new DescriptorException(textDelta.Span, "\"textDelta.path\" is required"), "textDelta.path");
        string? when = textDelta["when"] is JsonNode whenNode ? ExpectPointer(whenNode, "textDelta.when") : null;
        var values = new List<NullableString>();
        if (textDelta["whenValues"] is JsonNode valuesNode)
        {
            if (when is null)
            {
                throw new DescriptorException(valuesNode.Span, "\"whenValues\" needs \"when\", the place the values are read from");
            }

            JsonArray array = valuesNode as JsonArray ?? throw new DescriptorException(valuesNode.Span, "\"whenValues\" must be an array of strings and nulls");
            foreach (JsonNode item in array.Items)
            {
                values.Add(item switch
                {
                    JsonString text => new NullableString(text.Value),
                    JsonNull => new NullableString(null),
                    _ => throw new DescriptorException(item.Span, $"\"whenValues\" items must be strings or null, not {item.KindName}"),
                });
            }
        }

        return new TextDeltaModel(OptionalString(textDelta, "event"), path, when, values.ToEquatableArray());
    }

    /// <summary>Reads <c>FlexInferenceRequestFields</c> into the request rules; null when the schema is absent.</summary>
    private RequestRulesModel? ReadRequestRules()
    {
        if (!_schemas.TryGetValue("FlexInferenceRequestFields", out JsonObject? fields))
        {
            return null;
        }

        try
        {
            JsonObject properties = ExpectObject(fields["properties"] ?? fields, "properties");
            JsonObject retry = Dereference(properties["retry"] ?? throw new DescriptorException(properties.Span, "there is no \"retry\" property"), "retry");
            JsonObject retryProperties = ExpectObject(retry["properties"] ?? retry, "retry properties");
            JsonObject count = Dereference(retryProperties["count"] ?? throw new DescriptorException(retryProperties.Span, "retry has no \"count\" property"), "retry.count");
            if (!TryGetInt(count["minimum"], out int minimum) || !TryGetInt(count["maximum"], out int maximum) || minimum > maximum)
            {
                throw new DescriptorException(count.Span, "retry.count needs whole-number \"minimum\" <= \"maximum\"");
            }

            var retryKeys = new List<string>();
            foreach (JsonProperty property in retryProperties.Properties)
            {
                retryKeys.Add(property.Name);
            }

            JsonObject backoff = Dereference(retryProperties["backoff"] ?? throw new DescriptorException(retryProperties.Span, "retry has no \"backoff\" property"), "retry.backoff");
            JsonObject provider = Dereference(properties["provider"] ?? throw new DescriptorException(properties.Span, "there is no \"provider\" property"), "provider");
            if (!TryGetInt(provider["minItems"], out int minItems) || !TryGetInt(provider["maxItems"], out int maxItems) || minItems > maxItems)
            {
                throw new DescriptorException(provider.Span, "provider needs whole-number \"minItems\" <= \"maxItems\"");
            }

            JsonObject route = Dereference(provider["items"] ?? throw new DescriptorException(provider.Span, "provider has no \"items\" schema"), "provider items");
            return new RequestRulesModel(Namespace, minimum, maximum, retryKeys.ToEquatableArray(), EnumStrings(backoff, "retry.backoff"),
                EnumStrings(route, "provider items"), minItems, maxItems);
        }
        catch (DescriptorException exception)
        {
            Report(DiagnosticDescriptors.InvalidOperationDescriptor, exception.Span, "The request rules of \"FlexInferenceRequestFields\"", exception.Message);
            return null;
        }
    }

    /// <summary>The schema object a node is, following one local <c>$ref</c>.</summary>
    private JsonObject Dereference(JsonNode node, string what)
    {
        JsonObject schema = ExpectObject(node, what);
        if (schema["$ref"] is not JsonString reference)
        {
            return schema;
        }

        if (reference.Value.StartsWith(SchemaPrefix, StringComparison.Ordinal)
            && _schemas.TryGetValue(Unescape(reference.Value.Substring(SchemaPrefix.Length)), out JsonObject? target))
        {
            return target;
        }

        throw new DescriptorException(reference.Span, $"{what} \"{reference.Value}\" does not resolve to a schema of components.schemas");
    }

    private static EquatableArray<string> EnumStrings(JsonObject schema, string what)
    {
        if (schema["enum"] is not JsonArray values || values.Items.Count == 0)
        {
            throw new DescriptorException(schema.Span, $"{what} must be a string enum");
        }

        var result = new List<string>();
        foreach (JsonNode value in values.Items)
        {
            if (value is JsonString text)
            {
                result.Add(text.Value);
            }
        }

        return result.ToEquatableArray();
    }

    private static void CheckKeys(JsonObject obj, HashSet<string> known, string what)
    {
        foreach (JsonProperty property in obj.Properties)
        {
            if (!known.Contains(property.Name))
            {
                throw new DescriptorException(property.NameSpan,
                    $"\"{property.Name}\" is not a key of {what} (known keys: {string.Join(", ", SortedKeys(known))})");
            }
        }
    }

    private static List<string> SortedKeys(HashSet<string> keys)
    {
        var sorted = new List<string>(keys);
        sorted.Sort(StringComparer.Ordinal);
        return sorted;
    }

    private static JsonObject ExpectObject(JsonNode node, string what) =>
        node as JsonObject ?? throw new DescriptorException(node.Span, $"{what} must be an object, not {node.KindName}");

    private static string ExpectString(JsonNode node, string what) =>
        (node as JsonString)?.Value ?? throw new DescriptorException(node.Span, $"\"{what}\" must be a string, not {node.KindName}");

    private static string RequiredString(JsonObject obj, string key) =>
        ExpectString(obj[key] ?? throw new DescriptorException(obj.Span, $"\"{key}\" is required"), key);

    private static string? OptionalString(JsonObject obj, string key) => obj[key] is JsonNode node ? ExpectString(node, key) : null;

    /// <summary>A JSON Pointer (RFC 6901): empty (the whole object) or starting with "/".</summary>
    private static string ExpectPointer(JsonNode node, string what)
    {
        string pointer = ExpectString(node, what);
        if (pointer.Length > 0 && pointer[0] != '/')
        {
            throw new DescriptorException(node.Span, $"\"{what}\" must be a JSON Pointer (\"\" or starting with \"/\"), not \"{pointer}\"");
        }

        return pointer;
    }

    private static EquatableArray<string> Strings(JsonObject obj, string key) => StringArray(obj, key, pointers: false, required: false);

    private static EquatableArray<string> Pointers(JsonObject obj, string key) => StringArray(obj, key, pointers: true, required: false);

    private static EquatableArray<string> RequiredPointers(JsonObject obj, string key) => StringArray(obj, key, pointers: true, required: true);

    private static EquatableArray<string> StringArray(JsonObject obj, string key, bool pointers, bool required)
    {
        JsonNode? node = obj[key];
        if (node is null)
        {
            return required ? throw new DescriptorException(obj.Span, $"\"{key}\" is required") : EquatableArray<string>.Empty;
        }

        JsonArray array = node as JsonArray ?? throw new DescriptorException(node.Span, $"\"{key}\" must be an array of strings, not {node.KindName}");
        var items = new List<string>();
        foreach (JsonNode item in array.Items)
        {
            items.Add(pointers ? ExpectPointer(item, key) : ExpectString(item, key));
        }

        return items.ToEquatableArray();
    }
}
