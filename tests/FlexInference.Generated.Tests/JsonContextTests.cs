using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FlexInference.Generated.Tests;

/// <summary>The generated JsonSerializerContext serves every type without reflection and composes with other resolvers.</summary>
public sealed class JsonContextTests
{
    [Fact]
    public void The_context_serves_records_enums_unions_and_start_within()
    {
        Assert.NotNull(FlexInferenceJsonContext.Default.GetTypeInfo(typeof(Response)));
        Assert.NotNull(FlexInferenceJsonContext.Default.GetTypeInfo(typeof(ServiceTier)));
        Assert.NotNull(FlexInferenceJsonContext.Default.GetTypeInfo(typeof(InputItem)));
        Assert.NotNull(FlexInferenceJsonContext.Default.GetTypeInfo(typeof(StartWithin)));
        Assert.Null(FlexInferenceJsonContext.Default.GetTypeInfo(typeof(Uri)));
    }

    [Fact]
    public void The_context_can_be_chained_into_callers_options_with_reflection_switched_off()
    {
        var options = new JsonSerializerOptions { TypeInfoResolver = JsonTypeInfoResolver.Combine(FlexInferenceJsonContext.Default) };

        MessageObject message = JsonSerializer.Deserialize<MessageObject>("""{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"hi"}]}""", options)!;

        Assert.Equal("msg_1", message.Id);
        Assert.True(message.Content![0].IsMessageTextBlock);
    }

    [Fact]
    public void Every_generated_public_type_with_a_converter_is_served_by_the_context()
    {
        var missing = typeof(Response).Assembly.GetTypes()
            .Where(type => type.IsPublic && type.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonConverterAttribute), false).Length > 0)
            .Where(type => FlexInferenceJsonContext.Default.GetTypeInfo(type) is null)
            .Select(type => type.Name)
            .ToList();

        Assert.Empty(missing);
    }
}
