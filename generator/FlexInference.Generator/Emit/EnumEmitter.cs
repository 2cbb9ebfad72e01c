using System.Collections.Generic;
using FlexInference.Generator.Model;

namespace FlexInference.Generator.Emit;

/// <summary>
/// Emits a string enum as an open <c>readonly struct</c>: known values are static properties, and a value the spec
/// does not list (a new tier, a new event) is kept, compared and written back as-is instead of failing.
/// </summary>
internal static class EnumEmitter
{
    public static string Emit(EnumModel model)
    {
        string ns = model.Namespace;
        string name = model.Name;
        string display = Identifier.Unescape(name);
        string typeName = TypeEmitter.Qualified(ns, name);
        string converter = TypeEmitter.ConverterName(name);
        SourceWriter writer = TypeEmitter.Begin(ns);
        writer.Summary(model.Description, $"The values of <c>{display}</c>.");
        writer.Line("/// <remarks>An open enum: values not listed here are kept as-is, so a newer server never breaks deserialisation.</remarks>");
        writer.Line(TypeEmitter.GeneratedCodeAttribute);
        writer.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({TypeEmitter.Qualified(ns, converter)}))]");
        writer.Line("[global::System.Diagnostics.DebuggerDisplay(\"{Value,nq}\")]");
        writer.Open($"public readonly partial struct {name} : global::System.IEquatable<{typeName}>");
        writer.Line("private readonly string? _value;");
        writer.Line();
        writer.Line($"/// <summary>Creates a value from its wire text, known or not.</summary>");
        writer.Line("/// <param name=\"value\">The exact wire value, for example <c>" + SourceWriter.XmlEscape(model.Members.Count > 0 ? model.Members[0].Value : "value") + "</c>.</param>");
        writer.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"value\"/> is null.</exception>");
        writer.Open($"public {name}(string value)");
        writer.Line("_value = value ?? throw new global::System.ArgumentNullException(nameof(value));");
        writer.Close();
        foreach (EnumMemberModel member in model.Members)
        {
            writer.Line();
            writer.Line($"/// <summary>The value <c>{SourceWriter.XmlEscape(member.Value)}</c>.</summary>");
            writer.Line($"public static {typeName} {member.Name} {{ get; }} = new {typeName}({TypeEmitter.Literal(member.Value)});");
        }

        writer.Line();
        writer.Line("/// <summary>Every value the spec lists, in spec order.</summary>");
        var names = new List<string>();
        foreach (EnumMemberModel member in model.Members)
        {
            names.Add(member.Name);
        }

        writer.Line($"public static global::System.Collections.Generic.IReadOnlyList<{typeName}> KnownValues {{ get; }} = new {typeName}[] {{ {string.Join(", ", names)} }};");
        writer.Line();
        writer.Line("/// <summary>The wire value; empty for <c>default</c>.</summary>");
        writer.Line("public string Value => _value ?? string.Empty;");
        writer.Line();
        writer.Line("/// <summary>Whether the value is one the spec lists.</summary>");
        writer.Open("public bool IsKnown");
        writer.Open("get");
        writer.Open("switch (Value)");
        foreach (EnumMemberModel member in model.Members)
        {
            writer.Line($"case {TypeEmitter.Literal(member.Value)}:");
        }

        if (model.Members.Count > 0)
        {
            writer.Line("    return true;");
        }

        writer.Line("default:");
        writer.Line("    return false;");
        writer.Close();
        writer.Close();
        writer.Close();
        writer.Line();
        writer.Line("/// <inheritdoc />");
        writer.Line($"public bool Equals({typeName} other) => string.Equals(Value, other.Value, global::System.StringComparison.Ordinal);");
        writer.Line();
        writer.Line("/// <inheritdoc />");
        writer.Line($"public override bool Equals(object? obj) => obj is {typeName} other && Equals(other);");
        writer.Line();
        writer.Line("/// <inheritdoc />");
        writer.Line("public override int GetHashCode() => global::System.StringComparer.Ordinal.GetHashCode(Value);");
        writer.Line();
        writer.Line("/// <summary>The wire value.</summary>");
        writer.Line("public override string ToString() => Value;");
        writer.Line();
        writer.Line("/// <summary>Compares wire values ordinally.</summary>");
        writer.Line($"public static bool operator ==({typeName} left, {typeName} right) => left.Equals(right);");
        writer.Line();
        writer.Line("/// <summary>Compares wire values ordinally.</summary>");
        writer.Line($"public static bool operator !=({typeName} left, {typeName} right) => !left.Equals(right);");
        writer.Line();
        writer.Line("/// <summary>Wraps a wire value, known or not.</summary>");
        writer.Line($"public static implicit operator {typeName}(string value) => new {typeName}(value);");
        writer.Close();
        writer.Line();

        writer.Line($"/// <summary>Reads and writes <see cref=\"{typeName}\"/> as its wire string.</summary>");
        writer.Line(TypeEmitter.GeneratedCodeAttribute);
        writer.Open($"internal sealed class {converter} : global::System.Text.Json.Serialization.JsonConverter<{typeName}>");
        writer.Line("/// <inheritdoc />");
        writer.Line($"public override {typeName} Read(ref global::System.Text.Json.Utf8JsonReader reader, global::System.Type typeToConvert, global::System.Text.Json.JsonSerializerOptions options) => ReadValue(ref reader, options);");
        writer.Line();
        writer.Line("/// <inheritdoc />");
        writer.Line($"public override void Write(global::System.Text.Json.Utf8JsonWriter writer, {typeName} value, global::System.Text.Json.JsonSerializerOptions options) => WriteValue(writer, value, options);");
        writer.Line();
        writer.Line($"internal static {typeName} ReadValue(ref global::System.Text.Json.Utf8JsonReader reader, global::System.Text.Json.JsonSerializerOptions options) =>");
        writer.Line($"    new {typeName}(global::{ns}.{TypeEmitter.SupportClass}.ReadString(ref reader));");
        writer.Line();
        writer.Line($"internal static void WriteValue(global::System.Text.Json.Utf8JsonWriter writer, {typeName} value, global::System.Text.Json.JsonSerializerOptions options) =>");
        writer.Line("    writer.WriteStringValue(value.Value);");
        writer.Close();
        return TypeEmitter.End(writer);
    }
}
