using System.Collections.Generic;
using System.Globalization;
using FlexInference.Generator.Model;

namespace FlexInference.Generator.Emit;

/// <summary>
/// Emits the <c>start_within</c> value type and its validation attribute from the spec's words, pattern and bounds.
/// Every message says what was wrong, why, how to fix it, and shows a value that works.
/// </summary>
internal static class StartWithinEmitter
{
    public static string Emit(StartWithinModel model)
    {
        string ns = model.Namespace;
        string name = model.Name;
        string display = Identifier.Unescape(name);
        string typeName = TypeEmitter.Qualified(ns, name);
        string converter = TypeEmitter.ConverterName(name);
        string attribute = display + "Attribute";
        string words = QuotedList(model.Words);
        string minimum = Duration(model.MinimumSeconds);
        string maximum = Duration(model.MaximumSeconds);
        string window = $"{Human(model.MinimumSeconds)} to {Human(model.MaximumSeconds)}";
        SourceWriter writer = TypeEmitter.Begin(ns);

        writer.Summary(model.Description, "When the request must start: a tier word or a flex-race window.");
        writer.Line("/// <remarks>");
        writer.Line($"/// One of {SourceWriter.XmlEscape(words)}, or a duration <c>HHh-MMm-SSs</c> from {minimum} to {maximum}");
        writer.Line($"/// (built with <see cref=\"Within\"/>). A duration runs the flex race: the router tries the cheaper flex tier first and");
        writer.Line("/// falls back up to the standard tier if flex cannot start inside the window.");
        writer.Line("/// </remarks>");
        writer.Line(TypeEmitter.GeneratedCodeAttribute);
        writer.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({TypeEmitter.Qualified(ns, converter)}))]");
        writer.Line("[global::System.Diagnostics.DebuggerDisplay(\"{Value,nq}\")]");
        writer.Open($"public readonly partial struct {name} : global::System.IEquatable<{typeName}>");
        writer.Line($"private const string Pattern = {TypeEmitter.Literal(model.Pattern)};");
        writer.Line();
        writer.Line("// ECMAScript semantics: \\d means ASCII digits only, as on the router.");
        writer.Line("private static readonly global::System.Text.RegularExpressions.Regex DurationRegex =");
        writer.Line("    new global::System.Text.RegularExpressions.Regex(Pattern, global::System.Text.RegularExpressions.RegexOptions.ECMAScript | global::System.Text.RegularExpressions.RegexOptions.CultureInvariant);");
        writer.Line();
        writer.Line("private readonly string? _value;");
        writer.Line();
        writer.Line($"private {name}(string value) => _value = value;");
        foreach (string word in model.Words)
        {
            writer.Line();
            writer.Line($"/// <summary>The word <c>{SourceWriter.XmlEscape(word)}</c>.</summary>");
            writer.Line($"public static {typeName} {Identifier.ToPascalCase(word)} {{ get; }} = new {typeName}({TypeEmitter.Literal(word)});");
        }

        writer.Line();
        writer.Line($"/// <summary>The shortest flex-race window the router accepts ({minimum}).</summary>");
        writer.Line($"public static global::System.TimeSpan MinimumWindow {{ get; }} = global::System.TimeSpan.FromSeconds({model.MinimumSeconds.ToString(CultureInfo.InvariantCulture)});");
        writer.Line();
        writer.Line($"/// <summary>The longest flex-race window the router accepts ({maximum}).</summary>");
        writer.Line($"public static global::System.TimeSpan MaximumWindow {{ get; }} = global::System.TimeSpan.FromSeconds({model.MaximumSeconds.ToString(CultureInfo.InvariantCulture)});");
        writer.Line();
        writer.Line("/// <summary>The wire value, for example <c>" + SourceWriter.XmlEscape(model.Example) + "</c>; empty for <c>default</c>.</summary>");
        writer.Line("public string Value => _value ?? string.Empty;");
        writer.Line();
        writer.Line("/// <summary>Whether this is a flex-race duration (rather than a tier word).</summary>");
        writer.Line("public bool IsDuration => Window is not null;");
        writer.Line();
        writer.Line("/// <summary>The flex-race window of a duration; null for a tier word or an invalid value.</summary>");
        writer.Line("public global::System.TimeSpan? Window => TryGetSeconds(Value, out int seconds) ? global::System.TimeSpan.FromSeconds(seconds) : null;");
        writer.Line();
        writer.Line("/// <summary>Whether the value would be accepted by the router.</summary>");
        writer.Line("public bool IsValid => Validate(_value) is null;");
        writer.Line();

        writer.Line($"/// <summary>A flex race: try the flex tier for at most <paramref name=\"window\"/>, then fall back up to standard.</summary>");
        writer.Line($"/// <param name=\"window\">A whole number of seconds from {minimum} to {maximum}, for example <c>TimeSpan.FromSeconds(30)</c>.</param>");
        writer.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\">The window is outside the allowed range or not a whole number of seconds.</exception>");
        writer.Open($"public static {typeName} Within(global::System.TimeSpan window)");
        writer.Open($"if (window.Ticks % global::System.TimeSpan.TicksPerSecond != 0)");
        writer.Line("throw new global::System.ArgumentOutOfRangeException(nameof(window), window,");
        writer.Line($"    \"start_within needs a whole number of seconds, but the window was \" + window.TotalSeconds.ToString(\"0.###\", global::System.Globalization.CultureInfo.InvariantCulture) + \" s: the router's durations have one-second resolution. \" +");
        writer.Line($"    \"Round the window, for example {display}.Within(TimeSpan.FromSeconds(30)).\");");
        writer.Close();
        writer.Line();
        writer.Line("long seconds = window.Ticks / global::System.TimeSpan.TicksPerSecond;");
        writer.Open($"if (seconds < {model.MinimumSeconds.ToString(CultureInfo.InvariantCulture)} || seconds > {model.MaximumSeconds.ToString(CultureInfo.InvariantCulture)})");
        writer.Line("throw new global::System.ArgumentOutOfRangeException(nameof(window), window,");
        writer.Line($"    \"start_within must be between {window}, but the window was \" + seconds.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" s: the router only races the flex tier inside that range. \" +");
        writer.Line($"    \"Choose a window in range, for example {display}.Within(TimeSpan.FromSeconds(30)), or use {display}.{Identifier.ToPascalCase(model.Words[0])} for no race.\");");
        writer.Close();
        writer.Line();
        writer.Line($"return new {typeName}(Format((int)seconds));");
        writer.Close();
        writer.Line();

        writer.Line($"/// <summary>Parses a wire value such as <c>{SourceWriter.XmlEscape(model.Example)}</c> or <c>{SourceWriter.XmlEscape(model.Words[0])}</c>.</summary>");
        writer.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"value\"/> is null.</exception>");
        writer.Line("/// <exception cref=\"global::System.FormatException\">The value is not accepted; the message says why and how to fix it.</exception>");
        writer.Open($"public static {typeName} Parse(string value)");
        writer.Open("if (value is null)");
        writer.Line("throw new global::System.ArgumentNullException(nameof(value), Validate(null));");
        writer.Close();
        writer.Line();
        writer.Line("string? error = Validate(value);");
        writer.Line($"return error is null ? new {typeName}(value) : throw new global::System.FormatException(error);");
        writer.Close();
        writer.Line();
        writer.Line("/// <summary>Parses a wire value, returning false instead of throwing.</summary>");
        writer.Open($"public static bool TryParse([global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value, out {typeName} result)");
        writer.Open("if (Validate(value) is null)");
        writer.Line($"result = new {typeName}(value!);");
        writer.Line("return true;");
        writer.Close();
        writer.Line();
        writer.Line("result = default;");
        writer.Line("return false;");
        writer.Close();
        writer.Line();

        writer.Line("/// <summary>Checks a wire value the way the router does.</summary>");
        writer.Line("/// <returns>Null when the value is accepted; otherwise a message saying what is wrong, why, how to fix it, with an example.</returns>");
        writer.Open("public static string? Validate(string? value)");
        writer.Open("if (string.IsNullOrEmpty(value))");
        writer.Line($"return \"start_within is required on every request, and it is missing: it tells the router how long the request may wait for the cheaper flex tier. \" +");
        writer.Line($"    \"Set it to one of {EscapeForLiteral(words)} or a duration \\\"HHh-MMm-SSs\\\" from {minimum} to {maximum}; \" +");
        writer.Line($"    \"for example \\\"{model.Words[0]}\\\" ({display}.{Identifier.ToPascalCase(model.Words[0])}) for standard-tier behaviour, or \\\"{model.Example}\\\" for a flex race.\";");
        writer.Close();
        writer.Line();
        writer.Open("switch (value)");
        foreach (string word in model.Words)
        {
            writer.Line($"case {TypeEmitter.Literal(word)}:");
        }

        writer.Line("    return null;");
        foreach (RetiredValueModel retired in model.Retired)
        {
            writer.Line($"case {TypeEmitter.Literal(retired.Value)}:");
            writer.Line($"    return \"start_within \\\"{retired.Value}\\\" is no longer accepted: it was retired and replaced by \\\"{retired.Replacement}\\\". \" +");
            writer.Line($"        \"Send \\\"{retired.Replacement}\\\" for the same behaviour, for example {display}.{Identifier.ToPascalCase(retired.Replacement)}.\";");
        }

        writer.Close();
        writer.Line();
        writer.Open("if (!TryMatch(value!, out int seconds))");
        writer.Line("return \"start_within \\\"\" + value + \"\\\" is not valid: it must be one of the words " + EscapeForLiteral(words) + " (exact, lower case), \" +");
        writer.Line("    \"or a duration written \\\"HHh-MMm-SSs\\\" with two digits each for hours, minutes and seconds. \" +");
        writer.Line($"    \"Fix the value; for example \\\"00h-05m-00s\\\" is a 5-minute deadline and \\\"{model.Example}\\\" a shorter one.\";");
        writer.Close();
        writer.Line();
        writer.Open($"if (seconds < {model.MinimumSeconds.ToString(CultureInfo.InvariantCulture)} || seconds > {model.MaximumSeconds.ToString(CultureInfo.InvariantCulture)})");
        writer.Line("return \"start_within \\\"\" + value + \"\\\" is \" + seconds.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" s, outside the allowed window of " + window + ": \" +");
        writer.Line("    \"the router only races the flex tier for that long. \" +");
        writer.Line($"    \"Choose a duration between \\\"{minimum}\\\" and \\\"{maximum}\\\", for example \\\"{model.Example}\\\".\";");
        writer.Close();
        writer.Line();
        writer.Line("return null;");
        writer.Close();
        writer.Line();

        writer.Line("/// <summary>Wraps a value read from JSON without validating it, so a response never fails to parse.</summary>");
        writer.Line($"internal static {typeName} FromWire(string value) => new {typeName}(value);");
        writer.Line();
        writer.Open("private static bool TryGetSeconds(string value, out int seconds)");
        writer.Line($"return TryMatch(value, out seconds) && seconds >= {model.MinimumSeconds.ToString(CultureInfo.InvariantCulture)} && seconds <= {model.MaximumSeconds.ToString(CultureInfo.InvariantCulture)};");
        writer.Close();
        writer.Line();
        writer.Line("// Fields above 59 are allowed when the total is in range (the router's own rule), so \"00h-00m-90s\" is 90 s.");
        writer.Open("private static bool TryMatch(string value, out int seconds)");
        writer.Line("seconds = 0;");
        writer.Line("global::System.Text.RegularExpressions.Match match = DurationRegex.Match(value);");
        writer.Open("if (!match.Success || match.Index != 0 || match.Length != value.Length)");
        writer.Line("return false;");
        writer.Close();
        writer.Line();
        writer.Line("int hours = int.Parse(match.Groups[1].Value, global::System.Globalization.CultureInfo.InvariantCulture);");
        writer.Line("int minutes = int.Parse(match.Groups[2].Value, global::System.Globalization.CultureInfo.InvariantCulture);");
        writer.Line("int secs = int.Parse(match.Groups[3].Value, global::System.Globalization.CultureInfo.InvariantCulture);");
        writer.Line("seconds = (hours * 3600) + (minutes * 60) + secs;");
        writer.Line("return true;");
        writer.Close();
        writer.Line();
        writer.Line("private static string Format(int seconds) =>");
        writer.Line("    (seconds / 3600).ToString(\"00\", global::System.Globalization.CultureInfo.InvariantCulture) + \"h-\" +");
        writer.Line("    (seconds / 60 % 60).ToString(\"00\", global::System.Globalization.CultureInfo.InvariantCulture) + \"m-\" +");
        writer.Line("    (seconds % 60).ToString(\"00\", global::System.Globalization.CultureInfo.InvariantCulture) + \"s\";");
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
        writer.Line("/// <summary>Compares wire values.</summary>");
        writer.Line($"public static bool operator ==({typeName} left, {typeName} right) => left.Equals(right);");
        writer.Line();
        writer.Line("/// <summary>Compares wire values.</summary>");
        writer.Line($"public static bool operator !=({typeName} left, {typeName} right) => !left.Equals(right);");
        writer.Close();
        writer.Line();

        writer.Line($"/// <summary>Validates a <see cref=\"{typeName}\"/> or string property with the router's <c>start_within</c> rules.</summary>");
        writer.Line("/// <remarks>A null value passes: whether the field must be present is decided by the client (a key may carry a default).</remarks>");
        writer.Line(TypeEmitter.GeneratedCodeAttribute);
        writer.Line("[global::System.AttributeUsage(global::System.AttributeTargets.Property | global::System.AttributeTargets.Field | global::System.AttributeTargets.Parameter)]");
        writer.Open($"public sealed class {attribute} : global::System.ComponentModel.DataAnnotations.ValidationAttribute");
        writer.Line("/// <inheritdoc />");
        writer.Open("protected override global::System.ComponentModel.DataAnnotations.ValidationResult? IsValid(object? value, global::System.ComponentModel.DataAnnotations.ValidationContext validationContext)");
        writer.Open("string? text = value switch");
        writer.Line("null => null,");
        writer.Line($"{typeName} startWithin => startWithin.Value,");
        writer.Line("string s => s,");
        writer.Line("_ => throw new global::System.InvalidOperationException(");
        writer.Line($"    \"[{display}] can only validate a {display} or a string, not \" + value.GetType().Name + \". Put it on a {display} or string property.\"),");
        writer.Close(";");
        writer.Line();
        writer.Open("if (text is null)");
        writer.Line("return global::System.ComponentModel.DataAnnotations.ValidationResult.Success;");
        writer.Close();
        writer.Line();
        writer.Line($"string? error = {typeName}.Validate(text);");
        writer.Line("return error is null");
        writer.Line("    ? global::System.ComponentModel.DataAnnotations.ValidationResult.Success");
        writer.Line("    : new global::System.ComponentModel.DataAnnotations.ValidationResult(error, validationContext.MemberName is { } member ? new[] { member } : null);");
        writer.Close();
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
        writer.Line($"    {typeName}.FromWire(global::{ns}.{TypeEmitter.SupportClass}.ReadString(ref reader));");
        writer.Line();
        writer.Line($"internal static void WriteValue(global::System.Text.Json.Utf8JsonWriter writer, {typeName} value, global::System.Text.Json.JsonSerializerOptions options) =>");
        writer.Line("    writer.WriteStringValue(value.Value);");
        writer.Close();
        return TypeEmitter.End(writer);
    }

    private static string QuotedList(IEnumerable<string> words)
    {
        var quoted = new List<string>();
        foreach (string word in words)
        {
            quoted.Add("\"" + word + "\"");
        }

        return quoted.Count <= 1 ? string.Join(string.Empty, quoted) : string.Join(", ", quoted.GetRange(0, quoted.Count - 1)) + " or " + quoted[quoted.Count - 1];
    }

    private static string EscapeForLiteral(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");

    private static string Duration(int seconds) =>
        (seconds / 3600).ToString("00", CultureInfo.InvariantCulture) + "h-"
        + (seconds / 60 % 60).ToString("00", CultureInfo.InvariantCulture) + "m-"
        + (seconds % 60).ToString("00", CultureInfo.InvariantCulture) + "s";

    private static string Human(int seconds) =>
        seconds % 60 == 0 && seconds >= 60
            ? (seconds / 60).ToString(CultureInfo.InvariantCulture) + " min"
            : seconds.ToString(CultureInfo.InvariantCulture) + " s";
}
