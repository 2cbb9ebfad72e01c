using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using FlexInference.Benchmarks.Infrastructure;
using FlexInference.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace FlexInference.Benchmarks.Generator;

/// <summary>
/// 5. The incremental generator over the full checked-in spec, driven the way the compiler drives it
/// (a <see cref="CSharpGeneratorDriver"/> with the spec as an AdditionalFile opted in by <c>FlexInferenceNamespace</c>):
/// a cold run (a new driver: parse the spec, build every model, emit and parse every file), and a re-run of a warm
/// driver after an edit to an unrelated C# file, which must re-run nothing (every step cached; asserted in setup).
/// No contenders: the targets are absolute (cold under 1 s, re-run under 10 ms).
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("5 Generator")]
public class GeneratorBenchmarks
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private AdditionalText _spec = null!;
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warm = null!;

    [GlobalSetup]
    public void Setup()
    {
        string path = Path.Combine(RepoRoot(), "openapi", "flexinference.openapi.json");
        _spec = new InMemoryAdditionalText(path, File.ReadAllText(path));
        _compilation = CSharpCompilation.Create(
            "GeneratorBenchmark",
            [CSharpSyntaxTree.ParseText("namespace User; public sealed class A { public int X { get; set; } }", ParseOptions)],
            Basic.Reference.Assemblies.Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        _edited = _compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace User; public sealed class B { public string Name { get; set; } = \"\"; }", ParseOptions));

        // The first run in this process, JIT included, for the record (not a benchmark: it can happen once).
        var first = Stopwatch.StartNew();
        GeneratorDriverRunResult firstRun = CreateDriver(track: true).RunGenerators(_compilation).GetRunResult();
        first.Stop();
        int files = firstRun.Results.Single().GeneratedSources.Length;
        Check.True(files > 200 && firstRun.Diagnostics.IsEmpty, $"the generator should emit the full SDK from the spec without diagnostics, but it emitted {files} files and {firstRun.Diagnostics.Length} diagnostics");
        Console.WriteLine($"// check ok: the generator emitted {files} files from {path} ({new FileInfo(path).Length:N0} bytes); first run in this process, JIT included: {first.Elapsed.TotalMilliseconds:N0} ms");

        // Every step of a re-run after an unrelated edit must be cached or unchanged, and every output cached.
        GeneratorDriver tracked = CreateDriver(track: true).RunGenerators(_compilation);
        GeneratorRunResult rerun = tracked.RunGenerators(_edited).GetRunResult().Results.Single();
        int steps = AssertAllCached(rerun);
        Console.WriteLine($"// check ok: after an unrelated edit all {steps} tracked step outputs are cached or unchanged and all {rerun.GeneratedSources.Length} outputs cached");

        _warm = CreateDriver(track: false).RunGenerators(_compilation);
    }

    /// <summary>A new driver over the full spec: nothing cached.</summary>
    [Benchmark]
    public int ColdRun() => CreateDriver(track: false).RunGenerators(_compilation).GetRunResult().GeneratedTrees.Length;

    /// <summary>The warm driver re-run after an edit to an unrelated C# file.</summary>
    [Benchmark]
    public int UnrelatedEditRerun() => _warm.RunGenerators(_edited).GetRunResult().GeneratedTrees.Length;

    private GeneratorDriver CreateDriver(bool track) => CSharpGeneratorDriver.Create(
        generators: [new FlexInferenceGenerator().AsSourceGenerator()],
        additionalTexts: [_spec],
        parseOptions: ParseOptions,
        optionsProvider: new OptionsProvider(_spec.Path),
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    private static int AssertAllCached(GeneratorRunResult result)
    {
        int outputs = 0;
        foreach (string step in new[] { TrackingNames.SpecFiles, TrackingNames.Model, TrackingNames.Types, TrackingNames.Diagnostics })
        {
            if (!result.TrackedSteps.TryGetValue(step, out ImmutableArray<IncrementalGeneratorRunStep> runs))
            {
                Check.True(step == TrackingNames.Diagnostics, $"the generator step {step} was not recorded");
                continue;
            }

            foreach (var output in runs.SelectMany(run => run.Outputs))
            {
                outputs++;
                Check.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {step} re-ran ({output.Reason}) after an unrelated edit");
            }
        }

        foreach (var output in result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs))
        {
            outputs++;
            Check.True(output.Reason == IncrementalStepRunReason.Cached, $"a source output re-ran ({output.Reason}) after an unrelated edit");
        }

        return outputs;
    }

    private static string RepoRoot()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "global.json")) && File.Exists(Path.Combine(directory.FullName, "openapi", "flexinference.openapi.json")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("Could not find the repository root (global.json and openapi/flexinference.openapi.json) above " + AppContext.BaseDirectory);
    }

    private sealed class InMemoryAdditionalText(string path, string content) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(content);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>The MSBuild metadata the generator reads: the spec opted in with <c>FlexInferenceNamespace = FlexInference</c>.</summary>
    private sealed class OptionsProvider(string specPath) : AnalyzerConfigOptionsProvider
    {
        private static readonly Options Empty = new(new Dictionary<string, string>());
        private readonly Options _spec = new(new Dictionary<string, string> { [FlexInferenceGenerator.NamespaceMetadata] = "FlexInference" });

        public override AnalyzerConfigOptions GlobalOptions => Empty;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => textFile.Path == specPath ? _spec : Empty;

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }
}
