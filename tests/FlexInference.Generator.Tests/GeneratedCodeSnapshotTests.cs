using FlexInference.Generator.Tests.Infrastructure;
using FlexInference.TestSupport;
using Microsoft.CodeAnalysis;

namespace FlexInference.Generator.Tests;

/// <summary>
/// Baselines of the generated code. A spec or generator change shows up here as a reviewable diff;
/// accept it with <c>./build.sh --target=UpdateSnapshots</c>.
/// </summary>
public sealed class GeneratedCodeSnapshotTests
{
    [Fact]
    public void Full_spec_generates_the_baselined_files_and_they_compile_cleanly()
    {
        (GeneratorDriverRunResult result, Compilation output, _) =
            GeneratorHarness.Run(GeneratorHarness.CreateDriver(File.ReadAllText(RepoPaths.Spec), "FlexInference"));

        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompilationErrors(output));
        Snapshot.VerifyDirectory(GeneratorHarness.GeneratedFiles(result), "Baselines/FlexInference");
    }

    [Theory]
    [InlineData("records.json")]
    [InlineData("unions.json")]
    [InlineData("extensions.json")]
    public void Focused_spec_generates_the_baselined_files_and_they_compile_cleanly(string spec)
    {
        (GeneratorDriverRunResult result, Compilation output, _) =
            GeneratorHarness.Run(GeneratorHarness.CreateDriver(GeneratorHarness.ReadTestSpec(spec), "Test.Api"));

        Assert.All(result.Diagnostics, diagnostic => Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity));
        Assert.Empty(GeneratorHarness.CompilationErrors(output));
        Snapshot.VerifyDirectory(GeneratorHarness.GeneratedFiles(result), "Baselines/" + Path.GetFileNameWithoutExtension(spec));
    }

    [Fact]
    public void A_file_without_the_namespace_metadata_generates_nothing()
    {
        (GeneratorDriverRunResult result, _, _) =
            GeneratorHarness.Run(GeneratorHarness.CreateDriver(GeneratorHarness.ReadTestSpec("records.json"), ns: null));

        Assert.Empty(result.Results.Single().GeneratedSources);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void The_kill_switch_property_turns_generation_off()
    {
        var globalOptions = new Dictionary<string, string> { [FlexInferenceGenerator.EnabledProperty] = "false" };
        (GeneratorDriverRunResult result, _, _) =
            GeneratorHarness.Run(GeneratorHarness.CreateDriver(GeneratorHarness.ReadTestSpec("records.json"), "Test.Api", globalOptions));

        Assert.Empty(result.Results.Single().GeneratedSources);
    }

    [Fact]
    public void Keyword_schema_names_are_escaped_and_reported_as_information()
    {
        (GeneratorDriverRunResult result, Compilation output, _) =
            GeneratorHarness.Run(GeneratorHarness.CreateDriver(GeneratorHarness.ReadTestSpec("records.json"), "Test.Api"));

        Diagnostic keyword = Assert.Single(result.Diagnostics);
        Assert.Equal("FLEXGEN005", keyword.Id);
        Assert.Equal(DiagnosticSeverity.Info, keyword.Severity);
        Assert.NotNull(output.GetTypeByMetadataName("Test.Api.event"));
    }
}
