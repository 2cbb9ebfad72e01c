using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace FlexInference.Generated.Tests;

/// <summary>start_within: the words, the duration grammar and bounds, and messages that say how to fix a bad value.</summary>
public sealed class StartWithinTests
{
    [Fact]
    public void Words_and_windows_have_their_wire_text()
    {
        Assert.Equal("default", StartWithin.Default.ToString());
        Assert.Equal("priority", StartWithin.Priority.Value);
        Assert.Equal("auto", StartWithin.Auto.Value);
        Assert.Equal("00h-00m-30s", StartWithin.Within(TimeSpan.FromSeconds(30)).Value);
        Assert.Equal("00h-10m-00s", StartWithin.Within(TimeSpan.FromMinutes(10)).Value);
        Assert.Equal("00h-00m-05s", StartWithin.Within(StartWithin.MinimumWindow).Value);
    }

    [Theory]
    [InlineData("default", null)]
    [InlineData("00h-00m-05s", 5)]
    [InlineData("00h-05m-00s", 300)]
    [InlineData("00h-00m-90s", 90)] // fields above 59 are fine when the total is in range (the router's rule)
    [InlineData("00h-10m-00s", 600)]
    public void Valid_values_parse(string text, int? seconds)
    {
        StartWithin value = StartWithin.Parse(text);

        Assert.True(value.IsValid);
        Assert.Equal(seconds is not null, value.IsDuration);
        Assert.Equal(seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), value.Window);
        Assert.True(StartWithin.TryParse(text, out StartWithin parsed));
        Assert.Equal(value, parsed);
    }

    [Theory]
    [InlineData("Default", "not valid")]
    [InlineData("0h-5m-0s", "two digits each")]
    [InlineData("00h-00m-30s\n", "not valid")]
    [InlineData("00h-00m-\u0663\u0660s", "not valid")] // Arabic-Indic digits are not ASCII digits
    [InlineData("00h-00m-04s", "outside the allowed window of 5 s to 10 min")]
    [InlineData("00h-10m-01s", "601 s")]
    [InlineData("standard", "replaced by \"default\"")]
    public void Invalid_values_are_refused_with_a_message_saying_why_and_how_to_fix(string text, string expected)
    {
        FormatException error = Assert.Throws<FormatException>(() => StartWithin.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("\"", error.Message, StringComparison.Ordinal); // every message shows a working example in quotes
        Assert.False(StartWithin.TryParse(text, out _));
        Assert.Equal(error.Message, StartWithin.Validate(text));
    }

    [Fact]
    public void A_missing_value_message_lists_the_forms_and_examples()
    {
        string message = StartWithin.Validate(null)!;

        Assert.Contains("required on every request", message, StringComparison.Ordinal);
        Assert.Contains("\"default\", \"priority\" or \"auto\"", message, StringComparison.Ordinal);
        Assert.Contains("\"00h-00m-30s\"", message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => StartWithin.Parse(null!));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(601)]
    public void Within_refuses_windows_out_of_range(int seconds)
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => StartWithin.Within(TimeSpan.FromSeconds(seconds)));

        Assert.Contains("between 5 s to 10 min", error.Message, StringComparison.Ordinal);
        Assert.Equal("window", error.ParamName);
    }

    [Fact]
    public void Within_refuses_fractional_seconds()
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => StartWithin.Within(TimeSpan.FromSeconds(30.5)));

        Assert.Contains("whole number of seconds", error.Message, StringComparison.Ordinal);
        Assert.Contains("30.5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_keeps_the_wire_value_even_when_invalid_so_a_response_never_fails_to_parse()
    {
        StartWithin value = JsonSerializer.Deserialize("\"standard\"", FlexInferenceJsonContext.Default.StartWithin);

        Assert.Equal("standard", value.Value);
        Assert.False(value.IsValid);
        Assert.Equal("\"standard\"", JsonSerializer.Serialize(value, FlexInferenceJsonContext.Default.StartWithin));
    }

    [Fact]
    public void The_validation_attribute_checks_request_records()
    {
        var valid = new CreateResponse { Model = "gpt-5.5", Input = "x", StartWithin = StartWithin.Auto };
        var invalid = valid with { StartWithin = JsonSerializer.Deserialize("\"00h-00m-01s\"", FlexInferenceJsonContext.Default.StartWithin) };
        var results = new List<ValidationResult>();

        Assert.True(Validator.TryValidateObject(valid, new ValidationContext(valid), results, validateAllProperties: true));
        Assert.False(Validator.TryValidateObject(invalid, new ValidationContext(invalid), results, validateAllProperties: true));
        ValidationResult result = Assert.Single(results);
        Assert.Equal(["StartWithin"], result.MemberNames);
        Assert.Contains("outside the allowed window", result.ErrorMessage, StringComparison.Ordinal);
    }
}
