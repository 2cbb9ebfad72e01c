using System.Collections.Generic;
using FlexInference.Generator.Common;
using FlexInference.Generator.Model;

namespace FlexInference.Generator.Emit;

/// <summary>
/// Emits the operation descriptors: the (fixed) descriptor classes and <c>FlexInferenceOperations</c>, one field per
/// operation with <c>x-flexinference-surface</c>. The hand-written client serves every surface from these, so a
/// surface difference is a spec edit, not a new switch. Everything is internal: it is not part of the public API.
/// </summary>
internal static class OperationEmitter
{
    private const string ListOfString = "global::System.Collections.Generic.IReadOnlyList<string>";
    private const string TypeInfo = "global::System.Text.Json.Serialization.Metadata.JsonTypeInfo";

    public static string Emit(OperationCatalogModel model)
    {
        string ns = model.Namespace;
        SourceWriter writer = TypeEmitter.Begin(ns);
        foreach (string line in DescriptorClasses(ns).Split('\n'))
        {
            writer.Line(line);
        }

        writer.Line();
        writer.Line("/// <summary>One descriptor per operation of the OpenAPI document that carries <c>x-flexinference-surface</c>.</summary>");
        writer.Line(TypeEmitter.GeneratedCodeAttribute);
        writer.Open("internal static class FlexInferenceOperations");
        foreach (OperationModel operation in model.Operations)
        {
            WriteOperation(writer, ns, model.ContextName, operation);
            writer.Line();
        }

        // Declared after the fields: static initialisers run in text order, so every field is set when All is built.
        writer.Line("/// <summary>Every operation, in spec order.</summary>");
        var names = new List<string>();
        foreach (OperationModel operation in model.Operations)
        {
            names.Add(operation.Name);
        }

        writer.Line($"public static global::System.Collections.Generic.IReadOnlyList<{Qualified(ns, "FlexInferenceOperation")}> All {{ get; }} = new {Qualified(ns, "FlexInferenceOperation")}[] {{ {string.Join(", ", names)} }};");
        writer.Close();
        return TypeEmitter.End(writer);
    }

    private static void WriteOperation(SourceWriter writer, string ns, string contextName, OperationModel operation)
    {
        writer.Line($"/// <summary><c>{operation.Method} {SourceWriter.XmlEscape(operation.Path)}</c> (<c>{SourceWriter.XmlEscape(operation.OperationId)}</c>).</summary>");
        writer.Line($"public static readonly {Qualified(ns, "FlexInferenceOperation")} {operation.Name} = new {Qualified(ns, "FlexInferenceOperation")}(");
        string context = Qualified(ns, contextName) + ".Default.";
        string TypeInfoOf(string? type) => type is null ? "null" : context + JsonContextEmitter.PropertyName(contextName, type);
        writer.Line($"    name: {Literal(operation.Name)},");
        writer.Line($"    operationId: {Literal(operation.OperationId)},");
        writer.Line($"    method: {Literal(operation.Method)},");
        writer.Line($"    path: {Literal(operation.Path)},");
        writer.Line($"    requestType: {TypeInfoOf(operation.RequestType)},");
        writer.Line($"    responseType: {TypeInfoOf(operation.ResponseType)},");
        writer.Line($"    eventType: {TypeInfoOf(operation.EventType)},");
        writer.Line($"    errorType: {TypeInfoOf(operation.ErrorType)},");
        if (operation.RequiredFields.Count == 0)
        {
            writer.Line($"    requiredFields: global::System.Array.Empty<{Qualified(ns, "FlexInferenceRequiredField")}>(),");
        }
        else
        {
            writer.Line($"    requiredFields: new {Qualified(ns, "FlexInferenceRequiredField")}[]");
            writer.Line("    {");
            foreach (RequiredFieldModel field in operation.RequiredFields)
            {
                writer.Line($"        new {Qualified(ns, "FlexInferenceRequiredField")}({Literal(field.Name)}, {Literal(field.JsonType)}, {Literal(field.Purpose)}, {Literal(field.Shape)}, {Literal(field.Fix)}, {Literal(field.Example)}),");
            }

            writer.Line("    },");
        }

        if (operation.Result is { } result)
        {
            writer.Line($"    result: new {Qualified(ns, "FlexInferenceResultShape")}(");
            writer.Line($"        serviceTier: {Strings(result.ServiceTier)},");
            writer.Line($"        usage: {Literal(result.Usage)},");
            writer.Line($"        inputTokens: {Strings(result.InputTokens)},");
            writer.Line($"        outputTokens: {Strings(result.OutputTokens)}),");
        }
        else
        {
            writer.Line("    result: null,");
        }

        if (operation.Stream is { } stream)
        {
            writer.Line($"    stream: new {Qualified(ns, "FlexInferenceStreamShape")}(");
            writer.Line($"        eventType: {Literal(stream.EventType)},");
            writer.Line($"        failureObject: {Literal(stream.FailureObject)},");
            writer.Line($"        terminal: {Strings(stream.Terminal)},");
            writer.Line($"        failure: {Strings(stream.Failure)},");
            writer.Line($"        skip: {Strings(stream.Skip)},");
            writer.Line($"        errorAt: {ErrorAt(stream.ErrorAt)},");
            writer.Line($"        facts: {Strings(stream.Facts)},");
            writer.Line($"        usage: {Strings(stream.Usage)},");
            writer.Line($"        serviceTier: {Strings(stream.ServiceTier)},");
            TextDeltaModel delta = stream.TextDelta;
            writer.Line($"        textDelta: new {Qualified(ns, "FlexInferenceTextDelta")}({Literal(delta.Event)}, {Literal(delta.Path)}, {Literal(delta.When)}, {NullableStrings(delta.WhenValues)}),");
            writer.Line($"        streamingDefaults: {Literal(stream.StreamingDefaults)}));");
        }
        else
        {
            writer.Line("    stream: null);");
        }
    }

    private static string Qualified(string ns, string name) => TypeEmitter.Qualified(ns, name);

    private static string Literal(string? value) => value is null ? "null" : TypeEmitter.Literal(value);

    private static string Strings(EquatableArray<string> values)
    {
        if (values.Count == 0)
        {
            return "global::System.Array.Empty<string>()";
        }

        var literals = new List<string>();
        foreach (string value in values)
        {
            literals.Add(Literal(value));
        }

        return "new string[] { " + string.Join(", ", literals) + " }";
    }

    private static string NullableStrings(EquatableArray<NullableString> values)
    {
        if (values.Count == 0)
        {
            return "global::System.Array.Empty<string?>()";
        }

        var literals = new List<string>();
        foreach (NullableString value in values)
        {
            literals.Add(Literal(value.Value));
        }

        return "new string?[] { " + string.Join(", ", literals) + " }";
    }

    private static string ErrorAt(EquatableArray<ErrorAtModel> entries)
    {
        const string pair = "global::System.Collections.Generic.KeyValuePair<string, string>";
        if (entries.Count == 0)
        {
            return $"global::System.Array.Empty<{pair}>()";
        }

        var items = new List<string>();
        foreach (ErrorAtModel entry in entries)
        {
            items.Add($"new {pair}({Literal(entry.EventType)}, {Literal(entry.Path)})");
        }

        return $"new {pair}[] {{ {string.Join(", ", items)} }}";
    }

    /// <summary>The descriptor classes: the same for every spec, so a template reads better than writer calls.</summary>
    private static string DescriptorClasses(string ns)
    {
        string attribute = TypeEmitter.GeneratedCodeAttribute;
        string operation = Qualified(ns, "FlexInferenceOperation");
        string field = Qualified(ns, "FlexInferenceRequiredField");
        string result = Qualified(ns, "FlexInferenceResultShape");
        string stream = Qualified(ns, "FlexInferenceStreamShape");
        string delta = Qualified(ns, "FlexInferenceTextDelta");
        const string pairs = "global::System.Collections.Generic.IReadOnlyList<global::System.Collections.Generic.KeyValuePair<string, string>>";
        return $$"""
            /// <summary>One operation of the API: its route, the JSON metadata of its bodies, and how its results and streams are read.</summary>
            {{attribute}}
            internal sealed class FlexInferenceOperation
            {
                public FlexInferenceOperation(string name, string operationId, string method, string path,
                    {{TypeInfo}}? requestType,
                    {{TypeInfo}} responseType,
                    {{TypeInfo}}? eventType,
                    {{TypeInfo}}? errorType,
                    {{field}}[] requiredFields,
                    {{result}}? result,
                    {{stream}}? stream)
                {
                    Name = name;
                    OperationId = operationId;
                    Method = method;
                    Path = path;
                    RequestType = requestType;
                    ResponseType = responseType;
                    EventType = eventType;
                    ErrorType = errorType;
                    RequiredFields = requiredFields;
                    Result = result;
                    Stream = stream;
                }

                /// <summary>The surface name (<c>x-flexinference-surface.name</c>).</summary>
                public string Name { get; }

                /// <summary>The OpenAPI <c>operationId</c>.</summary>
                public string OperationId { get; }

                /// <summary>The HTTP method, upper case.</summary>
                public string Method { get; }

                /// <summary>The path template, e.g. <c>/models/{model}</c>.</summary>
                public string Path { get; }

                /// <summary>Metadata of the application/json request body, or null when the operation has no body.</summary>
                public {{TypeInfo}}? RequestType { get; }

                /// <summary>Metadata of the 200 application/json body.</summary>
                public {{TypeInfo}} ResponseType { get; }

                /// <summary>Metadata of one 200 text/event-stream event, or null when the operation does not stream.</summary>
                public {{TypeInfo}}? EventType { get; }

                /// <summary>Metadata of the 4xx/5xx application/json body, or null when the spec declares none.</summary>
                public {{TypeInfo}}? ErrorType { get; }

                /// <summary>Required top-level request fields other than <c>model</c> and <c>start_within</c>, in schema order.</summary>
                public global::System.Collections.Generic.IReadOnlyList<{{field}}> RequiredFields { get; }

                /// <summary>Where a result keeps its service tier and usage, or null when the spec does not say.</summary>
                public {{result}}? Result { get; }

                /// <summary>How the event stream is read, or null when the operation does not stream.</summary>
                public {{stream}}? Stream { get; }
            }

            /// <summary>A required request field and how to explain it when it is missing (<c>x-flexinference-hint</c>).</summary>
            {{attribute}}
            internal sealed class FlexInferenceRequiredField
            {
                public FlexInferenceRequiredField(string name, string? jsonType, string purpose, string? shape, string fix, string example)
                {
                    Name = name;
                    JsonType = jsonType;
                    Purpose = purpose;
                    Shape = shape;
                    Fix = fix;
                    Example = example;
                }

                /// <summary>The JSON name.</summary>
                public string Name { get; }

                /// <summary>The one JSON type the value must have (<c>array</c>, <c>string</c>...), or null when only presence is checked.</summary>
                public string? JsonType { get; }

                /// <summary>What the field is for (<c>the prompt</c>).</summary>
                public string Purpose { get; }

                /// <summary>The shape it must have (<c>an array of messages</c>), or null.</summary>
                public string? Shape { get; }

                /// <summary>What to do about it.</summary>
                public string Fix { get; }

                /// <summary>A JSON example of the field.</summary>
                public string Example { get; }
            }

            /// <summary>Where a result object keeps its facts, as JSON Pointers (token paths are relative to <see cref="Usage"/>).</summary>
            {{attribute}}
            internal sealed class FlexInferenceResultShape
            {
                public FlexInferenceResultShape(string[] serviceTier, string usage, string[] inputTokens, string[] outputTokens)
                {
                    ServiceTier = serviceTier;
                    Usage = usage;
                    InputTokens = inputTokens;
                    OutputTokens = outputTokens;
                }

                /// <summary>Places of the service tier, first present wins.</summary>
                public {{ListOfString}} ServiceTier { get; }

                /// <summary>The usage object.</summary>
                public string Usage { get; }

                /// <summary>Input token counts inside the usage object, summed; null when the first is absent.</summary>
                public {{ListOfString}} InputTokens { get; }

                /// <summary>Output token counts inside the usage object, first present wins.</summary>
                public {{ListOfString}} OutputTokens { get; }
            }

            /// <summary>How the events of a stream are told apart and where their facts sit (JSON Pointers relative to the event).</summary>
            {{attribute}}
            internal sealed class FlexInferenceStreamShape
            {
                public FlexInferenceStreamShape(string? eventType, string? failureObject, string[] terminal, string[] failure, string[] skip,
                    global::System.Collections.Generic.KeyValuePair<string, string>[] errorAt, string[] facts, string[] usage, string[] serviceTier,
                    {{delta}} textDelta, string? streamingDefaults)
                {
                    EventType = eventType;
                    FailureObject = failureObject;
                    Terminal = terminal;
                    Failure = failure;
                    Skip = skip;
                    ErrorAt = errorAt;
                    Facts = facts;
                    Usage = usage;
                    ServiceTier = serviceTier;
                    TextDelta = textDelta;
                    StreamingDefaults = streamingDefaults;
                }

                /// <summary>The property naming an event's type, or null when events have no discriminator.</summary>
                public string? EventType { get; }

                /// <summary>A top-level property that makes an event a failure frame when it holds an object, or null.</summary>
                public string? FailureObject { get; }

                /// <summary>Event types that end the stream successfully.</summary>
                public {{ListOfString}} Terminal { get; }

                /// <summary>Event types that end the stream with a failure.</summary>
                public {{ListOfString}} Failure { get; }

                /// <summary>Event types that carry nothing (keep-alives).</summary>
                public {{ListOfString}} Skip { get; }

                /// <summary>Where a failure event's error object sits, by event type (default <c>/error</c>).</summary>
                public {{pairs}} ErrorAt { get; }

                /// <summary>Places in an event that carry a result-shaped object (model, id, usage).</summary>
                public {{ListOfString}} Facts { get; }

                /// <summary>Places in an event that carry a usage object.</summary>
                public {{ListOfString}} Usage { get; }

                /// <summary>Places in an event that carry the service tier.</summary>
                public {{ListOfString}} ServiceTier { get; }

                /// <summary>Which events carry text deltas.</summary>
                public {{delta}} TextDelta { get; }

                /// <summary>Fields a streaming copy of the request adds when absent or null, as compact JSON; null when none.</summary>
                public string? StreamingDefaults { get; }
            }

            /// <summary>Which events carry a text delta and where the text is.</summary>
            {{attribute}}
            internal sealed class FlexInferenceTextDelta
            {
                public FlexInferenceTextDelta(string? @event, string path, string? when, string?[] whenValues)
                {
                    Event = @event;
                    Path = path;
                    When = when;
                    WhenValues = whenValues;
                }

                /// <summary>The event type that carries deltas, or null when every event may.</summary>
                public string? Event { get; }

                /// <summary>Where the text is.</summary>
                public string Path { get; }

                /// <summary>A place whose value decides whether the delta counts, or null.</summary>
                public string? When { get; }

                /// <summary>Values at <see cref="When"/> that make the delta count; null means absent or JSON null.</summary>
                public global::System.Collections.Generic.IReadOnlyList<string?> WhenValues { get; }
            }
            """;
    }
}
