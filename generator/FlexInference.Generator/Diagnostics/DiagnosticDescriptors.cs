using Microsoft.CodeAnalysis;

namespace FlexInference.Generator.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports. Ids are stable: never renumber or reuse one.
/// docs/regenerating.md explains each id and what to do about it.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "FlexInference.Generator";
    private const string HelpBase = "https://github.com/flexinference/flexinference-dotnet/blob/main/docs/regenerating.md#";

    public static readonly DiagnosticDescriptor MalformedJson = Create(
        "FLEXGEN001", "The OpenAPI document is not valid JSON",
        "The OpenAPI document is not valid JSON: {0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnresolvedReference = Create(
        "FLEXGEN002", "Unresolved $ref",
        "'$ref' \"{0}\" does not resolve: {1}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnsupportedConstruct = Create(
        "FLEXGEN003", "Unsupported OpenAPI construct",
        "{0} is not supported by the FlexInference generator: {1}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NameCollision = Create(
        "FLEXGEN004", "Generated names collide",
        "{0} \"{1}\" would generate the C# name '{2}', which is already used by {3}; rename one of them or set \"x-csharp-name\"",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor KeywordEscaped = Create(
        "FLEXGEN005", "C# keyword escaped",
        "The name \"{0}\" is a C# keyword; the generated identifier is '@{0}'", DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor UnexpectedException = Create(
        "FLEXGEN006", "The generator failed unexpectedly",
        "The FlexInference generator failed while processing this file ({0}: {1}); please report it with the spec that triggers it",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidDocument = Create(
        "FLEXGEN007", "Not an OpenAPI 3 document",
        "The document is not a usable OpenAPI 3 document: {0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidDiscriminator = Create(
        "FLEXGEN008", "Invalid discriminator",
        "The discriminator of \"{0}\" is invalid: {1}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidStartWithin = Create(
        "FLEXGEN009", "Invalid start_within declaration",
        "The x-flexinference-start-within schema \"{0}\" is invalid: {1}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidErrorCatalog = Create(
        "FLEXGEN010", "Invalid error catalogue",
        "The error catalogue is invalid: {0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidSchemaValue = Create(
        "FLEXGEN011", "Invalid schema keyword value",
        "\"{0}\" has an invalid value: {1}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateNamespace = Create(
        "FLEXGEN012", "Two spec files generate into one namespace",
        "More than one spec file names the namespace '{0}' in its FlexInferenceNamespace metadata ({1}), so nothing is generated into it; give each spec file its own namespace",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidOperationDescriptor = Create(
        "FLEXGEN013", "Invalid operation descriptor",
        "{0} cannot be described, so it gets no descriptor: {1}", DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpBase + id.ToLowerInvariant());
}
