using System.Text.Json.Nodes;
using FlexInference.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace FlexInference.Generator.Tests;

/// <summary>Editing the spec is all it takes: a new field in the document becomes a new typed property.</summary>
public sealed class RegenerationTests
{
    [Fact]
    public void A_field_added_to_a_copy_of_the_spec_becomes_a_typed_property()
    {
        JsonObject spec = JsonNode.Parse(File.ReadAllText(RepoPaths.Spec))!.AsObject();
        JsonObject createResponse = spec["components"]!["schemas"]!["CreateResponse"]!.AsObject();
        JsonObject properties = (createResponse["properties"] ?? createResponse["allOf"]!.AsArray().First(member => member!["properties"] is not null)!["properties"])!.AsObject();
        properties["deadline_hint_ms"] = new JsonObject { ["type"] = "integer", ["format"] = "int64", ["description"] = "A field added for this test." };

        (GeneratorDriverRunResult result, Compilation output, _) =
            GeneratorHarness.Run(GeneratorHarness.CreateDriver(spec.ToJsonString(), "FlexInference"));

        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompilationErrors(output));
        INamedTypeSymbol type = output.GetTypeByMetadataName("FlexInference.CreateResponse")!;
        IPropertySymbol property = Assert.Single(type.GetMembers("DeadlineHintMs").OfType<IPropertySymbol>());
        Assert.Equal("long?", property.Type.ToDisplayString());
        Assert.Contains(property.GetAttributes(), attribute => attribute.ConstructorArguments.FirstOrDefault().Value as string == "deadline_hint_ms");
        string source = result.Results.Single().GeneratedSources.Single(s => s.HintName == "FlexInference.CreateResponse.g.cs").SourceText.ToString();
        Assert.Contains("/// A field added for this test.", source, StringComparison.Ordinal);
    }
}
