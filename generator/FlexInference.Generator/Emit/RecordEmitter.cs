using System.Collections.Generic;
using System.Globalization;
using FlexInference.Generator.Common;
using FlexInference.Generator.Model;

namespace FlexInference.Generator.Emit;

/// <summary>
/// Emits an object schema as a sealed partial record plus a hand-rolled converter. The converter keeps every unknown
/// property as raw JSON and writes it back byte for byte, which a reflection or STJ-generated contract cannot promise.
/// </summary>
internal static class RecordEmitter
{
    public static string Emit(RecordModel model)
    {
        string ns = model.Namespace;
        string typeName = TypeEmitter.Qualified(ns, model.Name);
        string converter = TypeEmitter.ConverterName(model.Name);
        SourceWriter writer = TypeEmitter.Begin(ns);
        writer.Summary(model.Description, $"The <c>{Identifier.Unescape(model.Name)}</c> object.");
        writer.Line(TypeEmitter.GeneratedCodeAttribute);
        writer.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({TypeEmitter.Qualified(ns, converter)}))]");
        writer.Open($"public sealed partial record {model.Name}");
        foreach (PropertyModel property in model.Properties)
        {
            WriteProperty(writer, ns, property);
            writer.Line();
        }

        writer.Line("/// <summary>");
        writer.Line("/// Properties the spec does not describe, exactly as received. They are written back unchanged, so nothing a newer");
        writer.Line("/// router or provider sends is lost, and extra fields can be sent without waiting for a new SDK.");
        writer.Line("/// </summary>");
        writer.Line("[global::System.Text.Json.Serialization.JsonExtensionData]");
        writer.Line("public global::System.Collections.Generic.IDictionary<string, global::System.Text.Json.JsonElement>? AdditionalProperties { get; init; }");
        writer.Line();
        writer.Line("/// <summary>How the record looked when it was read (properties sent as explicit <c>null</c>, pinned values left out), so writing it back adds and drops nothing. Not part of equality.</summary>");
        writer.Line($"internal global::{ns}.{TypeEmitter.WireShapeStruct} WireShape {{ get; init; }}");
        writer.Close();
        writer.Line();
        WriteConverter(writer, model, typeName, converter);
        return TypeEmitter.End(writer);
    }

    private static void WriteProperty(SourceWriter writer, string ns, PropertyModel property)
    {
        writer.Summary(property.Description, $"The <c>{property.JsonName}</c> property.");
        writer.Line($"[global::System.Text.Json.Serialization.JsonPropertyName({TypeEmitter.Literal(property.JsonName)})]");
        if (property.Type.Kind == TypeKind.StartWithin)
        {
            writer.Line($"[{TypeEmitter.Qualified(ns, Identifier.Unescape(property.Type.Name!) + "Attribute")}]");
        }

        string type = TypeEmitter.TypeName(ns, property.Type) + (property.IsNullable ? "?" : string.Empty);
        string modifier = property.IsRequired ? "required " : string.Empty;
        string initializer = property.ConstValue is null ? string.Empty : " = " + TypeEmitter.Literal(property.ConstValue) + ";";
        writer.Line($"public {modifier}{type} {property.Name} {{ get; init; }}{initializer}");
    }

    /// <summary>The presence bit of property <paramref name="index"/>, or empty past the 64 a <c>ulong</c> tracks.</summary>
    private static string Bit(int index) =>
        index < 64 ? "(1UL << " + index.ToString(CultureInfo.InvariantCulture) + ")" : string.Empty;

    private static bool TracksShape(EquatableArray<PropertyModel> properties)
    {
        for (int i = 0; i < properties.Count && i < 64; i++)
        {
            if (properties[i].IsNullable || properties[i].ConstValue is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static string ConstMask(EquatableArray<PropertyModel> properties)
    {
        ulong mask = 0;
        for (int i = 0; i < properties.Count && i < 64; i++)
        {
            if (properties[i].ConstValue is not null)
            {
                mask |= 1UL << i;
            }
        }

        return "0x" + mask.ToString("X", CultureInfo.InvariantCulture) + "UL";
    }

    private static void WriteConverter(SourceWriter writer, RecordModel model, string typeName, string converter)
    {
        string ns = model.Namespace;
        string support = "global::" + ns + "." + TypeEmitter.SupportClass;
        string display = Identifier.Unescape(model.Name);
        EquatableArray<PropertyModel> properties = model.Properties;
        var helpers = new HashSet<TypeRef>();

        writer.Line($"/// <summary>Reads and writes <see cref=\"{typeName}\"/>, keeping unknown properties byte for byte.</summary>");
        writer.Line(TypeEmitter.GeneratedCodeAttribute);
        writer.Open($"internal sealed class {converter} : global::System.Text.Json.Serialization.JsonConverter<{typeName}>");
        for (int i = 0; i < properties.Count; i++)
        {
            writer.Line($"private static readonly global::System.Text.Json.JsonEncodedText Name{i} = global::System.Text.Json.JsonEncodedText.Encode({TypeEmitter.Literal(properties[i].JsonName)});");
        }

        if (properties.Count > 0)
        {
            writer.Line();
        }

        writer.Line("/// <inheritdoc />");
        writer.Line($"public override {typeName} Read(ref global::System.Text.Json.Utf8JsonReader reader, global::System.Type typeToConvert, global::System.Text.Json.JsonSerializerOptions options) => ReadValue(ref reader, options);");
        writer.Line();
        writer.Line("/// <inheritdoc />");
        writer.Line($"public override void Write(global::System.Text.Json.Utf8JsonWriter writer, {typeName} value, global::System.Text.Json.JsonSerializerOptions options) => WriteValue(writer, value, options);");
        writer.Line();

        // Read
        writer.Open($"internal static {typeName} ReadValue(ref global::System.Text.Json.Utf8JsonReader reader, global::System.Text.Json.JsonSerializerOptions options)");
        writer.Line($"{support}.Expect(ref reader, global::System.Text.Json.JsonTokenType.StartObject, {TypeEmitter.Literal("a " + display + " object")});");
        for (int i = 0; i < properties.Count; i++)
        {
            PropertyModel property = properties[i];
            string localType = TypeEmitter.TypeName(ns, property.Type) + "?";
            writer.Line($"{localType} p{i} = default;");
            if (property.IsRequired)
            {
                writer.Line($"bool has{i} = false;");
            }
        }

        writer.Line("global::System.Collections.Generic.Dictionary<string, global::System.Text.Json.JsonElement>? extra = null;");
        bool tracksShape = TracksShape(properties);
        if (tracksShape)
        {
            writer.Line("ulong nulls = 0;");
            writer.Line("ulong seen = 0;");
        }

        writer.Open("while (true)");
        writer.Line($"{support}.Advance(ref reader);");
        writer.Open("if (reader.TokenType == global::System.Text.Json.JsonTokenType.EndObject)");
        writer.Line("break;");
        writer.Close();
        writer.Line();
        writer.Line(properties.Count > 0 ? "int index = MatchProperty(ref reader);" : "int index = -1;");
        writer.Line("string? unknownName = index < 0 ? reader.GetString() : null;");
        writer.Line($"{support}.Advance(ref reader);");
        writer.Open("switch (index)");
        for (int i = 0; i < properties.Count; i++)
        {
            PropertyModel property = properties[i];
            writer.Line($"case {i.ToString(CultureInfo.InvariantCulture)}:");
            writer.Line("{");
            if (property.IsRequired)
            {
                writer.Line($"    has{i} = true;");
            }

            bool nullAllowed = property.IsNullable || property.ConstValue is not null;
            string bit = Bit(i);
            if (property.ConstValue is not null && bit.Length > 0)
            {
                writer.Line($"    seen |= {bit};");
            }

            if (nullAllowed)
            {
                string localType = TypeEmitter.TypeName(ns, property.Type) + "?";
                if (bit.Length > 0)
                {
                    writer.Line("    if (reader.TokenType == global::System.Text.Json.JsonTokenType.Null)");
                    writer.Line("    {");
                    writer.Line($"        nulls |= {bit};");
                    writer.Line("        break;");
                    writer.Line("    }");
                    writer.Line();
                }

                if (!property.IsRequired && TypeEmitter.FitsExpression(property.Type) is { } fits)
                {
                    // A value of another JSON kind than the spec says is kept raw (under its own name) instead of
                    // failing the whole object, and with it the union member or stream event it belongs to.
                    writer.Line($"    if (!({fits}))");
                    writer.Line("    {");
                    writer.Line($"        (extra ??= new global::System.Collections.Generic.Dictionary<string, global::System.Text.Json.JsonElement>(global::System.StringComparer.Ordinal))[{TypeEmitter.Literal(property.JsonName)}] = global::System.Text.Json.JsonElement.ParseValue(ref reader);");
                    writer.Line("        break;");
                    writer.Line("    }");
                    writer.Line();
                }

                writer.Line($"    p{i} = reader.TokenType == global::System.Text.Json.JsonTokenType.Null ? default({localType}) : {TypeEmitter.ReadExpression(ns, property.Type, helpers)};");
            }
            else
            {
                writer.Line($"    {support}.RejectNull(ref reader, {TypeEmitter.Literal(display + "." + property.JsonName)});");
                writer.Line($"    p{i} = {TypeEmitter.ReadExpression(ns, property.Type, helpers)};");
            }

            writer.Line("    break;");
            writer.Line("}");
        }

        writer.Line("default:");
        writer.Line("    (extra ??= new global::System.Collections.Generic.Dictionary<string, global::System.Text.Json.JsonElement>(global::System.StringComparer.Ordinal))[unknownName!] = global::System.Text.Json.JsonElement.ParseValue(ref reader);");
        writer.Line("    break;");
        writer.Close();
        writer.Close();
        writer.Line();
        for (int i = 0; i < properties.Count; i++)
        {
            PropertyModel property = properties[i];
            if (property.IsRequired)
            {
                writer.Open($"if (!has{i})");
                writer.Line($"throw {support}.MissingProperty({TypeEmitter.Literal(display)}, {TypeEmitter.Literal(property.JsonName)});");
                writer.Close();
                writer.Line();
            }
        }

        writer.Line($"return new {typeName}");
        writer.Line("{");
        for (int i = 0; i < properties.Count; i++)
        {
            PropertyModel property = properties[i];
            string value;
            if (property.ConstValue is not null)
            {
                value = $"p{i} ?? {TypeEmitter.Literal(property.ConstValue)}";
            }
            else if (property.IsNullable)
            {
                value = $"p{i}";
            }
            else
            {
                value = property.Type.IsValueType ? $"p{i}.GetValueOrDefault()" : $"p{i}!";
            }

            writer.Line($"    {property.Name} = {value},");
        }

        writer.Line("    AdditionalProperties = extra,");
        if (tracksShape)
        {
            writer.Line($"    WireShape = new global::{ns}.{TypeEmitter.WireShapeStruct}(nulls, {ConstMask(properties)} & ~seen),");
        }

        writer.Line("};");
        writer.Close();
        writer.Line();

        // Write
        writer.Open($"internal static void WriteValue(global::System.Text.Json.Utf8JsonWriter writer, {typeName} value, global::System.Text.Json.JsonSerializerOptions options)");
        writer.Line("writer.WriteStartObject();");
        if (properties.Count > 0)
        {
            writer.Line("ulong written = 0;");
        }

        for (int i = 0; i < properties.Count; i++)
        {
            PropertyModel property = properties[i];
            string access = "value." + property.Name;
            string bit = Bit(i);
            string mark = bit.Length > 0 ? $"written |= {bit};" : string.Empty;
            if (property.IsRequired && property.IsNullable)
            {
                writer.Line($"writer.WritePropertyName(Name{i});");
                if (mark.Length > 0)
                {
                    writer.Line(mark);
                }

                writer.Open($"if ({access} is {{ }} v{i})");
                writer.Line(TypeEmitter.WriteStatement(ns, property.Type, $"v{i}", helpers));
                writer.Close();
                writer.Open("else");
                writer.Line("writer.WriteNullValue();");
                writer.Close();
            }
            else
            {
                // Optional values are omitted when null (unless they were read as an explicit null); a required
                // reference left null by a caller is skipped rather than sent as null. A pinned value that the
                // JSON it was read from did not carry stays out, so a round trip invents no field.
                string condition = $"{access} is {{ }} v{i}";
                if (property.ConstValue is not null && bit.Length > 0)
                {
                    condition += $" && ((value.WireShape.Absent & {bit}) == 0 || !string.Equals(v{i}, {TypeEmitter.Literal(property.ConstValue)}, global::System.StringComparison.Ordinal))";
                }

                writer.Open($"if ({condition})");
                writer.Line($"writer.WritePropertyName(Name{i});");
                writer.Line(TypeEmitter.WriteStatement(ns, property.Type, $"v{i}", helpers));
                if (mark.Length > 0)
                {
                    writer.Line(mark);
                }

                writer.Close();
                if (bit.Length > 0)
                {
                    writer.Open($"else if ((value.WireShape.Nulls & {bit}) != 0)");
                    writer.Line($"writer.WritePropertyName(Name{i});");
                    writer.Line("writer.WriteNullValue();");
                    writer.Line(mark);
                    writer.Close();
                }
            }
        }

        writer.Open("if (value.AdditionalProperties is { } extra)");
        writer.Open("foreach (global::System.Collections.Generic.KeyValuePair<string, global::System.Text.Json.JsonElement> pair in extra)");
        if (properties.Count > 0)
        {
            // A typed property that was written wins over an extra entry with the same name, so no duplicate keys
            // reach the wire; an entry kept because its JSON kind did not fit the typed property is written back.
            writer.Line("int known = MatchProperty(pair.Key);");
            writer.Open("if (known >= 0 && (known >= 64 || (written & (1UL << known)) != 0))");
            writer.Line("continue;");
            writer.Close();
            writer.Line();
        }

        writer.Line("writer.WritePropertyName(pair.Key);");
        writer.Line($"{support}.WriteRawValue(writer, pair.Value);");
        writer.Close();
        writer.Close();
        writer.Line();
        writer.Line("writer.WriteEndObject();");
        writer.Close();

        if (properties.Count > 0)
        {
            writer.Line();
            var names = new List<string>();
            foreach (PropertyModel property in properties)
            {
                names.Add(property.JsonName);
            }

            TypeEmitter.WritePropertyMatcher(writer, names);
        }

        TypeEmitter.WriteHelpers(writer, ns, helpers);
        writer.Close();
    }
}
