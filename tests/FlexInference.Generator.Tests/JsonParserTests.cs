using FlexInference.Generator.Json;

namespace FlexInference.Generator.Tests;

/// <summary>The generator's own strict JSON reader (it has no runtime dependency on System.Text.Json).</summary>
public sealed class JsonParserTests
{
    [Fact]
    public void Parses_every_value_kind_with_spans()
    {
        const string text = """{ "s": "a\"b\\c\u00e9\ud83d\ude00\n", "n": -1.5e3, "t": true, "f": false, "z": null, "a": [1, {}] }""";

        var root = Assert.IsType<JsonObject>(JsonParser.Parse(text));

        Assert.Equal("a\"b\\c\u00e9\U0001F600\n", Assert.IsType<JsonString>(root["s"]).Value);
        Assert.Equal("-1.5e3", Assert.IsType<JsonNumber>(root["n"]).Text);
        Assert.True(Assert.IsType<JsonBoolean>(root["t"]).Value);
        Assert.False(Assert.IsType<JsonBoolean>(root["f"]).Value);
        Assert.IsType<JsonNull>(root["z"]);
        Assert.Equal(2, Assert.IsType<JsonArray>(root["a"]).Items.Count);
        JsonProperty property = root.GetProperty("n")!;
        Assert.Equal("\"n\"", text.Substring(property.NameSpan.Start, property.NameSpan.Length));
        Assert.Equal("-1.5e3", text.Substring(property.Value.Span.Start, property.Value.Span.Length));
    }

    [Theory]
    [InlineData("{\"a\": 1,}", 8, "trailing comma")]
    [InlineData("[1 2]", 3, "',' or ']'")]
    [InlineData("{\"a\" 1}", 5, "':'")]
    [InlineData("{'a': 1}", 1, "property name in double quotes")]
    [InlineData("\"abc", 0, "unterminated string")]
    [InlineData("\"a\\x\"", 2, "invalid escape")]
    [InlineData("01", 1, "after the end")]
    [InlineData("-", 1, "digit was expected")]
    [InlineData("1.", 2, "after '.'")]
    [InlineData("tru", 0, "a value was expected")]
    [InlineData("{} {}", 3, "after the end")]
    [InlineData("\"a\nb\"", 2, "control character")]
    public void Rejects_invalid_json_at_the_offending_position(string text, int position, string message)
    {
        JsonSyntaxException error = Assert.Throws<JsonSyntaxException>(() => JsonParser.Parse(text));

        Assert.Equal(position, error.Position);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_is_refused_instead_of_overflowing_the_stack()
    {
        string text = new string('[', 100_000) + new string(']', 100_000);

        JsonSyntaxException error = Assert.Throws<JsonSyntaxException>(() => JsonParser.Parse(text));

        Assert.Contains("nesting deeper than", error.Message, StringComparison.Ordinal);
    }
}
