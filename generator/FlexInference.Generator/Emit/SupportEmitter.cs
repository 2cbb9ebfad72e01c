using FlexInference.Generator.Model;

namespace FlexInference.Generator.Emit;

/// <summary>Emits the small internal helper class every generated converter calls.</summary>
internal static class SupportEmitter
{
    public static string Emit(SupportModel model)
    {
        SourceWriter writer = TypeEmitter.Begin(model.Namespace);
        foreach (string line in Body.Split('\n'))
        {
            writer.Line(line);
        }

        return TypeEmitter.End(writer);
    }

    private const string Body = @"/// <summary>Helpers shared by the generated JSON converters.</summary>
[global::System.CodeDom.Compiler.GeneratedCode(""" + TypeEmitter.GeneratorName + @""", """ + TypeEmitter.GeneratorVersion + @""")]
internal static class " + TypeEmitter.SupportClass + @"
{
    internal static readonly global::System.Text.Json.JsonSerializerOptions Options = new global::System.Text.Json.JsonSerializerOptions { Encoder = global::System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal static void Advance(ref global::System.Text.Json.Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new global::System.Text.Json.JsonException(""The JSON ended in the middle of an object."");
        }
    }

    internal static void Expect(ref global::System.Text.Json.Utf8JsonReader reader, global::System.Text.Json.JsonTokenType expected, string what)
    {
        if (reader.TokenType != expected)
        {
            throw new global::System.Text.Json.JsonException(""Expected "" + what + "" but found "" + Describe(reader.TokenType) + ""."");
        }
    }

    internal static void RejectNull(ref global::System.Text.Json.Utf8JsonReader reader, string what)
    {
        if (reader.TokenType == global::System.Text.Json.JsonTokenType.Null)
        {
            throw new global::System.Text.Json.JsonException(""'"" + what + ""' must not be null."");
        }
    }

    internal static string ReadString(ref global::System.Text.Json.Utf8JsonReader reader)
    {
        if (reader.TokenType != global::System.Text.Json.JsonTokenType.String)
        {
            throw new global::System.Text.Json.JsonException(""Expected a string but found "" + Describe(reader.TokenType) + ""."");
        }

        return reader.GetString()!;
    }

    internal static global::System.Text.Json.JsonException MissingProperty(string type, string property) =>
        new global::System.Text.Json.JsonException(""The "" + type + "" object has no '"" + property + ""' property, which is required."");

    /// <summary>The exceptions a reader throws for JSON of the wrong shape (as opposed to broken JSON or a bug).</summary>
    internal static bool IsReadFailure(global::System.Exception exception) =>
        exception is global::System.Text.Json.JsonException or global::System.InvalidOperationException or global::System.FormatException;

    /// <summary>Finds a top-level string property of the object at the reader, scanning a copy so the caller's reader stays put.</summary>
    internal static string? PeekStringProperty(global::System.Text.Json.Utf8JsonReader reader, global::System.ReadOnlySpan<byte> name)
    {
        while (reader.Read() && reader.TokenType == global::System.Text.Json.JsonTokenType.PropertyName)
        {
            bool match = reader.ValueTextEquals(name);
            reader.Read();
            if (match)
            {
                return reader.TokenType == global::System.Text.Json.JsonTokenType.String ? reader.GetString() : null;
            }

            reader.Skip();
        }

        return null;
    }

    /// <summary>Writes a kept value exactly as it was received: raw bytes, no re-escaping, no number reformatting.</summary>
    internal static void WriteRawValue(global::System.Text.Json.Utf8JsonWriter writer, global::System.Text.Json.JsonElement value)
    {
        if (value.ValueKind == global::System.Text.Json.JsonValueKind.Undefined)
        {
            writer.WriteNullValue();
            return;
        }

#if NET9_0_OR_GREATER
        writer.WriteRawValue(global::System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
#else
        writer.WriteRawValue(value.GetRawText(), skipInputValidation: true);
#endif
    }

    internal static byte[] GetRawUtf8(global::System.Text.Json.JsonElement value, string parameterName)
    {
        if (value.ValueKind == global::System.Text.Json.JsonValueKind.Undefined)
        {
            throw new global::System.ArgumentException(""The JsonElement is default (undefined); pass an element read from JSON, for example JsonDocument.Parse(\""{}\"").RootElement."", parameterName);
        }

        return global::System.Text.Encoding.UTF8.GetBytes(value.GetRawText());
    }

    internal static string RawText(global::System.Text.Json.JsonElement value) =>
        value.ValueKind == global::System.Text.Json.JsonValueKind.Undefined ? string.Empty : value.GetRawText();

    internal static bool RawEquals(global::System.Text.Json.JsonElement left, global::System.Text.Json.JsonElement right) =>
        string.Equals(RawText(left), RawText(right), global::System.StringComparison.Ordinal);

    internal static int RawHashCode(global::System.Text.Json.JsonElement value) =>
        global::System.StringComparer.Ordinal.GetHashCode(RawText(value));

    private static string Describe(global::System.Text.Json.JsonTokenType token) => token switch
    {
        global::System.Text.Json.JsonTokenType.StartObject => ""an object"",
        global::System.Text.Json.JsonTokenType.StartArray => ""an array"",
        global::System.Text.Json.JsonTokenType.String => ""a string"",
        global::System.Text.Json.JsonTokenType.Number => ""a number"",
        global::System.Text.Json.JsonTokenType.True or global::System.Text.Json.JsonTokenType.False => ""a boolean"",
        global::System.Text.Json.JsonTokenType.Null => ""null"",
        _ => token.ToString(),
    };
}

/// <summary>
/// How a generated record looked on the wire when it was read: which properties were sent as an explicit <c>null</c>
/// and which pinned (<c>const</c>) properties were left out. The converters write the same shape back, so a typed
/// round trip neither drops a <c>null</c> nor invents a field. A record built in code has the default shape (nothing
/// written as null, every pinned value written). It never takes part in equality or hashing.
/// </summary>
[global::System.CodeDom.Compiler.GeneratedCode(""" + TypeEmitter.GeneratorName + @""", """ + TypeEmitter.GeneratorVersion + @""")]
internal readonly struct " + TypeEmitter.WireShapeStruct + @" : global::System.IEquatable<" + TypeEmitter.WireShapeStruct + @">
{
    internal " + TypeEmitter.WireShapeStruct + @"(ulong nulls, ulong absent)
    {
        Nulls = nulls;
        Absent = absent;
    }

    /// <summary>One bit per property (in spec order) that was read as an explicit <c>null</c>.</summary>
    internal ulong Nulls { get; }

    /// <summary>One bit per pinned property that the JSON did not carry.</summary>
    internal ulong Absent { get; }

    /// <summary>Always true: the wire shape is not part of a record's value.</summary>
    public bool Equals(" + TypeEmitter.WireShapeStruct + @" other) => true;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is " + TypeEmitter.WireShapeStruct + @";

    /// <inheritdoc />
    public override int GetHashCode() => 0;
}";
}
