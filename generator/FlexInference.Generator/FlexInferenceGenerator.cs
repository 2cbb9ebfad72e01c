using System;
using System.Threading;
using FlexInference.Generator.Common;
using FlexInference.Generator.Diagnostics;
using FlexInference.Generator.Emit;
using FlexInference.Generator.Model;
using FlexInference.Generator.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace FlexInference.Generator;

/// <summary>
/// Generates records, open enums, unions, the start_within type, error types and a JsonSerializerContext from an
/// OpenAPI document. Generation is opt-in per file: only AdditionalFiles with <c>FlexInferenceNamespace</c> metadata
/// are read, so referencing the package never produces types nobody asked for.
/// </summary>
/// <remarks>Pipeline: spec text → <see cref="SpecReader"/> (parse into equatable models) → one output per type.</remarks>
[Generator(LanguageNames.CSharp)]
public sealed class FlexInferenceGenerator : IIncrementalGenerator
{
    /// <summary>The AdditionalFiles metadata that opts a file in and names the namespace to generate into.</summary>
    public const string NamespaceMetadata = "build_metadata.AdditionalFiles.FlexInferenceNamespace";

    /// <summary>Set the MSBuild property <c>FlexInferenceGenerator</c> to <c>false</c> to switch generation off.</summary>
    public const string EnabledProperty = "build_property.FlexInferenceGenerator";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<SpecFile> specFiles = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) => ToSpecFile(pair.Left, pair.Right, cancellationToken))
            .Where(static file => file is not null)
            .Select(static (file, _) => file!)
            .WithTrackingName(TrackingNames.SpecFiles);

        IncrementalValuesProvider<SpecResult> results = specFiles
            .Select(static (file, _) => SpecReader.Read(file))
            .WithTrackingName(TrackingNames.Model);

        IncrementalValuesProvider<TypeModel> types = results
            .SelectMany(static (result, _) => result.Types)
            .WithTrackingName(TrackingNames.Types);

        // Diagnostics travel separately so a shifted line number never re-emits source.
        IncrementalValuesProvider<DiagnosticInfo> diagnostics = results
            .SelectMany(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        context.RegisterSourceOutput(types, static (output, type) => EmitType(output, type));
        context.RegisterSourceOutput(diagnostics, static (output, diagnostic) => output.ReportDiagnostic(diagnostic.ToDiagnostic()));
    }

    private static SpecFile? ToSpecFile(AdditionalText text, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
    {
        if (options.GlobalOptions.TryGetValue(EnabledProperty, out string? enabled)
            && string.Equals(enabled?.Trim(), "false", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!options.GetOptions(text).TryGetValue(NamespaceMetadata, out string? ns) || string.IsNullOrWhiteSpace(ns))
        {
            return null;
        }

        SourceText? content = text.GetText(cancellationToken);
        return content is null ? null : new SpecFile(text.Path, ns.Trim(), content.ToString());
    }

    private static void EmitType(SourceProductionContext output, TypeModel type)
    {
        string source;
        try
        {
            source = TypeEmitter.Emit(type);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnexpectedException, Location.None, exception.GetType().Name,
                $"{exception.Message} (while emitting {type.Name})"));
            return;
        }

        output.AddSource(type.Namespace + "." + type.HintName, SourceText.From(source, System.Text.Encoding.UTF8));
    }
}
