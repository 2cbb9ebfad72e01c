using System.Collections;
using System.Reflection;
using FlexInference.Generator.Model;
using FlexInference.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FlexInference.Generator.Tests;

/// <summary>
/// The generator must do no work the edit does not require: an IDE re-runs it on every keystroke.
/// </summary>
public sealed class CachingTests
{
    private static readonly string[] AllSteps = [TrackingNames.SpecFiles, TrackingNames.Model, TrackingNames.Types, TrackingNames.Descriptors, TrackingNames.Diagnostics];

    [Fact]
    public void A_second_run_with_no_change_is_entirely_cached()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation("namespace User; public sealed class A { }");
        GeneratorDriver driver = GeneratorHarness.CreateDriver(File.ReadAllText(RepoPaths.Spec), "FlexInference").RunGenerators(compilation, TestContext.Current.CancellationToken);

        GeneratorRunResult second = driver.RunGenerators(compilation.Clone(), TestContext.Current.CancellationToken).GetRunResult().Results.Single();

        AssertAllCached(second);
    }

    [Fact]
    public void An_edit_to_unrelated_csharp_code_is_entirely_cached()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation("namespace User; public sealed class A { }");
        GeneratorDriver driver = GeneratorHarness.CreateDriver(File.ReadAllText(RepoPaths.Spec), "FlexInference").RunGenerators(compilation, TestContext.Current.CancellationToken);

        CSharpCompilation edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace User; public sealed class B { public int X { get; set; } }", GeneratorHarness.ParseOptions, cancellationToken: TestContext.Current.CancellationToken));
        GeneratorRunResult second = driver.RunGenerators(edited, TestContext.Current.CancellationToken).GetRunResult().Results.Single();

        AssertAllCached(second);
    }

    [Fact]
    public void Editing_one_schema_description_modifies_only_that_type_output()
    {
        string spec = GeneratorHarness.ReadTestSpec("unions.json");
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation("namespace User; public sealed class A { }");
        var original = new InMemoryAdditionalText(GeneratorHarness.SpecPath, spec);
        GeneratorDriver driver = GeneratorHarness.CreateDriver([(original, "Test.Api")]).RunGenerators(compilation, TestContext.Current.CancellationToken);

        string edited = spec.Replace("No discriminator: members are told apart by their required properties.", "An edited description.", StringComparison.Ordinal);
        Assert.NotEqual(spec, edited);
        driver = driver.ReplaceAdditionalText(original, new InMemoryAdditionalText(GeneratorHarness.SpecPath, edited));
        GeneratorRunResult second = driver.RunGenerators(compilation, TestContext.Current.CancellationToken).GetRunResult().Results.Single();

        var typeOutputs = second.TrackedSteps[TrackingNames.Types].SelectMany(step => step.Outputs).ToList();
        var modified = typeOutputs.Where(output => output.Reason == IncrementalStepRunReason.Modified).Select(output => ((TypeModel)output.Value).Name).ToList();
        Assert.Equal(["Shape"], modified);
        Assert.All(typeOutputs.Where(output => ((TypeModel)output.Value).Name != "Shape"),
            output => Assert.Contains(output.Reason, new[] { IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached }));
        string shape = second.GeneratedSources.Single(source => source.HintName == "Test.Api.Shape.g.cs").SourceText.ToString();
        Assert.Contains("An edited description.", shape, StringComparison.Ordinal);
    }

    [Fact]
    public void Editing_a_schema_description_leaves_the_descriptors_unchanged()
    {
        string spec = File.ReadAllText(RepoPaths.Spec);
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation("namespace User; public sealed class A { }");
        var original = new InMemoryAdditionalText(GeneratorHarness.SpecPath, spec);
        GeneratorDriver driver = GeneratorHarness.CreateDriver([(original, "FlexInference")]).RunGenerators(compilation, TestContext.Current.CancellationToken);

        const string description = "Delay schedule between router-side retries.";
        Assert.Contains(description, spec, StringComparison.Ordinal);
        driver = driver.ReplaceAdditionalText(original, new InMemoryAdditionalText(GeneratorHarness.SpecPath, spec.Replace(description, "An edited description.", StringComparison.Ordinal)));
        GeneratorRunResult second = driver.RunGenerators(compilation, TestContext.Current.CancellationToken).GetRunResult().Results.Single();

        var descriptors = second.TrackedSteps[TrackingNames.Descriptors].SelectMany(step => step.Outputs).ToList();
        Assert.Equal(2, descriptors.Count);
        Assert.All(descriptors, output => Assert.Contains(output.Reason, new[] { IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached }));
    }

    [Fact]
    public void A_whitespace_only_edit_to_the_spec_changes_no_type()
    {
        string spec = GeneratorHarness.ReadTestSpec("records.json");
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation("namespace User; public sealed class A { }");
        var original = new InMemoryAdditionalText(GeneratorHarness.SpecPath, spec);
        GeneratorDriver driver = GeneratorHarness.CreateDriver([(original, "Test.Api")]).RunGenerators(compilation, TestContext.Current.CancellationToken);

        // Reformatting moves every position, so only the located diagnostics (not the types) may change.
        driver = driver.ReplaceAdditionalText(original, new InMemoryAdditionalText(GeneratorHarness.SpecPath, spec.Replace("\n", "\n  ", StringComparison.Ordinal)));
        GeneratorRunResult second = driver.RunGenerators(compilation, TestContext.Current.CancellationToken).GetRunResult().Results.Single();

        Assert.All(second.TrackedSteps[TrackingNames.Types].SelectMany(step => step.Outputs),
            output => Assert.Contains(output.Reason, new[] { IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached }));
    }

    [Fact]
    public void Pipeline_outputs_hold_no_symbols_syntax_or_compilations()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation("namespace User; public sealed class A { }");
        GeneratorRunResult result = GeneratorHarness.CreateDriver(File.ReadAllText(RepoPaths.Spec), "FlexInference")
            .RunGenerators(compilation, TestContext.Current.CancellationToken).GetRunResult().Results.Single();

        foreach (string step in AllSteps.Where(result.TrackedSteps.ContainsKey))
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(run => run.Outputs))
            {
                AssertNoBannedTypes(output.Value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    private static void AssertAllCached(GeneratorRunResult result)
    {
        foreach (string step in AllSteps)
        {
            // A step with no input at all (no diagnostics to report) is not recorded; every other step must be.
            if (!result.TrackedSteps.TryGetValue(step, out var runs))
            {
                Assert.Equal(TrackingNames.Diagnostics, step);
                continue;
            }

            foreach (var output in runs.SelectMany(run => run.Outputs))
            {
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"Step {step} re-ran with reason {output.Reason} for {output.Value}.");
            }
        }

        foreach (var output in result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs))
        {
            Assert.Equal(IncrementalStepRunReason.Cached, output.Reason);
        }
    }

    private static void AssertNoBannedTypes(object? value, string step, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !visited.Add(value))
        {
            return;
        }

        Type type = value.GetType();
        Assert.False(value is Compilation or ISymbol or SyntaxNode or SyntaxTree or Location,
            $"Step {step} holds a {type.Name}, which roots a compilation and defeats caching.");
        if (value is IEnumerable sequence)
        {
            foreach (object? item in sequence)
            {
                AssertNoBannedTypes(item, step, visited);
            }

            return;
        }

        if (type.Namespace?.StartsWith("FlexInference", StringComparison.Ordinal) != true && !type.Name.StartsWith("ValueTuple", StringComparison.Ordinal))
        {
            return; // BCL and Roslyn value types (TextSpan, DiagnosticDescriptor) are fine
        }

        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoBannedTypes(field.GetValue(value), step, visited);
        }
    }
}
