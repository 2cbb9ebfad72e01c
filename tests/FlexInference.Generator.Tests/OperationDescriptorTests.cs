using FlexInference.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FlexInference.Generator.Tests;

/// <summary>
/// The operation descriptors (<c>x-flexinference-surface</c>, <c>x-flexinference-hint</c>): emitted only when a spec
/// asks for them, and a malformed value is FLEXGEN013 at that value, skipping only its operation.
/// </summary>
public sealed class OperationDescriptorTests
{
    private const string Surface = """
        { "name": "Things",
          "result": { "serviceTier": ["/service_tier"], "usage": "/usage", "inputTokens": ["/in"], "outputTokens": ["/out"] },
          "stream": { "eventType": "type", "terminal": ["done"], "failure": ["error"], "errorAt": { "error": "" },
                      "facts": [""], "textDelta": { "event": "delta", "path": "/text", "when": "/kind", "whenValues": [null, "text"] },
                      "streamingDefaults": { "options": { "usage": true } } } }
        """;

    private const string Hint = """{ "purpose": "the prompt", "fix": "Set it", "example": "\"prompt\": \"Hi\"" }""";

    [Fact]
    public void A_valid_surface_emits_compiling_internal_descriptors()
    {
        (GeneratorDriverRunResult result, Compilation output, _) = GeneratorHarness.Run(GeneratorHarness.CreateDriver(Spec()));

        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompilationErrors(output));
        string source = Operations(result)!;
        Assert.Contains("internal static class FlexInferenceOperations", source, StringComparison.Ordinal);
        Assert.Contains("public static readonly global::Test.Api.FlexInferenceOperation Things = ", source, StringComparison.Ordinal);
        Assert.Contains("requestType: global::Test.Api.FlexInferenceJsonContext.Default.Req,", source, StringComparison.Ordinal);
        Assert.Contains("errorType: global::Test.Api.FlexInferenceJsonContext.Default.Err,", source, StringComparison.Ordinal);
        Assert.Contains("new global::Test.Api.FlexInferenceRequiredField(\"prompt\", \"string\", \"the prompt\", null, \"Set it\", \"\\\"prompt\\\": \\\"Hi\\\"\")", source, StringComparison.Ordinal);
        Assert.Contains("streamingDefaults: \"{\\\"options\\\":{\\\"usage\\\":true}}\"", source, StringComparison.Ordinal);
        Assert.Contains("new string?[] { null, \"text\" }", source, StringComparison.Ordinal);
        Assert.DoesNotContain("public sealed class", source, StringComparison.Ordinal);
        Assert.DoesNotContain("public static class", source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spec_without_the_extension_emits_no_descriptor_and_no_error()
    {
        (GeneratorDriverRunResult result, Compilation output, _) = GeneratorHarness.Run(GeneratorHarness.CreateDriver(Spec(surface: null)));

        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompilationErrors(output));
        Assert.Null(Operations(result));
        Assert.DoesNotContain(result.Results.Single().GeneratedSources, source => source.HintName.Contains("FlexInferenceRequestRules", StringComparison.Ordinal));
    }

    [Fact]
    public void A_focused_spec_without_paths_emits_no_descriptor()
    {
        (GeneratorDriverRunResult result, _, _) = GeneratorHarness.Run(GeneratorHarness.CreateDriver(GeneratorHarness.ReadTestSpec("extensions.json")));

        Assert.Null(Operations(result));
    }

    [Theory]
    [InlineData("\"Things\"", "\"Things\"", "must be an object")]
    [InlineData("{ \"name\": \"Things\", \"colour\": \"red\" }", "\"colour\"", "\"colour\" is not a key of x-flexinference-surface")]
    [InlineData("{ \"name\": 42 }", "42", "\"name\" must be a string")]
    [InlineData("{ \"name\": \"Things\", \"result\": { \"serviceTier\": \"/service_tier\", \"usage\": \"/usage\", \"inputTokens\": [], \"outputTokens\": [] } }", "\"/service_tier\"", "\"serviceTier\" must be an array")]
    [InlineData("{ \"name\": \"Things\", \"stream\": { \"eventType\": \"type\", \"textDelta\": { \"path\": \"delta\" } } }", "\"delta\"", "must be a JSON Pointer")]
    [InlineData("{ \"name\": \"Things\", \"stream\": { \"eventType\": \"type\", \"textDelta\": { \"path\": \"/d\", \"whenValues\": [1] } } }", "[1]", "\"whenValues\" needs \"when\"")]
    public void A_malformed_surface_is_FLEXGEN013_at_the_value_and_skips_the_operation(string surface, string marker, string message)
    {
        string spec = Spec(surface);

        Diagnostic diagnostic = AssertSingleAt(spec, marker, message);
        Assert.Contains("\"createThing\"", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        (GeneratorDriverRunResult result, Compilation output, _) = GeneratorHarness.Run(GeneratorHarness.CreateDriver(spec));
        Assert.DoesNotContain(" Things = ", Operations(result)!, StringComparison.Ordinal);
        Assert.Contains(" Other = ", Operations(result)!, StringComparison.Ordinal);
        Assert.Empty(GeneratorHarness.CompilationErrors(output));
    }

    [Theory]
    [InlineData("\"the prompt\"", "\"the prompt\"", "x-flexinference-hint must be an object")]
    [InlineData("{ \"purpose\": \"the prompt\", \"fix\": 42, \"example\": \"x\" }", "42", "\"fix\" must be a string")]
    [InlineData("{ \"purpose\": \"the prompt\", \"fix\": \"f\", \"example\": \"x\", \"colour\": \"red\" }", "\"colour\"", "\"colour\" is not a key of x-flexinference-hint")]
    public void A_malformed_hint_is_FLEXGEN013_at_the_value(string hint, string marker, string message)
    {
        AssertSingleAt(Spec(hint: hint), marker, message);
    }

    [Fact]
    public void A_required_field_without_a_hint_is_FLEXGEN013_at_the_property()
    {
        AssertSingleAt(Spec(hint: null), "\"prompt\": { \"type\"", "has no \"x-flexinference-hint\"");
    }

    [Fact]
    public void A_ref_that_is_not_a_context_type_is_FLEXGEN013_at_the_ref()
    {
        string spec = ReplaceFirst(Spec(), "\"#/components/schemas/Res\"", "\"#/components/schemas/Names\"");

        AssertSingleAt(spec, "\"#/components/schemas/Names\"", "does not resolve to a type of the generated JsonSerializerContext");
    }

    [Fact]
    public void Disagreeing_error_schemas_are_FLEXGEN013_at_the_second()
    {
        string spec = Spec().Replace("\"500\": { \"content\": { \"application/json\": { \"schema\": { \"$ref\": \"#/components/schemas/Err\" }",
            "\"500\": { \"content\": { \"application/json\": { \"schema\": { \"$ref\": \"#/components/schemas/Res\" }", StringComparison.Ordinal);

        AssertSingleAt(spec, "{ \"$ref\": \"#/components/schemas/Res\" } } } } }", "one operation has one error shape");
    }

    private static string ReplaceFirst(string text, string oldValue, string newValue)
    {
        int index = text.IndexOf(oldValue, StringComparison.Ordinal);
        return text.Substring(0, index) + newValue + text.Substring(index + oldValue.Length);
    }

    private static string? Operations(GeneratorDriverRunResult result) =>
        result.Results.Single().GeneratedSources.SingleOrDefault(source => source.HintName == "Test.Api.FlexInferenceOperations.g.cs").SourceText?.ToString();

    private static Diagnostic AssertSingleAt(string spec, string marker, string message)
    {
        (GeneratorDriverRunResult result, _, _) = GeneratorHarness.Run(GeneratorHarness.CreateDriver(spec));
        Diagnostic diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("FLEXGEN013", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        int index = spec.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(index >= 0, "The marker is not in the spec.");
        Assert.Equal(SourceText.From(spec).Lines.GetLinePosition(index), diagnostic.Location.GetLineSpan().StartLinePosition);
        Assert.Contains(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return diagnostic;
    }

    /// <summary>A spec with one described operation (createThing) and one plain one (getOther, surface "Other").</summary>
    private static string Spec(string? surface = Surface, string? hint = Hint)
    {
        string surfaceEntry = surface is null ? "" : "\"x-flexinference-surface\": " + surface + ",\n";
        string otherSurface = surface is null ? "" : "\"x-flexinference-surface\": { \"name\": \"Other\" },\n";
        string hintEntry = hint is null ? "" : ", \"x-flexinference-hint\": " + hint;
        return $$"""
            {
              "openapi": "3.1.0",
              "info": { "title": "t", "version": "1" },
              "paths": {
                "/things": { "post": { "operationId": "createThing",
                  {{surfaceEntry}}"requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Req" } } } },
                  "responses": {
                    "200": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Res" } }, "text/event-stream": { "schema": { "$ref": "#/components/schemas/Event" } } } },
                    "400": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Err" } } } },
                    "500": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Err" } } } } } } },
                "/other": { "get": { "operationId": "getOther",
                  {{otherSurface}}"responses": { "200": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Res" } } } } } } }
              },
              "components": { "schemas": {
                "Req": { "type": "object", "required": ["model", "prompt"], "properties": {
                  "model": { "type": "string" },
                  "prompt": { "type": "string"{{hintEntry}} } } },
                "Res": { "type": "object", "properties": { "id": { "type": "string" } } },
                "Event": { "type": "object", "properties": { "type": { "type": "string" } } },
                "Err": { "type": "object", "properties": { "message": { "type": "string" } } },
                "Names": { "type": "array", "items": { "type": "string" } }
              } }
            }
            """;
    }
}
