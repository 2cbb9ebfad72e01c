using System.Text.Json;

namespace FlexInference.Generated.Tests;

/// <summary>Open enums: a value the spec does not list is kept, compared and written back, never an exception.</summary>
public sealed class OpenEnumTests
{
    [Fact]
    public void Known_values_are_static_properties_with_their_wire_text()
    {
        Assert.Equal("flex", ServiceTier.Flex.Value);
        Assert.True(ServiceTier.Flex.IsKnown);
        Assert.Contains(ServiceTier.Flex, ServiceTier.KnownValues);
        Assert.Equal("\"flex\"", JsonSerializer.Serialize(ServiceTier.Flex, FlexInferenceJsonContext.Default.ServiceTier));
    }

    [Fact]
    public void An_unknown_value_is_kept_compared_and_written_back_as_is()
    {
        ServiceTier tier = JsonSerializer.Deserialize("\"turbo-2027\"", FlexInferenceJsonContext.Default.ServiceTier);

        Assert.False(tier.IsKnown);
        Assert.Equal("turbo-2027", tier.Value);
        Assert.Equal(new ServiceTier("turbo-2027"), tier);
        Assert.NotEqual(ServiceTier.Flex, tier);
        Assert.Equal("\"turbo-2027\"", JsonSerializer.Serialize(tier, FlexInferenceJsonContext.Default.ServiceTier));
    }

    [Fact]
    public void Comparison_is_ordinal_and_case_sensitive()
    {
        ServiceTier upper = "FLEX";

        Assert.NotEqual(ServiceTier.Flex, upper);
        Assert.Equal(ServiceTier.Flex.GetHashCode(), new ServiceTier("flex").GetHashCode());
        Assert.True(ServiceTier.Flex == "flex");
    }

    [Fact]
    public void Default_value_has_empty_text_and_null_is_refused()
    {
        Assert.Equal(string.Empty, default(ServiceTier).Value);
        Assert.Throws<ArgumentNullException>(() => new ServiceTier(null!));
    }

    [Fact]
    public void A_non_string_json_value_is_a_json_exception_naming_what_was_expected()
    {
        JsonException error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("42", FlexInferenceJsonContext.Default.ServiceTier));

        Assert.Contains("Expected a string but found a number", error.Message, StringComparison.Ordinal);
    }
}
