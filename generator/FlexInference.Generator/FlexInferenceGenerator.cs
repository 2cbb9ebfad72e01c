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

        // The operation descriptors and request rules: their own step, so a type edit does not re-emit them.
        IncrementalValuesProvider<TypeModel> descriptors = results
            .SelectMany(static (result, _) => result.Descriptors)
            .WithTrackingName(TrackingNames.Descriptors);

        // Diagnostics travel separately so a shifted line number never re-emits source.
        IncrementalValuesProvider<DiagnosticInfo> diagnostics = results
            .SelectMany(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        // Two spec files naming one namespace would emit the same files twice, and the compiler would drop all of the
        // generator's output behind a bare CS8785 warning. Such a namespace gets FLEXGEN012 and no output instead.
        IncrementalValuesProvider<(string Namespace, string Path)> opted = specFiles.Select(static (file, _) => (file.Namespace, file.Path));
        IncrementalValueProvider<EquatableArray<string>> duplicated = opted.Collect().Select(static (all, _) => DuplicatedNamespaces(all));
        context.RegisterSourceOutput(opted.Collect(), static (output, all) => ReportDuplicates(output, all));

        context.RegisterSourceOutput(types.Combine(duplicated), static (output, pair) =>
        {
            if (!Contains(pair.Right, pair.Left.Namespace))
            {
                EmitType(output, pair.Left);
            }
        });
        context.RegisterSourceOutput(descriptors.Combine(duplicated), static (output, pair) =>
        {
            if (!Contains(pair.Right, pair.Left.Namespace))
            {
                EmitType(output, pair.Left);
            }
        });
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

    private static EquatableArray<string> DuplicatedNamespaces(System.Collections.Immutable.ImmutableArray<(string Namespace, string Path)> all)
    {
        var seen = new System.Collections.Generic.HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var duplicated = new System.Collections.Generic.SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach ((string ns, _) in all)
        {
            if (!seen.Add(ns))
            {
                duplicated.Add(ns);
            }
        }

        return duplicated.ToEquatableArray();
    }

    private static bool Contains(EquatableArray<string> namespaces, string ns)
    {
        foreach (string candidate in namespaces)
        {
            if (string.Equals(candidate, ns, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static void ReportDuplicates(SourceProductionContext output, System.Collections.Immutable.ImmutableArray<(string Namespace, string Path)> all)
    {
        foreach (string ns in DuplicatedNamespaces(all))
        {
            var paths = new System.Collections.Generic.List<string>();
            foreach ((string candidate, string path) in all)
            {
                if (string.Equals(candidate, ns, StringComparison.OrdinalIgnoreCase))
                {
                    paths.Add(path);
                }
            }

            Location location = Location.Create(paths[paths.Count - 1], default, default);
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateNamespace, location, ns, string.Join(", ", paths)));
        }
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
