using Microsoft.CodeAnalysis;
using FlexInference.Generator.Tests.Infrastructure;

namespace FlexInference.Generator.Tests;

/// <summary>
/// A consumer regenerates from their own spec into their own namespace, in a project that also uses ours: two
/// generated namespaces in one compilation must not clash (helpers, attributes, contexts, exceptions are per namespace).
/// </summary>
public sealed class MultipleSpecTests
{
    [Fact]
    public void Two_specs_in_two_namespaces_compile_side_by_side_without_a_clash()
    {
        string spec = File.ReadAllText(RepoPaths.Spec);
        GeneratorDriver driver = GeneratorHarness.CreateDriver([("/sdk/flexinference.openapi.json", spec, "FlexInference"), ("/app/router.openapi.json", spec, "MyApp.Router")]);

        var (result, output, diagnostics) = GeneratorHarness.Run(driver);

        Assert.Empty(diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Empty(GeneratorHarness.CompilationErrors(output));
        string[] hintNames = result.Results.Single().GeneratedSources.Select(s => s.HintName).ToArray();
        Assert.Contains("FlexInference.FlexInferenceJsonSupport.g.cs", hintNames);
        Assert.Contains("MyApp.Router.FlexInferenceJsonSupport.g.cs", hintNames);
        Assert.NotNull(output.GetTypeByMetadataName("MyApp.Router.StartWithinAttribute"));
        Assert.NotNull(output.GetTypeByMetadataName("FlexInference.StartWithinAttribute"));
    }

    [Fact]
    public void Two_specs_in_one_namespace_are_FLEXGEN012_instead_of_a_generator_crash()
    {
        string spec = GeneratorHarness.ReadTestSpec("records.json");
        GeneratorDriver driver = GeneratorHarness.CreateDriver([("/app/a.json", spec, "MyApp.Router"), ("/app/b.json", spec, "MyApp.Router")]);

        var (result, _, diagnostics) = GeneratorHarness.Run(driver);

        Assert.DoesNotContain(diagnostics, d => d.Id is "CS8784" or "CS8785");
        Diagnostic duplicate = Assert.Single(diagnostics, d => d.Id == "FLEXGEN012");
        Assert.Equal(DiagnosticSeverity.Error, duplicate.Severity);
        Assert.Equal("/app/b.json", duplicate.Location.GetLineSpan().Path);
        Assert.Equal(
            "More than one spec file names the namespace 'MyApp.Router' in its FlexInferenceNamespace metadata (/app/a.json, /app/b.json), so nothing is generated into it; give each spec file its own namespace",
            duplicate.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(result.Results.Single().GeneratedSources);
    }
}
