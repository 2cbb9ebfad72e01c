using System;
using System.Collections.Generic;
using FlexInference.Generator.Common;
using FlexInference.Generator.Diagnostics;
using FlexInference.Generator.Json;
using FlexInference.Generator.Model;

namespace FlexInference.Generator.Spec;

/// <summary>The FlexInference <c>x-</c> extensions: the start_within declaration and the error catalogue.</summary>
internal sealed partial class SpecReader
{
    private TypeRef? BuildStartWithin(JsonObject schema, JsonProperty extension, string name, bool isNamed)
    {
        string typeName = Identifier.Unescape(name);
        if (extension.Value is not JsonObject settings)
        {
            Report(DiagnosticDescriptors.InvalidStartWithin, extension.Value.Span, typeName, "the extension must be an object");
            return null;
        }

        var words = new List<string>();
        string? pattern = null;
        if (schema["anyOf"] is JsonArray members)
        {
            foreach (JsonNode member in members.Items)
            {
                if (member is not JsonObject memberObject)
                {
                    continue;
                }

                if (memberObject["enum"] is JsonArray values)
                {
                    foreach (JsonNode value in values.Items)
                    {
                        if (value is JsonString word)
                        {
                            words.Add(word.Value);
                        }
                    }
                }

                pattern ??= memberObject.GetString("pattern");
            }
        }

        if (words.Count == 0 || pattern is null)
        {
            Report(DiagnosticDescriptors.InvalidStartWithin, (schema["anyOf"] ?? schema).Span, typeName,
                "\"anyOf\" must hold a string \"enum\" of the words and a string \"pattern\" for durations");
            return null;
        }

        if (!IsValidRegex(pattern, out int groups, out string? regexError) || groups != 3)
        {
            Report(DiagnosticDescriptors.InvalidStartWithin, FindPatternSpan(schema), typeName,
                regexError ?? $"the pattern must capture hours, minutes and seconds in three groups, but it has {groups}");
            return null;
        }

        if (!TryGetInt(settings["minimumSeconds"], out int minimum) || !TryGetInt(settings["maximumSeconds"], out int maximum) || minimum < 1 || maximum <= minimum)
        {
            Report(DiagnosticDescriptors.InvalidStartWithin, settings.Span, typeName,
                "\"minimumSeconds\" and \"maximumSeconds\" must be whole numbers with 1 <= minimum < maximum");
            return null;
        }

        string? example = settings.GetString("example");
        if (string.IsNullOrEmpty(example))
        {
            Report(DiagnosticDescriptors.InvalidStartWithin, settings.Span, typeName, "\"example\" must be a valid duration such as \"00h-00m-30s\"");
            return null;
        }

        var retired = new List<RetiredValueModel>();
        if (settings["retired"] is JsonObject retiredValues)
        {
            foreach (JsonProperty entry in retiredValues.Properties)
            {
                if (entry.Value is JsonString replacement)
                {
                    retired.Add(new RetiredValueModel(entry.Name, replacement.Value));
                }
            }
        }

        if (!isNamed && !Claim(name, $"start_within type \"{typeName}\"", "Inline start_within", typeName, schema.Span))
        {
            return null;
        }

        _types.Add(new StartWithinModel(Namespace, name, Description(schema), words.ToEquatableArray(), pattern!, minimum, maximum,
            retired.ToEquatableArray(), example!));
        return TypeRef.Named(TypeKind.StartWithin, name);
    }

    private static Microsoft.CodeAnalysis.Text.TextSpan FindPatternSpan(JsonObject schema)
    {
        if (schema["anyOf"] is JsonArray members)
        {
            foreach (JsonNode member in members.Items)
            {
                if (member is JsonObject memberObject && memberObject["pattern"] is JsonNode pattern)
                {
                    return pattern.Span;
                }
            }
        }

        return schema.Span;
    }

    private ErrorCatalogModel? ReadErrorCatalog(JsonObject document)
    {
        JsonNode? classesNode = document["x-flexinference-error-classes"];
        JsonNode? codesNode = document["x-flexinference-error-codes"];
        if (classesNode is null && codesNode is null)
        {
            return null; // a spec without a catalogue (a consumer's, say) gets no error types
        }

        if (classesNode is not JsonArray classArray || codesNode is not JsonArray codeArray)
        {
            Report(DiagnosticDescriptors.InvalidErrorCatalog, (classesNode ?? codesNode)!.Span,
                "\"x-flexinference-error-classes\" and \"x-flexinference-error-codes\" must both be arrays");
            return null;
        }

        var classes = new List<ErrorClassModel>();
        var classNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonNode item in classArray.Items)
        {
            if (item is not JsonObject entry || entry.GetString("class") is not { Length: > 0 } errorClass
                || entry.GetString("exception") is not { Length: > 0 } exception || !IsExceptionName(exception))
            {
                Report(DiagnosticDescriptors.InvalidErrorCatalog, item.Span,
                    "every error class needs \"class\" and an \"exception\" that is a C# identifier ending in \"Exception\"");
                return null;
            }

            if (!classNames.Add(errorClass) || !Claim(exception, $"error class \"{errorClass}\"", "Exception", exception, item.Span))
            {
                Report(DiagnosticDescriptors.InvalidErrorCatalog, item.Span, $"the error class \"{errorClass}\" or its exception name is declared twice");
                return null;
            }

            classes.Add(new ErrorClassModel(errorClass, exception, entry.GetString("extends"), entry.GetString("description")));
        }

        foreach (ErrorClassModel errorClass in classes)
        {
            if (!ExtendsChainIsValid(errorClass, classes))
            {
                Report(DiagnosticDescriptors.InvalidErrorCatalog, classArray.Span,
                    $"the class \"{errorClass.Class}\" extends \"{errorClass.Extends}\", which is not a declared class or leads back to itself");
                return null;
            }
        }

        if (classes.Count == 0)
        {
            Report(DiagnosticDescriptors.InvalidErrorCatalog, classArray.Span, "\"x-flexinference-error-classes\" must declare at least one class");
            return null;
        }

        var codes = new List<ErrorCodeModel>();
        var codeNames = new HashSet<string>(StringComparer.Ordinal);
        var constantNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonNode item in codeArray.Items)
        {
            ErrorCodeModel? code = ReadErrorCode(item, classNames, codeNames, constantNames);
            if (code is null)
            {
                return null;
            }

            codes.Add(code);
        }

        var statusClasses = new List<StatusClassModel>();
        if (document["x-flexinference-status-classes"] is JsonObject statusMap)
        {
            foreach (JsonProperty entry in statusMap.Properties)
            {
                if (entry.Value is not JsonString statusClass || !classNames.Contains(statusClass.Value) || !IsStatusKey(entry.Name))
                {
                    Report(DiagnosticDescriptors.InvalidErrorCatalog, entry.Value.Span,
                        $"status \"{entry.Name}\" must be an HTTP status (\"402\") or range (\"4xx\") mapped to a declared error class");
                    return null;
                }

                statusClasses.Add(new StatusClassModel(entry.Name, statusClass.Value));
            }
        }

        var statusExceptions = new List<StatusExceptionModel>();
        if (document["x-flexinference-status-exceptions"] is JsonArray statusExceptionArray)
        {
            foreach (JsonNode item in statusExceptionArray.Items)
            {
                if (item is not JsonObject entry || !TryGetInt(entry["status"], out int status) || status < 100 || status > 599
                    || entry.GetString("exception") is not { } exception || !IsExceptionName(exception)
                    || statusExceptions.Exists(other => other.Status == status)
                    || !Claim(exception, $"status {status}", "Exception", exception, item.Span))
                {
                    Report(DiagnosticDescriptors.InvalidErrorCatalog, item.Span,
                        "every status exception needs a unique \"status\" (100-599) and an unused \"exception\" name ending in \"Exception\"");
                    return null;
                }

                statusExceptions.Add(new StatusExceptionModel(status, exception, entry.GetString("description")));
            }
        }

        return new ErrorCatalogModel(Namespace, classes.ToEquatableArray(), codes.ToEquatableArray(), statusClasses.ToEquatableArray(),
            statusExceptions.ToEquatableArray());
    }

    private static bool ExtendsChainIsValid(ErrorClassModel errorClass, List<ErrorClassModel> classes)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { errorClass.Class };
        for (string? next = errorClass.Extends; next is not null;)
        {
            ErrorClassModel? parent = classes.Find(candidate => candidate.Class == next);
            if (parent is null || !seen.Add(parent.Class))
            {
                return false;
            }

            next = parent.Extends;
        }

        return true;
    }

    private ErrorCodeModel? ReadErrorCode(JsonNode item, HashSet<string> classNames, HashSet<string> codeNames, HashSet<string> constantNames)
    {
        if (item is not JsonObject entry || entry.GetString("code") is not { Length: > 0 } code
            || !TryGetInt(entry["status"], out int status) || status < 100 || status > 599
            || entry.GetString("class") is not { Length: > 0 } errorClass
            || entry.GetString("when") is not { } when || entry.GetString("fix") is not { } fix)
        {
            Report(DiagnosticDescriptors.InvalidErrorCatalog, item.Span,
                "every error code needs \"code\", \"status\" (100-599), \"class\", \"when\" and \"fix\"");
            return null;
        }

        if (!classNames.Contains(errorClass))
        {
            Report(DiagnosticDescriptors.InvalidErrorCatalog, entry["class"]!.Span, $"the code \"{code}\" names the class \"{errorClass}\", which is not declared in x-flexinference-error-classes");
            return null;
        }

        var aliases = new List<string>();
        if (entry["aliases"] is JsonArray aliasArray)
        {
            foreach (JsonNode alias in aliasArray.Items)
            {
                if (alias is JsonString aliasText)
                {
                    aliases.Add(aliasText.Value);
                }
            }
        }

        foreach (string name in new List<string>(aliases) { code })
        {
            if (!codeNames.Add(name))
            {
                Report(DiagnosticDescriptors.InvalidErrorCatalog, item.Span, $"the code \"{name}\" is declared twice");
                return null;
            }
        }

        string constant = Identifier.ToPascalCase(code);
        if (!constantNames.Add(constant))
        {
            Report(DiagnosticDescriptors.NameCollision, entry["code"]!.Span, "Error code", code, constant, "another error code");
            return null;
        }

        string? exception = entry.GetString("exception");
        if (exception is not null && (!IsExceptionName(exception) || !Claim(exception, $"error code \"{code}\"", "Exception", exception, entry["exception"]!.Span)))
        {
            Report(DiagnosticDescriptors.InvalidErrorCatalog, entry["exception"]!.Span, $"the exception \"{exception}\" of \"{code}\" must be an unused C# identifier ending in \"Exception\"");
            return null;
        }

        bool? retryable = null;
        if (entry["retryable"] is { } retryableNode)
        {
            if (retryableNode is not JsonBoolean flag)
            {
                Report(DiagnosticDescriptors.InvalidErrorCatalog, retryableNode.Span, $"\"retryable\" of \"{code}\" must be true or false");
                return null;
            }

            retryable = flag.Value;
        }

        return new ErrorCodeModel(code, constant, status, errorClass, entry.GetString("type"), entry.GetString("param"), when, fix,
            aliases.ToEquatableArray(), exception, retryable);
    }

    private static bool IsExceptionName(string name) =>
        name.EndsWith("Exception", StringComparison.Ordinal) && Identifier.Sanitize(name) == name && !Identifier.IsKeyword(name);

    private static bool IsStatusKey(string key) =>
        key.Length == 3 && key[0] >= '1' && key[0] <= '5'
        && ((char.IsDigit(key[1]) && char.IsDigit(key[2])) || (key[1] == 'x' && key[2] == 'x'));
}
