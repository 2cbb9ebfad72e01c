using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FlexInference.Generator.Tests.Infrastructure;

/// <summary>Runs the generator over in-memory specs the way the compiler does, with step tracking on.</summary>
internal static class GeneratorHarness
{
    public const string SpecPath = "/repo/openapi/spec.json";

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "GeneratorTests",
            sources.Select(source => CSharpSyntaxTree.ParseText(source, ParseOptions)),
            Basic.Reference.Assemblies.Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>A driver over one spec file opted in with <paramref name="ns"/> (null: not opted in).</summary>
    public static GeneratorDriver CreateDriver(string spec, string? ns = "Test.Api", IReadOnlyDictionary<string, string>? globalOptions = null) =>
        CreateDriver(new[] { (SpecPath, spec, ns) }, globalOptions);

    public static GeneratorDriver CreateDriver(IEnumerable<(string Path, string Content, string? Namespace)> specs, IReadOnlyDictionary<string, string>? globalOptions = null) =>
        CreateDriver(specs.Select(spec => ((AdditionalText)new InMemoryAdditionalText(spec.Path, spec.Content), spec.Namespace)), globalOptions);

    /// <summary>A driver over given text instances, so a test can later replace one with <c>ReplaceAdditionalText</c>.</summary>
    public static GeneratorDriver CreateDriver(IEnumerable<(AdditionalText Text, string? Namespace)> specs, IReadOnlyDictionary<string, string>? globalOptions = null)
    {
        var texts = new List<AdditionalText>();
        var fileOptions = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        foreach ((AdditionalText text, string? ns) in specs)
        {
            texts.Add(text);
            fileOptions[text.Path] = ns is null
                ? new Dictionary<string, string>()
                : new Dictionary<string, string> { [FlexInferenceGenerator.NamespaceMetadata] = ns };
        }

        return CSharpGeneratorDriver.Create(
            generators: [new FlexInferenceGenerator().AsSourceGenerator()],
            additionalTexts: texts,
            parseOptions: ParseOptions,
            optionsProvider: new TestAnalyzerConfigOptionsProvider(globalOptions ?? new Dictionary<string, string>(), fileOptions),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    /// <summary>Runs the generator once and returns the result plus the compilation with the generated code.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(GeneratorDriver driver, CSharpCompilation? compilation = null)
    {
        compilation ??= CreateCompilation("namespace User; public sealed class Placeholder { }");
        GeneratorDriver ran = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics, Xunit.TestContext.Current.CancellationToken);
        return (ran.GetRunResult(), output, diagnostics);
    }

    /// <summary>Generated files keyed by file name (hint name), for snapshot comparison.</summary>
    public static IReadOnlyDictionary<string, string> GeneratedFiles(GeneratorDriverRunResult result) =>
        result.Results.Single().GeneratedSources.ToDictionary(source => source.HintName, source => source.SourceText.ToString(), StringComparer.Ordinal);

    /// <summary>Compiler errors in the output compilation (the generated code must compile cleanly).</summary>
    public static IReadOnlyList<Diagnostic> CompilationErrors(Compilation output) =>
        output.GetDiagnostics().Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning).ToList();

    public static string ReadTestSpec(string name) => File.ReadAllText(Path.Combine(RepoPaths.TestSpecs, name));
}
