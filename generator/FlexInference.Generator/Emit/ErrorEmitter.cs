using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FlexInference.Generator.Model;

namespace FlexInference.Generator.Emit;

/// <summary>
/// Emits the exception hierarchy (one type per error class, plus any per-code type the catalogue names), the code
/// constants, and the catalogue that maps a code or an HTTP status to the right exception.
/// </summary>
internal static class ErrorEmitter
{
    public static string Emit(ErrorCatalogModel model)
    {
        string ns = model.Namespace;
        SourceWriter writer = TypeEmitter.Begin(ns);
        WriteBaseTypes(writer);
        var classExceptions = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (ErrorClassModel errorClass in model.Classes)
        {
            classExceptions[errorClass.Class] = errorClass.ExceptionName;
        }

        foreach (ErrorClassModel errorClass in model.Classes)
        {
            string baseName = errorClass.Extends is null ? "FlexInferenceApiException" : classExceptions[errorClass.Extends];
            WriteException(writer, errorClass.ExceptionName, baseName, errorClass.Description
                ?? $"The request failed with an error of class <c>{errorClass.Class}</c>.", $"Error class \"{errorClass.Class}\".");
        }

        foreach (StatusExceptionModel status in model.StatusExceptions)
        {
            string? statusClass = ClassForStatus(model, status.Status);
            string baseName = statusClass is null ? "FlexInferenceApiException" : classExceptions[statusClass];
            WriteException(writer, status.ExceptionName, baseName, status.Description
                ?? $"The server answered HTTP {status.Status.ToString(CultureInfo.InvariantCulture)}.", $"Every HTTP {status.Status.ToString(CultureInfo.InvariantCulture)} response.");
        }

        foreach (ErrorCodeModel code in model.Codes)
        {
            if (code.ExceptionName is not null)
            {
                WriteException(writer, code.ExceptionName, ExceptionForCodeStatus(model, code, classExceptions), $"The router answered <c>{code.Code}</c>: {code.When}", $"Error code \"{code.Code}\".");
            }
        }

        WriteCodes(writer, model);
        WriteCatalog(writer, model, classExceptions);
        return TypeEmitter.End(writer);
    }

    /// <summary>The class a status maps to at generation time: an exact entry, else its <c>Nxx</c> range.</summary>
    private static string? ClassForStatus(ErrorCatalogModel model, int status)
    {
        string exact = status.ToString(CultureInfo.InvariantCulture);
        string range = exact[0] + "xx";
        return model.StatusClasses.FirstOrDefault(entry => entry.Status == exact)?.Class
            ?? model.StatusClasses.FirstOrDefault(entry => entry.Status == range)?.Class;
    }

    /// <summary>The exception a code maps to without its own type: its status's exception, else its class's.</summary>
    private static string ExceptionForCodeStatus(ErrorCatalogModel model, ErrorCodeModel code, Dictionary<string, string> classExceptions) =>
        model.StatusExceptions.FirstOrDefault(status => status.Status == code.Status)?.ExceptionName ?? classExceptions[code.Class];

    private static void WriteBaseTypes(SourceWriter writer)
    {
        writer.Line("/// <summary>The base of every exception the FlexInference SDK throws for a failed call.</summary>");
        writer.Line(TypeEmitter.GeneratedCodeAttribute);
        writer.Open("public abstract class FlexInferenceException : global::System.Exception");
        writer.Line("/// <summary>Creates the exception.</summary>");
        writer.Line("protected FlexInferenceException(string message, global::System.Exception? innerException = null)");
        writer.Line("    : base(message, innerException)");
        writer.Line("{");
        writer.Line("}");
        writer.Close();
        writer.Line();

        writer.Line("/// <summary>What the router (or the provider behind it) said about a failed call, gathered from any of the three error envelopes.</summary>");
        writer.Line(TypeEmitter.GeneratedCodeAttribute);
        writer.Open("public sealed record FlexInferenceApiError");
        WriteDataProperty(writer, "string", "Message", "The human-readable message; always set.", required: true);
        WriteDataProperty(writer, "int", "Status", "The HTTP status (for a stream that failed after it started: the status it would have had).", required: true);
        WriteDataProperty(writer, "string?", "Code", "The machine-readable code, such as <c>missing_start_within</c>; branch on this, never on <see cref=\"Type\"/>.");
        WriteDataProperty(writer, "string?", "Type", "The envelope's category: OpenAI/Anthropic <c>error.type</c> or Google <c>error.status</c>, verbatim.");
        WriteDataProperty(writer, "string?", "Param", "The offending request field, when the router names one.");
        WriteDataProperty(writer, "string?", "DocUrl", "A link to the documentation of this code.");
        WriteDataProperty(writer, "string?", "ErrorClass", "The class of the error (<c>validation</c>, <c>billing</c>, <c>quota</c>, ...).");
        WriteDataProperty(writer, "string?", "Origin", "Who raised it: <c>flexinference</c> or <c>provider</c>.");
        WriteDataProperty(writer, "string?", "Provider", "The provider involved, if any.");
        WriteDataProperty(writer, "string?", "ProviderCode", "The provider's own error code, for a passed-through provider error.");
        WriteDataProperty(writer, "bool?", "Retryable", "Whether the router says the same request may succeed if sent again.");
        WriteDataProperty(writer, "string?", "RequestId", "The request id from the response headers, for support.");
        WriteDataProperty(writer, "global::System.TimeSpan?", "RetryAfter", "How long the server asked the caller to wait (<c>Retry-After</c>).");
        WriteDataProperty(writer, "string?", "Body", "The response body as received (never contains the API key, which is only ever sent in a header).");
        writer.Close();
        writer.Line();

        writer.Line("/// <summary>The router or provider answered with an error status. Catch a subclass for one class of failure.</summary>");
        writer.Line(TypeEmitter.GeneratedCodeAttribute);
        writer.Open("public class FlexInferenceApiException : FlexInferenceException");
        writer.Line("/// <summary>Creates the exception from what the server said.</summary>");
        writer.Line("public FlexInferenceApiException(string message, FlexInferenceApiError error, global::System.Exception? innerException = null)");
        writer.Line("    : base(message, innerException)");
        writer.Line("{");
        writer.Line("    Error = error ?? throw new global::System.ArgumentNullException(nameof(error));");
        writer.Line("}");
        writer.Line();
        writer.Line("/// <summary>Creates the exception from what the server said, using its message.</summary>");
        writer.Line("public FlexInferenceApiException(FlexInferenceApiError error, global::System.Exception? innerException = null)");
        writer.Line("    : this((error ?? throw new global::System.ArgumentNullException(nameof(error))).Message, error, innerException)");
        writer.Line("{");
        writer.Line("}");
        writer.Line();
        writer.Line("/// <summary>Everything the server said about the failure.</summary>");
        writer.Line("public FlexInferenceApiError Error { get; }");
        writer.Line();
        foreach ((string type, string name, string doc) in ForwardedProperties)
        {
            writer.Line("/// <summary>" + doc + "</summary>");
            writer.Line($"public {type} {name} => Error.{name};");
            writer.Line();
        }

        writer.Line("/// <summary>The catalogue entry of <see cref=\"Code\"/> (status, class, when it happens, how to fix it), if the code is known.</summary>");
        writer.Line("public FlexInferenceErrorCodeInfo? CodeInfo => FlexInferenceErrorCatalog.TryGet(Error.Code, out FlexInferenceErrorCodeInfo? info) ? info : null;");
        writer.Close();
        writer.Line();

        writer.Line("/// <summary>One entry of the error catalogue.</summary>");
        writer.Line("/// <param name=\"Code\">The code.</param>");
        writer.Line("/// <param name=\"Status\">The HTTP status the router answers with.</param>");
        writer.Line("/// <param name=\"ErrorClass\">The error class.</param>");
        writer.Line("/// <param name=\"Type\">The OpenAI-envelope <c>type</c>, when documented.</param>");
        writer.Line("/// <param name=\"Param\">The request field the code is about, if any.</param>");
        writer.Line("/// <param name=\"When\">When the router answers with this code.</param>");
        writer.Line("/// <param name=\"Fix\">What to do about it.</param>");
        writer.Line(TypeEmitter.GeneratedCodeAttribute);
        writer.Open("public sealed record FlexInferenceErrorCodeInfo(string Code, int Status, string ErrorClass, string? Type, string? Param, string When, string Fix)");
        writer.Line("/// <summary>");
        writer.Line("/// False when the catalogue says waiting cannot help (an exhausted quota): the SDK then does not retry the error even");
        writer.Line("/// though its status (429) is one it retries. Null when the catalogue says nothing.");
        writer.Line("/// </summary>");
        writer.Line("public bool? Retryable { get; init; }");
        writer.Close();
        writer.Line();
    }

    private static readonly (string Type, string Name, string Doc)[] ForwardedProperties =
    {
        ("int", "Status", "The HTTP status."),
        ("string?", "Code", "The machine-readable code; compare with <see cref=\"FlexInferenceErrorCodes\"/>."),
        ("string?", "Type", "The envelope's category, verbatim (OpenAI/Anthropic <c>type</c>, Google <c>status</c>); do not branch on it."),
        ("string?", "Param", "The offending request field, when named."),
        ("string?", "DocUrl", "The documentation link for <see cref=\"Code\"/>."),
        ("string?", "ErrorClass", "The error class (<c>validation</c>, <c>billing</c>, <c>quota</c>, ...)."),
        ("string?", "Origin", "Who raised it: <c>flexinference</c> or <c>provider</c>."),
        ("string?", "Provider", "The provider involved, if any."),
        ("string?", "ProviderCode", "The provider's own error code."),
        ("bool?", "Retryable", "Whether the router says the same request may succeed if sent again."),
        ("string?", "RequestId", "The request id from the response headers, for support."),
        ("global::System.TimeSpan?", "RetryAfter", "How long the server asked the caller to wait before trying again."),
        ("string?", "Body", "The response body as received."),
    };

    private static void WriteDataProperty(SourceWriter writer, string type, string name, string description, bool required = false)
    {
        writer.Line("/// <summary>" + description + "</summary>");
        writer.Line($"public {(required ? "required " : string.Empty)}{type} {name} {{ get; init; }}");
        writer.Line();
    }

    private static void WriteException(SourceWriter writer, string name, string baseName, string description, string errorClass)
    {
        writer.Line("/// <summary>" + SourceWriter.XmlEscape(description) + "</summary>");
        writer.Line($"/// <remarks>{SourceWriter.XmlEscape(errorClass)}</remarks>");
        writer.Line(TypeEmitter.GeneratedCodeAttribute);
        writer.Open($"public class {name} : {baseName}");
        writer.Line("/// <summary>Creates the exception from what the server said.</summary>");
        writer.Line($"public {name}(string message, FlexInferenceApiError error, global::System.Exception? innerException = null)");
        writer.Line("    : base(message, error, innerException)");
        writer.Line("{");
        writer.Line("}");
        writer.Line();
        writer.Line("/// <summary>Creates the exception from what the server said, using its message.</summary>");
        writer.Line($"public {name}(FlexInferenceApiError error, global::System.Exception? innerException = null)");
        writer.Line("    : base(error, innerException)");
        writer.Line("{");
        writer.Line("}");
        writer.Close();
        writer.Line();
    }

    private static void WriteCodes(SourceWriter writer, ErrorCatalogModel model)
    {
        writer.Line("/// <summary>Every error code the router documents. Compare <see cref=\"FlexInferenceApiException.Code\"/> with these.</summary>");
        writer.Line(TypeEmitter.GeneratedCodeAttribute);
        writer.Open("public static class FlexInferenceErrorCodes");
        foreach (ErrorCodeModel code in model.Codes)
        {
            writer.Line($"/// <summary>HTTP {code.Status.ToString(CultureInfo.InvariantCulture)}: {SourceWriter.XmlEscape(code.When)}</summary>");
            if (code.Aliases.Count > 0)
            {
                writer.Line($"/// <remarks>Also sent as {SourceWriter.XmlEscape(string.Join(", ", code.Aliases))}; the catalogue treats them as this code.</remarks>");
            }

            writer.Line($"public const string {code.ConstantName} = {TypeEmitter.Literal(code.Code)};");
            writer.Line();
        }

        writer.Close();
        writer.Line();
    }

    private static void WriteCatalog(SourceWriter writer, ErrorCatalogModel model, Dictionary<string, string> classExceptions)
    {
        writer.Line("/// <summary>The error catalogue: what each code means and which exception represents it.</summary>");
        writer.Line(TypeEmitter.GeneratedCodeAttribute);
        writer.Open("public static class FlexInferenceErrorCatalog");
        writer.Line("/// <summary>Every documented code, in catalogue order.</summary>");
        writer.Line("public static global::System.Collections.Generic.IReadOnlyList<FlexInferenceErrorCodeInfo> All { get; } = new FlexInferenceErrorCodeInfo[]");
        writer.Line("{");
        foreach (ErrorCodeModel code in model.Codes)
        {
            string retryable = code.Retryable is { } flag ? $" {{ Retryable = {(flag ? "true" : "false")} }}" : string.Empty;
            writer.Line($"    new FlexInferenceErrorCodeInfo({TypeEmitter.Literal(code.Code)}, {code.Status.ToString(CultureInfo.InvariantCulture)}, {TypeEmitter.Literal(code.Class)}, {Nullable(code.Type)}, {Nullable(code.Param)}, {TypeEmitter.Literal(code.When)}, {TypeEmitter.Literal(code.Fix)}){retryable},");
        }

        writer.Line("};");
        writer.Line();
        writer.Line("/// <summary>Looks up a code (or one of its aliases).</summary>");
        writer.Open("public static bool TryGet(string? code, [global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FlexInferenceErrorCodeInfo? info)");
        writer.Line("int index = IndexOf(code);");
        writer.Line("info = index < 0 ? null : All[index];");
        writer.Line("return info is not null;");
        writer.Close();
        writer.Line();
        writer.Line("/// <summary>The error class an HTTP status maps to when the body names no known code; null when the catalogue has none.</summary>");
        writer.Open("public static string? GetClassForStatus(int statusCode)");
        if (model.StatusClasses.Any(status => status.Status[1] != 'x'))
        {
            writer.Open("switch (statusCode)");
            foreach (StatusClassModel status in model.StatusClasses)
            {
                if (status.Status[1] != 'x')
                {
                    writer.Line($"case {status.Status}: return {TypeEmitter.Literal(status.Class)};");
                }
            }

            writer.Close();
            writer.Line();
        }

        writer.Open("switch (statusCode / 100)");
        foreach (StatusClassModel status in model.StatusClasses)
        {
            if (status.Status[1] == 'x')
            {
                writer.Line($"case {status.Status[0]}: return {TypeEmitter.Literal(status.Class)};");
            }
        }

        writer.Line("default: return null;");
        writer.Close();
        writer.Close();
        writer.Line();
        writer.Line("/// <summary>");
        writer.Line("/// Creates the exception that represents <paramref name=\"error\"/>: chosen by code first (an alias is reported as its");
        writer.Line("/// canonical code, so one constant matches both spellings), then by");
        writer.Line("/// HTTP status, then by the error class the router reported, then by the class of the status. Every 402 is a billing error.");
        writer.Line("/// </summary>");
        writer.Open("public static FlexInferenceApiException CreateException(FlexInferenceApiError error, global::System.Exception? innerException = null)");
        writer.Open("if (error is null)");
        writer.Line("throw new global::System.ArgumentNullException(nameof(error));");
        writer.Close();
        writer.Line();
        writer.Open("switch (IndexOf(error.Code))");
        for (int i = 0; i < model.Codes.Count; i++)
        {
            ErrorCodeModel code = model.Codes[i];
            string exception = code.ExceptionName ?? ExceptionForCodeStatus(model, code, classExceptions);
            writer.Line($"case {i.ToString(CultureInfo.InvariantCulture)}: return new {exception}(Classified(error, {TypeEmitter.Literal(code.Class)}) with {{ Code = {TypeEmitter.Literal(code.Code)} }}, innerException);");
        }

        writer.Close();
        writer.Line();
        if (model.StatusExceptions.Count > 0)
        {
            writer.Open("switch (error.Status)");
            foreach (StatusExceptionModel status in model.StatusExceptions)
            {
                string? statusClass = ClassForStatus(model, status.Status);
                string classified = statusClass is null ? "error" : $"Classified(error, {TypeEmitter.Literal(statusClass)})";
                writer.Line($"case {status.Status.ToString(CultureInfo.InvariantCulture)}: return new {status.ExceptionName}({classified}, innerException);");
            }

            writer.Close();
            writer.Line();
        }

        writer.Line("string? errorClass = error.Status == 402 ? GetClassForStatus(402) : IsDeclaredClass(error.ErrorClass) ? error.ErrorClass : GetClassForStatus(error.Status);");
        writer.Open("switch (errorClass)");
        foreach (KeyValuePair<string, string> pair in classExceptions)
        {
            writer.Line($"case {TypeEmitter.Literal(pair.Key)}: return new {pair.Value}(Classified(error, {TypeEmitter.Literal(pair.Key)}), innerException);");
        }

        writer.Line("default: return new FlexInferenceApiException(error, innerException);");
        writer.Close();
        writer.Close();
        writer.Line();
        writer.Line("private static FlexInferenceApiError Classified(FlexInferenceApiError error, string errorClass) =>");
        writer.Line("    error.ErrorClass is null ? error with { ErrorClass = errorClass } : error;");
        writer.Line();
        writer.Open("private static bool IsDeclaredClass(string? errorClass)");
        writer.Open("switch (errorClass)");
        foreach (ErrorClassModel errorClass in model.Classes)
        {
            writer.Line($"case {TypeEmitter.Literal(errorClass.Class)}:");
        }

        writer.Line("    return true;");
        writer.Line("default:");
        writer.Line("    return false;");
        writer.Close();
        writer.Close();
        writer.Line();
        writer.Open("private static int IndexOf(string? code)");
        writer.Open("switch (code)");
        for (int i = 0; i < model.Codes.Count; i++)
        {
            ErrorCodeModel code = model.Codes[i];
            writer.Line($"case {TypeEmitter.Literal(code.Code)}:");
            foreach (string alias in code.Aliases)
            {
                writer.Line($"case {TypeEmitter.Literal(alias)}:");
            }

            writer.Line($"    return {i.ToString(CultureInfo.InvariantCulture)};");
        }

        writer.Line("default:");
        writer.Line("    return -1;");
        writer.Close();
        writer.Close();
        writer.Close();
    }

    private static string Nullable(string? value) => value is null ? "null" : TypeEmitter.Literal(value);
}
