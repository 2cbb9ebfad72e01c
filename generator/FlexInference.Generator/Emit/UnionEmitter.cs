using System.Collections.Generic;
using System.Globalization;
using FlexInference.Generator.Model;

namespace FlexInference.Generator.Emit;

/// <summary>
/// Emits a <c>oneOf</c>/<c>anyOf</c> as a class holding exactly one member. Reading never fails on valid JSON: a value
/// that matches no member (or fails to read as the member its discriminator names) is kept as raw JSON.
/// </summary>
internal static class UnionEmitter
{
    public static string Emit(UnionModel model)
    {
        string ns = model.Namespace;
        string name = model.Name;
        string display = Identifier.Unescape(name);
        string typeName = TypeEmitter.Qualified(ns, name);
        string converter = TypeEmitter.ConverterName(name);
        SourceWriter writer = TypeEmitter.Begin(ns);

        writer.Summary(model.Description, $"One of the shapes of <c>{display}</c>.");
        writer.Line("/// <remarks>");
        writer.Line("/// Holds exactly one member; test with the <c>Is…</c> properties, read with <c>TryGet…</c>/<c>As…</c> or <see cref=\"Match{TResult}\"/>.");
        writer.Line("/// A value no member describes is kept as raw JSON (<see cref=\"IsUnknown\"/>) and written back unchanged.");
        writer.Line("/// </remarks>");
        writer.Line(TypeEmitter.GeneratedCodeAttribute);
        writer.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({TypeEmitter.Qualified(ns, converter)}))]");
        writer.Open($"public sealed partial class {name} : global::System.IEquatable<{typeName}>");
        writer.Open($"internal {name}(int kind, object? value, global::System.Text.Json.JsonElement json, string? tag)");
        writer.Line("Kind = kind;");
        writer.Line("BoxedValue = value;");
        writer.Line("RawJson = json;");
        writer.Line("Tag = tag;");
        writer.Close();
        writer.Line();
        writer.Line("internal int Kind { get; }");
        writer.Line();
        writer.Line("internal object? BoxedValue { get; }");
        writer.Line();
        writer.Line("internal global::System.Text.Json.JsonElement RawJson { get; }");
        writer.Line();
        writer.Line("internal string? Tag { get; }");
        if (model.DiscriminatorJsonName is not null)
        {
            writer.Line();
            writer.Line($"/// <summary>The <c>{SourceWriter.XmlEscape(model.DiscriminatorJsonName)}</c> value that identifies the member (also for an unknown one).</summary>");
            writer.Line($"public string? {model.DiscriminatorName} => Tag;");
        }

        for (int i = 0; i < model.Variants.Count; i++)
        {
            WriteVariantMembers(writer, ns, model, model.Variants[i], i + 1, typeName);
        }

        WriteCommonMembers(writer, ns, model, typeName, converter);
        writer.Close();
        writer.Line();
        WriteConverter(writer, ns, model, typeName, converter, display);
        return TypeEmitter.End(writer);
    }

    private static void WriteVariantMembers(SourceWriter writer, string ns, UnionModel model, UnionVariantModel variant, int kind, string typeName)
    {
        string variantType = TypeEmitter.TypeName(ns, variant.Type);
        string k = kind.ToString(CultureInfo.InvariantCulture);
        string tag = variant.DiscriminatorValues.Count > 0 ? TypeEmitter.Literal(variant.DiscriminatorValues[0]) : "null";
        string check = variant.Type.IsValueType ? "value" : "value ?? throw new global::System.ArgumentNullException(nameof(value))";
        string cref = variant.Type.Kind is TypeKind.List or TypeKind.Map || !variantType.StartsWith("global::", System.StringComparison.Ordinal)
            ? variant.Name
            : $"<see cref=\"{variantType}\"/>";

        writer.Line();
        writer.Line($"/// <summary>Creates a <see cref=\"{typeName}\"/> holding {cref}.</summary>");
        writer.Line($"public static {typeName} From{variant.Name}({variantType} value) => new {typeName}({k}, {check}, default, {tag});");
        writer.Line();
        WriteImplicit(writer, variant, variantType, typeName, $"From{variant.Name}");
        writer.Line($"/// <summary>Whether this holds {cref}.</summary>");
        writer.Line($"public bool Is{variant.Name} => Kind == {k};");
        writer.Line();
        writer.Line($"/// <summary>Gets the value when this holds {cref}.</summary>");
        if (variant.Type.IsValueType)
        {
            writer.Open($"public bool TryGet{variant.Name}(out {variantType} value)");
        }
        else
        {
            writer.Open($"public bool TryGet{variant.Name}([global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out {variantType}? value)");
        }

        writer.Open($"if (Kind == {k})");
        writer.Line($"value = ({variantType})BoxedValue!;");
        writer.Line("return true;");
        writer.Close();
        writer.Line();
        writer.Line("value = default;");
        writer.Line("return false;");
        writer.Close();
        writer.Line();
        writer.Line($"/// <summary>The value, when this holds {cref}.</summary>");
        writer.Line($"/// <exception cref=\"global::System.InvalidOperationException\">This holds another member.</exception>");
        writer.Line($"public {variantType} As{variant.Name}() => Kind == {k} ? ({variantType})BoxedValue! : throw WrongMember({TypeEmitter.Literal(variant.Name)});");
    }

    private static void WriteImplicit(SourceWriter writer, UnionVariantModel variant, string variantType, string typeName, string factory)
    {
        // C# allows no user-defined conversion from an interface, so lists and maps convert from their concrete types.
        if (variant.Type.Kind == TypeKind.List)
        {
            string element = variantType.Substring("global::System.Collections.Generic.IReadOnlyList<".Length).TrimEnd('>');
            writer.Line($"/// <summary>Wraps a list.</summary>");
            writer.Line($"public static implicit operator {typeName}({element}[] value) => {factory}(value);");
            writer.Line();
            writer.Line($"/// <summary>Wraps a list.</summary>");
            writer.Line($"public static implicit operator {typeName}(global::System.Collections.Generic.List<{element}> value) => {factory}(value);");
            writer.Line();
            return;
        }

        if (variant.Type.Kind == TypeKind.Map)
        {
            string element = variantType.Substring("global::System.Collections.Generic.IReadOnlyDictionary<string, ".Length).TrimEnd('>');
            writer.Line($"/// <summary>Wraps a dictionary.</summary>");
            writer.Line($"public static implicit operator {typeName}(global::System.Collections.Generic.Dictionary<string, {element}> value) => {factory}(value);");
            writer.Line();
            return;
        }

        writer.Line($"/// <summary>Wraps the value.</summary>");
        writer.Line($"public static implicit operator {typeName}({variantType} value) => {factory}(value);");
        writer.Line();
        if (variant.Type.Kind == TypeKind.Enum)
        {
            // Lets callers write the wire text directly ("auto") where the member is an open enum.
            writer.Line($"/// <summary>Wraps a wire value of <see cref=\"{variantType}\"/>.</summary>");
            writer.Line($"public static implicit operator {typeName}(string value) => {factory}(new {variantType}(value));");
            writer.Line();
        }
    }

    private static void WriteCommonMembers(SourceWriter writer, string ns, UnionModel model, string typeName, string converter)
    {
        string support = "global::" + ns + "." + TypeEmitter.SupportClass;
        writer.Line();
        writer.Line("/// <summary>Whether the JSON matched no member; the raw value is in <see cref=\"UnknownJson\"/>.</summary>");
        writer.Line("public bool IsUnknown => Kind == 0;");
        writer.Line();
        writer.Line("/// <summary>The raw JSON of a value no member matched; null otherwise.</summary>");
        writer.Line("public global::System.Text.Json.JsonElement? UnknownJson => Kind == 0 ? RawJson : null;");
        writer.Line();
        writer.Line("/// <summary>Reads any JSON value into this union, choosing the member the same way deserialisation does.</summary>");
        writer.Line("/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"json\"/> is <c>default</c>.</exception>");
        writer.Open($"public static {typeName} FromJson(global::System.Text.Json.JsonElement json)");
        writer.Line($"var reader = new global::System.Text.Json.Utf8JsonReader({support}.GetRawUtf8(json, nameof(json)));");
        writer.Line("reader.Read();");
        writer.Line($"return {TypeEmitter.Qualified(ns, converter)}.ReadValue(ref reader, {support}.Options);");
        writer.Close();
        writer.Line();

        var parameters = new List<string>();
        var arguments = new List<string>();
        var used = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (UnionVariantModel variant in model.Variants)
        {
            string parameter = TypeEmitter.CamelCase(variant.Name);
            used.Add(Identifier.Unescape(parameter));
            parameters.Add($"global::System.Func<{TypeEmitter.TypeName(ns, variant.Type)}, TResult> {parameter}");
            arguments.Add(parameter);
        }

        string unknownParameter = used.Contains("unknown") ? "unknownValue" : "unknown";
        parameters.Add($"global::System.Func<global::System.Text.Json.JsonElement, TResult> {unknownParameter}");
        writer.Line("/// <summary>Calls the function for the member this holds and returns its result.</summary>");
        writer.Open($"public TResult Match<TResult>({string.Join(", ", parameters)})");
        for (int i = 0; i < model.Variants.Count; i++)
        {
            UnionVariantModel variant = model.Variants[i];
            writer.Open($"if (Kind == {(i + 1).ToString(CultureInfo.InvariantCulture)})");
            writer.Line($"return {arguments[i]}(({TypeEmitter.TypeName(ns, variant.Type)})BoxedValue!);");
            writer.Close();
            writer.Line();
        }

        writer.Line($"return {unknownParameter}(RawJson);");
        writer.Close();
        writer.Line();
        writer.Line("/// <inheritdoc />");
        writer.Line($"public bool Equals({typeName}? other) =>");
        writer.Line("    other is not null && Kind == other.Kind");
        writer.Line($"    && (Kind == 0 ? {support}.RawEquals(RawJson, other.RawJson) : object.Equals(BoxedValue, other.BoxedValue));");
        writer.Line();
        writer.Line("/// <inheritdoc />");
        writer.Line($"public override bool Equals(object? obj) => obj is {typeName} other && Equals(other);");
        writer.Line();
        writer.Line("/// <inheritdoc />");
        writer.Line($"public override int GetHashCode() => Kind == 0 ? {support}.RawHashCode(RawJson) : (BoxedValue?.GetHashCode() ?? 0);");
        writer.Line();
        writer.Line("/// <summary>The member's own text, or the raw JSON of an unknown value.</summary>");
        writer.Line($"public override string ToString() => Kind == 0 ? {support}.RawText(RawJson) : (BoxedValue?.ToString() ?? string.Empty);");
        writer.Line();
        writer.Line("/// <summary>Compares by member and value.</summary>");
        writer.Line($"public static bool operator ==({typeName}? left, {typeName}? right) => left is null ? right is null : left.Equals(right);");
        writer.Line();
        writer.Line("/// <summary>Compares by member and value.</summary>");
        writer.Line($"public static bool operator !=({typeName}? left, {typeName}? right) => !(left == right);");
        writer.Line();
        writer.Line("private global::System.InvalidOperationException WrongMember(string requested) =>");
        writer.Line($"    new global::System.InvalidOperationException($\"This {Identifier.Unescape(model.Name)} holds {{Describe()}}, not {{requested}}; test Is{{requested}} or use TryGet{{requested}} first.\");");
        writer.Line();
        writer.Open("private string Describe()");
        writer.Open("switch (Kind)");
        for (int i = 0; i < model.Variants.Count; i++)
        {
            writer.Line($"case {(i + 1).ToString(CultureInfo.InvariantCulture)}: return {TypeEmitter.Literal(model.Variants[i].Name)};");
        }

        writer.Line("default: return \"an unknown value\";");
        writer.Close();
        writer.Close();
    }

    private static void WriteConverter(SourceWriter writer, string ns, UnionModel model, string typeName, string converter, string display)
    {
        string support = "global::" + ns + "." + TypeEmitter.SupportClass;
        var helpers = new HashSet<TypeRef>();
        writer.Line($"/// <summary>Reads and writes <see cref=\"{typeName}\"/>, keeping values no member describes as raw JSON.</summary>");
        writer.Line(TypeEmitter.GeneratedCodeAttribute);
        writer.Open($"internal sealed class {converter} : global::System.Text.Json.Serialization.JsonConverter<{typeName}>");
        writer.Line("/// <inheritdoc />");
        writer.Line($"public override {typeName} Read(ref global::System.Text.Json.Utf8JsonReader reader, global::System.Type typeToConvert, global::System.Text.Json.JsonSerializerOptions options) => ReadValue(ref reader, options);");
        writer.Line();
        writer.Line("/// <inheritdoc />");
        writer.Line($"public override void Write(global::System.Text.Json.Utf8JsonWriter writer, {typeName} value, global::System.Text.Json.JsonSerializerOptions options) => WriteValue(writer, value, options);");
        writer.Line();

        writer.Open($"internal static {typeName} ReadValue(ref global::System.Text.Json.Utf8JsonReader reader, global::System.Text.Json.JsonSerializerOptions options)");
        writer.Line("string? tag = null;");
        writer.Line("object? value;");
        writer.Open("switch (reader.TokenType)");
        WriteScalarCase(writer, model, Model.JsonValueKind.String, "case global::System.Text.Json.JsonTokenType.String:", typeName);
        WriteScalarCase(writer, model, Model.JsonValueKind.Number, "case global::System.Text.Json.JsonTokenType.Number:", typeName);
        WriteScalarCase(writer, model, Model.JsonValueKind.Boolean, "case global::System.Text.Json.JsonTokenType.True:\ncase global::System.Text.Json.JsonTokenType.False:", typeName);
        WriteScalarCase(writer, model, Model.JsonValueKind.Array, "case global::System.Text.Json.JsonTokenType.StartArray:", typeName);
        WriteObjectCase(writer, model, typeName, support);
        writer.Close();
        writer.Line();
        writer.Line($"return new {typeName}(0, null, global::System.Text.Json.JsonElement.ParseValue(ref reader), tag);");
        writer.Close();

        // One TryRead per member: read on the real reader, rewind from a copy if the value turns out not to fit.
        for (int i = 0; i < model.Variants.Count; i++)
        {
            UnionVariantModel variant = model.Variants[i];
            writer.Line();
            writer.Open($"private static bool TryRead{i + 1}(ref global::System.Text.Json.Utf8JsonReader reader, global::System.Text.Json.JsonSerializerOptions options, out object? value)");
            writer.Line("global::System.Text.Json.Utf8JsonReader start = reader;");
            writer.Open("try");
            writer.Line($"value = {TypeEmitter.ReadExpression(ns, variant.Type, helpers)};");
            writer.Line("return true;");
            writer.Close();
            writer.Line($"catch (global::System.Exception exception) when ({support}.IsReadFailure(exception))");
            writer.Line("{");
            writer.Line("    reader = start;");
            writer.Line("    value = null;");
            writer.Line("    return false;");
            writer.Line("}");
            writer.Close();
        }

        writer.Line();
        writer.Open($"internal static void WriteValue(global::System.Text.Json.Utf8JsonWriter writer, {typeName} value, global::System.Text.Json.JsonSerializerOptions options)");
        writer.Open("switch (value.Kind)");
        for (int i = 0; i < model.Variants.Count; i++)
        {
            UnionVariantModel variant = model.Variants[i];
            writer.Line($"case {(i + 1).ToString(CultureInfo.InvariantCulture)}:");
            writer.Line("    " + TypeEmitter.WriteStatement(ns, variant.Type, $"(({TypeEmitter.TypeName(ns, variant.Type)})value.BoxedValue!)", helpers));
            writer.Line("    return;");
        }

        writer.Line("default:");
        writer.Line($"    {support}.WriteRawValue(writer, value.RawJson);");
        writer.Line("    return;");
        writer.Close();
        writer.Close();

        WriteProbe(writer, model);
        TypeEmitter.WriteHelpers(writer, ns, helpers);
        writer.Close();
    }

    private static void WriteScalarCase(SourceWriter writer, UnionModel model, Model.JsonValueKind kind, string label, string typeName)
    {
        for (int i = 0; i < model.Variants.Count; i++)
        {
            if (model.Variants[i].Kind != kind)
            {
                continue;
            }

            foreach (string line in label.Split('\n'))
            {
                writer.Line(line);
            }

            string k = (i + 1).ToString(CultureInfo.InvariantCulture);
            writer.Line($"    if (TryRead{k}(ref reader, options, out value))");
            writer.Line("    {");
            writer.Line($"        return new {typeName}({k}, value, default, null);");
            writer.Line("    }");
            writer.Line();
            writer.Line("    break;");
            return;
        }
    }

    private static void WriteObjectCase(SourceWriter writer, UnionModel model, string typeName, string support)
    {
        bool hasObjects = false;
        foreach (UnionVariantModel variant in model.Variants)
        {
            hasObjects |= variant.Kind == Model.JsonValueKind.Object;
        }

        if (!hasObjects)
        {
            return;
        }

        writer.Line("case global::System.Text.Json.JsonTokenType.StartObject:");
        writer.Line("{");
        if (model.DiscriminatorJsonName is not null)
        {
            writer.Line($"    tag = {support}.PeekStringProperty(reader, {TypeEmitter.Utf8Literal(model.DiscriminatorJsonName)});");
            writer.Line("    switch (tag)");
            writer.Line("    {");
            for (int i = 0; i < model.Variants.Count; i++)
            {
                UnionVariantModel variant = model.Variants[i];
                if (variant.DiscriminatorValues.Count == 0)
                {
                    continue;
                }

                foreach (string value in variant.DiscriminatorValues)
                {
                    writer.Line($"        case {TypeEmitter.Literal(value)}:");
                }

                string k = (i + 1).ToString(CultureInfo.InvariantCulture);
                writer.Line($"            if (TryRead{k}(ref reader, options, out value))");
                writer.Line("            {");
                writer.Line($"                return new {typeName}({k}, value, default, tag);");
                writer.Line("            }");
                writer.Line();
                writer.Line("            break;");
            }

            writer.Line("    }");
            writer.Line();
        }

        List<string> probeNames = ProbeNames(model);
        if (probeNames.Count > 0)
        {
            writer.Line("    ulong seen = Probe(reader);");
        }

        // Reached only when the discriminator named no member. With no discriminator at all (OpenAI accepts
        // {"role":"user","content":"hi"} without "type": "message"), members are matched by their required properties;
        // members without a discriminator value are always tried that way. Spec order decides ties.
        for (int i = 0; i < model.Variants.Count; i++)
        {
            UnionVariantModel variant = model.Variants[i];
            bool discriminated = variant.DiscriminatorValues.Count > 0;
            if (variant.Kind != Model.JsonValueKind.Object || (discriminated && variant.RequiredProperties.Count == 0))
            {
                continue;
            }

            ulong mask = 0;
            foreach (string required in variant.RequiredProperties)
            {
                int bit = probeNames.IndexOf(required);
                if (bit >= 0)
                {
                    mask |= 1UL << bit;
                }
            }

            string k = (i + 1).ToString(CultureInfo.InvariantCulture);
            string hex = "0x" + mask.ToString("X", CultureInfo.InvariantCulture) + "UL";
            string condition = mask == 0
                ? $"TryRead{k}(ref reader, options, out value)"
                : $"(seen & {hex}) == {hex} && TryRead{k}(ref reader, options, out value)";
            if (discriminated)
            {
                condition = "tag is null && " + condition;
            }
            writer.Line($"    if ({condition})");
            writer.Line("    {");
            writer.Line($"        return new {typeName}({k}, value, default, tag);");
            writer.Line("    }");
            writer.Line();
        }

        writer.Line("    break;");
        writer.Line("}");
    }

    /// <summary>The required property names the probe looks for (at most 64: one bit each).</summary>
    private static List<string> ProbeNames(UnionModel model)
    {
        var names = new List<string>();
        foreach (UnionVariantModel variant in model.Variants)
        {
            if (variant.Kind != Model.JsonValueKind.Object)
            {
                continue;
            }

            foreach (string required in variant.RequiredProperties)
            {
                if (!names.Contains(required) && names.Count < 64)
                {
                    names.Add(required);
                }
            }
        }

        return names;
    }

    private static void WriteProbe(SourceWriter writer, UnionModel model)
    {
        List<string> names = ProbeNames(model);
        if (names.Count == 0)
        {
            return;
        }

        writer.Line();
        writer.Line("// Scans a copy of the reader over the object's own properties; the caller's reader does not move.");
        writer.Open("private static ulong Probe(global::System.Text.Json.Utf8JsonReader reader)");
        writer.Line("ulong seen = 0;");
        writer.Open("while (reader.Read() && reader.TokenType == global::System.Text.Json.JsonTokenType.PropertyName)");
        for (int i = 0; i < names.Count; i++)
        {
            string prefix = i == 0 ? "if" : "else if";
            writer.Line($"{prefix} (reader.ValueTextEquals({TypeEmitter.Utf8Literal(names[i])})) seen |= 1UL << {i.ToString(CultureInfo.InvariantCulture)};");
        }

        writer.Line("reader.Read();");
        writer.Line("reader.Skip();");
        writer.Close();
        writer.Line("return seen;");
        writer.Close();
    }
}
