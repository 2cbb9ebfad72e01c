using Microsoft.CodeAnalysis;
using FlexInference.Generator.Tests.Infrastructure;

namespace FlexInference.Generator.Tests;

/// <summary>
/// A consumer regenerates from their own spec into their own namespace, in a project that also uses ours: two
/// generated namespaces in one compilation must not clash (helpers, attributes, contexts, exceptions are per namespace).
/// </summary>
public sealed class MultipleSpecTests
{
    [Theory]
    [InlineData("MyApp.Router")]
    [InlineData("FlexInference.Router")] // nested: an unqualified name in generated code would bind to the outer namespace
    public void Two_specs_in_two_namespaces_compile_side_by_side_without_a_clash(string consumerNamespace)
    {
        string spec = File.ReadAllText(RepoPaths.Spec);
        GeneratorDriver driver = GeneratorHarness.CreateDriver([("/sdk/flexinference.openapi.json", spec, "FlexInference"), ("/app/router.openapi.json", spec, consumerNamespace)]);

        var (result, output, diagnostics) = GeneratorHarness.Run(driver);

        Assert.Empty(diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Empty(GeneratorHarness.CompilationErrors(output));
        string[] hintNames = result.Results.Single().GeneratedSources.Select(s => s.HintName).ToArray();
        Assert.Contains("FlexInference.FlexInferenceJsonSupport.g.cs", hintNames);
        Assert.Contains(consumerNamespace + ".FlexInferenceJsonSupport.g.cs", hintNames);
        Assert.NotNull(output.GetTypeByMetadataName(consumerNamespace + ".StartWithinAttribute"));
        Assert.NotNull(output.GetTypeByMetadataName("FlexInference.StartWithinAttribute"));
    }

    [Fact]
    public void A_subset_spec_nested_under_the_sdks_namespace_binds_only_to_its_own_types()
    {
        // The consumer's subset has a Widget but no Response: every reference in its generated code must still bind
        // inside FlexInference.Router, never to a same-named type of the enclosing FlexInference namespace.
        string sdk = File.ReadAllText(RepoPaths.Spec);
        string subset = GeneratorHarness.ReadTestSpec("records.json");
        GeneratorDriver driver = GeneratorHarness.CreateDriver([("/sdk/flexinference.openapi.json", sdk, "FlexInference"), ("/app/subset.json", subset, "FlexInference.Router")]);

        var (_, output, diagnostics) = GeneratorHarness.Run(driver);

        Assert.Empty(diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Empty(GeneratorHarness.CompilationErrors(output));
        INamedTypeSymbol context = output.GetTypeByMetadataName("FlexInference.Router.FlexInferenceJsonContext")!;
        Assert.All(
            context.GetMembers().OfType<IPropertySymbol>().Where(p => p.Type is INamedTypeSymbol { IsGenericType: true }),
            property => Assert.Equal("FlexInference.Router", ((INamedTypeSymbol)property.Type).TypeArguments[0].ContainingNamespace.ToDisplayString()));
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
