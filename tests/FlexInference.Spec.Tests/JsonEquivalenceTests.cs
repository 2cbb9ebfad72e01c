using System.Text.Json;
using FlexInference.Spec.Tests.Infrastructure;

namespace FlexInference.Spec.Tests;

/// <summary>The comparison rules the differential tests rely on.</summary>
public sealed class JsonEquivalenceTests
{
    [Theory]
    [InlineData("""{"a":1,"b":[true,"x"]}""", """{"b":[true,"x"],"a":1}""")]
    [InlineData("""{"a":1.0,"b":1e2,"c":-0,"d":0.5}""", """{"a":1,"b":100,"c":0,"d":5E-1}""")]
    [InlineData("""{"a":null}""", """{}""")]
    [InlineData("""{"s":"caf\u00e9"}""", """{"s":"café"}""")]
    [InlineData("""{"n":123456789012345678901234567890123456789}""", """{"n":1.23456789012345678901234567890123456789e38}""")]
    public void Equivalent(string left, string right) => Assert.Empty(Compare(left, right));

    [Theory]
    [InlineData("""{"a":1}""", """{"a":2}""", "$.a: 1 vs 2")]
    [InlineData("""{"a":1e-300}""", """{"a":0}""", "$.a: 1e-300 vs 0")]
    [InlineData("""{"a":18446744073709551617}""", """{"a":18446744073709551616}""", "$.a: 18446744073709551617 vs 18446744073709551616")]
    [InlineData("""{"a":"x"}""", """{}""", "$.a: \"x\" vs (absent)")]
    [InlineData("""{"a":[1]}""", """{"a":[1,2]}""", "$.a: 1 items vs 2 items")]
    [InlineData("""{"a":"1"}""", """{"a":1}""", "$.a: \"1\" vs 1")]
    [InlineData("""{"a":{"b":false}}""", """{"a":{"b":true}}""", "$.a.b: false vs true")]
    public void Different(string left, string right, string difference) => Assert.Equal([difference], Compare(left, right));

    private static List<string> Compare(string left, string right)
    {
        using JsonDocument a = JsonDocument.Parse(left);
        using JsonDocument b = JsonDocument.Parse(right);
        return JsonEquivalence.Differences(a.RootElement, b.RootElement);
    }
}
