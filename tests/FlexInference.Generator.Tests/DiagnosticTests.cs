using FlexInference.Generator.Spec;
using FlexInference.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FlexInference.Generator.Tests;

/// <summary>
/// A broken spec must produce a diagnostic with a stable id located at the offending JSON, never a crashed build.
/// Each test marks the expected position with the text that should be under the squiggle.
/// </summary>
public sealed class DiagnosticTests
{
    [Fact]
    public void Malformed_json_is_FLEXGEN001_at_the_bad_character()
    {
        string spec = Document("\"A\": { \"type\": \"object\", \"properties\": { \"x\": { \"type\": \"string\" }, } }");

        AssertSingle(spec, "FLEXGEN001", "} }", Severity: DiagnosticSeverity.Error, messageContains: "trailing comma");
    }

    [Fact]
    public void Unterminated_document_is_FLEXGEN001()
    {
        string spec = "{ \"openapi\": \"3.1.0\", \"components\": { \"schemas\": {";

        Diagnostic diagnostic = Assert.Single(Run(spec));
        Assert.Equal("FLEXGEN001", diagnostic.Id);
        Assert.Equal(new LinePosition(0, spec.Length), diagnostic.Location.GetLineSpan().StartLinePosition);
    }

    [Fact]
    public void Unresolved_reference_is_FLEXGEN002_at_the_ref_value()
    {
        string spec = Document("\"A\": { \"type\": \"object\", \"properties\": {\n  \"b\": { \"$ref\": \"#/components/schemas/Missing\" } } }");

        AssertSingle(spec, "FLEXGEN002", "\"#/components/schemas/Missing\"", messageContains: "no schema named \"Missing\"");
    }

    [Fact]
    public void Unsupported_keyword_is_FLEXGEN003_at_the_keyword()
    {
        string spec = Document("\"A\": { \"type\": \"object\", \"properties\": {\n  \"b\": { \"not\": { \"type\": \"string\" } } } }");

        AssertSingle(spec, "FLEXGEN003", "\"not\"", messageContains: "\"not\"");
    }

    [Fact]
    public void External_reference_is_FLEXGEN003()
    {
        string spec = Document("\"A\": { \"type\": \"object\", \"properties\": {\n  \"b\": { \"$ref\": \"other.json#/components/schemas/B\" } } }");

        AssertSingle(spec, "FLEXGEN003", "\"other.json#/components/schemas/B\"", messageContains: "only local references");
    }

    [Fact]
    public void Integer_enum_is_FLEXGEN003_at_the_value()
    {
        string spec = Document("\"Level\": { \"type\": \"integer\", \"enum\": [1, 2] }");

        AssertSingle(spec, "FLEXGEN003", "1, 2", messageContains: "only string enums");
    }

    [Fact]
    public void Ambiguous_union_is_FLEXGEN003()
    {
        string spec = Document("\"U\": { \"oneOf\": [ { \"type\": \"string\" }, { \"type\": \"string\", \"format\": \"date\" } ] }");

        Diagnostic diagnostic = AssertSingle(spec, "FLEXGEN003", "{ \"type\": \"string\", \"format\"", messageContains: "cannot be told apart");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Fact]
    public void Colliding_schema_names_are_FLEXGEN004_at_the_second_name()
    {
        string spec = Document("\"Foo-Bar\": { \"type\": \"object\", \"properties\": {} },\n\"Foo_Bar\": { \"type\": \"object\", \"properties\": {} }");

        AssertSingle(spec, "FLEXGEN004", "\"Foo_Bar\"", messageContains: "Foo_Bar");
    }

    [Fact]
    public void Colliding_property_names_are_FLEXGEN004_at_the_second_property()
    {
        string spec = Document("\"A\": { \"type\": \"object\", \"properties\": {\n  \"max_tokens\": { \"type\": \"integer\" },\n  \"maxTokens\": { \"type\": \"integer\" } } }");

        AssertSingle(spec, "FLEXGEN004", "\"maxTokens\"", messageContains: "MaxTokens");
    }

    [Fact]
    public void Keyword_schema_name_is_escaped_with_information_FLEXGEN005()
    {
        string spec = Document("\"class\": { \"type\": \"object\", \"properties\": { \"a\": { \"type\": \"string\" } } }");

        AssertSingle(spec, "FLEXGEN005", "\"class\"", Severity: DiagnosticSeverity.Info, messageContains: "@class");
    }

    [Fact]
    public void Not_an_openapi_3_document_is_FLEXGEN007()
    {
        string spec = "{\n  \"swagger\": \"2.0\",\n  \"definitions\": {}\n}";

        Diagnostic diagnostic = Assert.Single(Run(spec));
        Assert.Equal("FLEXGEN007", diagnostic.Id);
        Assert.Equal(new LinePosition(0, 0), diagnostic.Location.GetLineSpan().StartLinePosition);
    }

    [Fact]
    public void Discriminator_mapping_to_a_non_member_is_FLEXGEN008_at_the_mapping_value()
    {
        string spec = Document(
            "\"A\": { \"type\": \"object\", \"properties\": { \"type\": { \"const\": \"a\" } } },\n" +
            "\"B\": { \"type\": \"object\", \"properties\": { \"type\": { \"const\": \"b\" } } },\n" +
            "\"C\": { \"type\": \"object\", \"properties\": {} },\n" +
            "\"U\": { \"oneOf\": [ { \"$ref\": \"#/components/schemas/A\" }, { \"$ref\": \"#/components/schemas/B\" } ],\n" +
            "  \"discriminator\": { \"propertyName\": \"type\", \"mapping\": { \"c\": \"#/components/schemas/C\" } } }");

        AssertSingle(spec, "FLEXGEN008", "\"#/components/schemas/C\" }", messageContains: "not a member");
    }

    [Fact]
    public void Start_within_pattern_without_three_groups_is_FLEXGEN009_at_the_pattern()
    {
        string spec = Document(
            "\"StartWithin\": { \"type\": \"string\", \"anyOf\": [ { \"type\": \"string\", \"enum\": [\"default\"] },\n" +
            "  { \"type\": \"string\", \"pattern\": \"^(\\\\d{2})h-(\\\\d{2})m$\" } ],\n" +
            "  \"x-flexinference-start-within\": { \"minimumSeconds\": 5, \"maximumSeconds\": 600, \"example\": \"00h-00m-30s\" } }");

        AssertSingle(spec, "FLEXGEN009", "\"^(", messageContains: "three groups");
    }

    [Fact]
    public void Error_code_with_an_undeclared_class_is_FLEXGEN010_at_the_class()
    {
        string spec = "{\n  \"openapi\": \"3.1.0\",\n" +
            "  \"x-flexinference-error-classes\": [ { \"class\": \"billing\", \"exception\": \"PaymentRequiredException\" } ],\n" +
            "  \"x-flexinference-error-codes\": [ { \"code\": \"x\", \"status\": 400, \"class\": \"nonsense\", \"when\": \"w\", \"fix\": \"f\" } ],\n" +
            "  \"components\": { \"schemas\": {} }\n}";

        AssertSingle(spec, "FLEXGEN010", "\"nonsense\"", messageContains: "not declared");
    }

    [Fact]
    public void Invalid_type_keyword_is_FLEXGEN011_at_the_type()
    {
        string spec = Document("\"A\": { \"type\": \"object\", \"properties\": { \"b\": { \"type\": \"strnig\" } } }");

        AssertSingle(spec, "FLEXGEN011", "\"strnig\"", messageContains: "not a JSON Schema type");
    }

    [Fact]
    public void One_broken_schema_does_not_hide_the_others()
    {
        string spec = Document(
            "\"Good\": { \"type\": \"object\", \"properties\": { \"a\": { \"type\": \"string\" } } },\n" +
            "\"Bad\": { \"type\": \"object\", \"properties\": { \"b\": { \"$ref\": \"#/components/schemas/Nope\" } } }");

        (GeneratorDriverRunResult result, _, _) = GeneratorHarness.Run(GeneratorHarness.CreateDriver(spec));

        Assert.Equal("FLEXGEN002", Assert.Single(result.Diagnostics).Id);
        Assert.Contains(result.Results.Single().GeneratedSources, source => source.HintName == "Test.Api.Good.g.cs");
    }

    [Fact]
    public void Every_truncation_of_the_real_spec_yields_diagnostics_never_an_exception()
    {
        string spec = File.ReadAllText(RepoPaths.Spec);
        var random = new Random(20261125);
        for (int i = 0; i < 200; i++)
        {
            int cut = random.Next(spec.Length);
            SpecResult result = SpecReader.Read(new SpecFile("/spec.json", "Test.Api", spec.Substring(0, cut)));
            Assert.NotEmpty(result.Diagnostics);
            Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Descriptor.Id == "FLEXGEN006");
        }
    }

    private static string Document(string schemas) =>
        "{\n  \"openapi\": \"3.1.0\",\n  \"info\": { \"title\": \"t\", \"version\": \"1\" },\n  \"components\": { \"schemas\": {\n" + schemas + "\n  } }\n}";

    private static IReadOnlyList<Diagnostic> Run(string spec) => GeneratorHarness.Run(GeneratorHarness.CreateDriver(spec)).Result.Diagnostics;

    /// <summary>Asserts exactly one diagnostic, with the id, starting where <paramref name="marker"/> first appears.</summary>
    private static Diagnostic AssertSingle(string spec, string id, string marker, DiagnosticSeverity Severity = DiagnosticSeverity.Error, string? messageContains = null)
    {
        Diagnostic diagnostic = Assert.Single(Run(spec));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(Severity, diagnostic.Severity);
        int index = spec.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(index >= 0, "The marker is not in the spec.");
        LinePosition expected = SourceText.From(spec).Lines.GetLinePosition(index);
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        Assert.Equal(GeneratorHarness.SpecPath, span.Path);
        Assert.Equal(expected, span.StartLinePosition);
        if (messageContains is not null)
        {
            Assert.Contains(messageContains, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return diagnostic;
    }
}
