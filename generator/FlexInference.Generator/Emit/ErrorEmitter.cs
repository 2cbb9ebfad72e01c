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
        foreach (ErrorClassModel errorClass in model.Classes)
        {
            WriteException(writer, errorClass.ExceptionName, "FlexInferenceApiException", errorClass.Description
                ?? $"The request failed with an error of class <c>{errorClass.Class}</c>.", $"\"{errorClass.Class}\"");
        }

        var classExceptions = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (ErrorClassModel errorClass in model.Classes)
        {
            classExceptions[errorClass.Class] = errorClass.ExceptionName;
        }

        foreach (ErrorCodeModel code in model.Codes)
        {
            if (code.ExceptionName is not null)
            {
                WriteException(writer, code.ExceptionName, classExceptions[code.Class], $"The router answered <c>{code.Code}</c>: {code.When}", $"\"{code.Class}\"");
            }
        }

        WriteCodes(writer, model);
        WriteCatalog(writer, model, classExceptions);
        return TypeEmitter.End(writer);
    }

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
        WriteDataProperty(writer, "int", "StatusCode", "The HTTP status (for a stream that failed after it started: the status it would have had).", required: true);
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
        writer.Line("/// <summary>The HTTP status.</summary>");
        writer.Line("public int StatusCode => Error.StatusCode;");
        writer.Line();
        writer.Line("/// <summary>The machine-readable code; see <see cref=\"FlexInferenceErrorCodes\"/>.</summary>");
        writer.Line("public string? Code => Error.Code;");
        writer.Line();
        writer.Line("/// <summary>The documentation link for <see cref=\"Code\"/>.</summary>");
        writer.Line("public string? DocUrl => Error.DocUrl;");
        writer.Line();
        writer.Line("/// <summary>How long the server asked the caller to wait before trying again.</summary>");
        writer.Line("public global::System.TimeSpan? RetryAfter => Error.RetryAfter;");
        writer.Line();
        writer.Line("/// <summary>The catalogue entry of <see cref=\"Code\"/> (status, class, when it happens, how to fix it), if the code is known.</summary>");
        writer.Line("public FlexInferenceErrorCodeInfo? CodeInfo => FlexInferenceErrorCatalog.TryGet(Error.Code, out FlexInferenceErrorCodeInfo? info) ? info : null;");
        writer.Close();
        writer.Line();

        writer.Line("/// <summary>One entry of the error catalogue.</summary>");
        writer.Line("/// <param name=\"Code\">The code.</param>");
        writer.Line("/// <param name=\"StatusCode\">The HTTP status the router answers with.</param>");
        writer.Line("/// <param name=\"ErrorClass\">The error class.</param>");
        writer.Line("/// <param name=\"Type\">The OpenAI-envelope <c>type</c>, when documented.</param>");
        writer.Line("/// <param name=\"Param\">The request field the code is about, if any.</param>");
        writer.Line("/// <param name=\"When\">When the router answers with this code.</param>");
        writer.Line("/// <param name=\"Fix\">What to do about it.</param>");
        writer.Line(TypeEmitter.GeneratedCodeAttribute);
        writer.Line("public sealed record FlexInferenceErrorCodeInfo(string Code, int StatusCode, string ErrorClass, string? Type, string? Param, string When, string Fix);");
        writer.Line();
    }

    private static void WriteDataProperty(SourceWriter writer, string type, string name, string description, bool required = false)
    {
        writer.Line("/// <summary>" + description + "</summary>");
        writer.Line($"public {(required ? "required " : string.Empty)}{type} {name} {{ get; init; }}");
        writer.Line();
    }

    private static void WriteException(SourceWriter writer, string name, string baseName, string description, string errorClass)
    {
        writer.Line("/// <summary>" + SourceWriter.XmlEscape(description) + "</summary>");
        writer.Line($"/// <remarks>Error class {SourceWriter.XmlEscape(errorClass)}.</remarks>");
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
            writer.Line($"    new FlexInferenceErrorCodeInfo({TypeEmitter.Literal(code.Code)}, {code.Status.ToString(CultureInfo.InvariantCulture)}, {TypeEmitter.Literal(code.Class)}, {Nullable(code.Type)}, {Nullable(code.Param)}, {TypeEmitter.Literal(code.When)}, {TypeEmitter.Literal(code.Fix)}),");
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
        writer.Line("/// Creates the exception that represents <paramref name=\"error\"/>: chosen by code first (aliases included), then by the");
        writer.Line("/// error class the router reported, then by HTTP status; a 402 is always a billing error.");
        writer.Line("/// </summary>");
        writer.Open("public static FlexInferenceApiException CreateException(FlexInferenceApiError error, global::System.Exception? innerException = null)");
        writer.Line("if (error is null) throw new global::System.ArgumentNullException(nameof(error));");
        writer.Open("switch (IndexOf(error.Code))");
        for (int i = 0; i < model.Codes.Count; i++)
        {
            ErrorCodeModel code = model.Codes[i];
            string exception = code.ExceptionName ?? classExceptions[code.Class];
            writer.Line($"case {i.ToString(CultureInfo.InvariantCulture)}: return new {exception}(Classified(error, {TypeEmitter.Literal(code.Class)}), innerException);");
        }

        writer.Close();
        writer.Line();
        writer.Line("string? errorClass = IsDeclaredClass(error.ErrorClass) ? error.ErrorClass : GetClassForStatus(error.StatusCode);");
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
