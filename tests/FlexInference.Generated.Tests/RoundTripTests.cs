using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FlexInference.Generated.Tests.Infrastructure;

namespace FlexInference.Generated.Tests;

/// <summary>
/// Real provider payloads, read into the generated types and written back: nothing is lost, and every field the spec
/// does not describe comes back byte for byte (escapes, number spelling and whitespace included).
/// </summary>
public sealed class RoundTripTests
{
    // The third value: whether the fixture carries fields the spec does not model (the two error envelopes are fully modelled).
    public static TheoryData<string, string, bool> Payloads => new()
    {
        { "responses.response.json", nameof(Response), true },
        { "chat.completion.json", nameof(CreateChatCompletionResponse), true },
        { "chat.completion.chunk.json", nameof(CreateChatCompletionStreamResponse), true },
        { "chat.completion.chunk.usage.json", nameof(CreateChatCompletionStreamResponse), true },
        { "interactions.interaction.json", nameof(InteractionObject), true },
        { "messages.message.json", nameof(MessageObject), true },
        { "error.openai.json", nameof(FlexError), true },
        { "error.anthropic.json", nameof(AnthropicErrorEnvelope), false },
        { "error.google.json", nameof(GoogleErrorEnvelope), false },
        { "responses.request.json", nameof(CreateResponse), true },
        { "chat.request.json", nameof(CreateChatCompletionRequest), true },
        { "interactions.request.json", nameof(InteractionCreateParams), true },
        { "messages.request.json", nameof(MessageCreateParams), true },
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Payload_round_trips_with_unknown_fields_byte_for_byte(string fixture, string typeName, bool hasUnknownFields)
    {
        string json = Fixtures.Read(fixture);
        JsonTypeInfo typeInfo = FlexInferenceJsonContext.Default.GetTypeInfo(typeof(Response).Assembly.GetType("FlexInference." + typeName, throwOnError: true)!)!;

        object value = JsonSerializer.Deserialize(json, typeInfo)!;
        string written = JsonSerializer.Serialize(value, typeInfo);

        using JsonDocument original = JsonDocument.Parse(json);
        using JsonDocument output = JsonDocument.Parse(written);
        JsonAssert.Equivalent(original.RootElement, output.RootElement);

        List<(string Path, string RawText)> unknown = UnknownFieldCollector.Collect(value);
        Assert.Equal(hasUnknownFields, unknown.Count > 0);
        foreach ((string path, string rawText) in unknown)
        {
            Assert.Equal(JsonAssert.RawAt(original.RootElement, path), rawText);
            Assert.Equal(rawText, JsonAssert.RawAt(output.RootElement, path));
        }
    }

    [Fact]
    public void Tricky_unknown_values_survive_exactly()
    {
        const string json = """{"id":"resp_1","object":"response","x_numbers":[1.0,1e-05,-0,123456789012345678901234567890],"x_text":"caf\u00e9 \ud83d\ude00 <b>&amp;","x_nested":{"a":[true,null,{"b":1.50}]}}""";

        Response response = JsonSerializer.Deserialize(json, FlexInferenceJsonContext.Default.Response)!;
        string written = JsonSerializer.Serialize(response, FlexInferenceJsonContext.Default.Response);

        Assert.Equal(json, written);
    }

    [Fact]
    public void Unknown_fields_can_be_added_to_a_request_and_reach_the_wire()
    {
        var request = new CreateResponse
        {
            Model = "gpt-5.5",
            Input = "Write a haiku.",
            StartWithin = StartWithin.Within(TimeSpan.FromSeconds(30)),
            AdditionalProperties = new Dictionary<string, JsonElement>
            {
                ["brand_new_option"] = JsonDocument.Parse("""{"level":2}""").RootElement,
            },
        };

        string written = JsonSerializer.Serialize(request, FlexInferenceJsonContext.Default.CreateResponse);

        Assert.Equal("""{"model":"gpt-5.5","input":"Write a haiku.","start_within":"00h-00m-30s","brand_new_option":{"level":2}}""", written);
    }

    [Fact]
    public void A_typed_property_wins_over_an_extra_entry_with_the_same_name()
    {
        var request = new CreateResponse
        {
            Model = "gpt-5.5",
            Input = "hi",
            AdditionalProperties = new Dictionary<string, JsonElement> { ["model"] = JsonDocument.Parse("\"other\"").RootElement },
        };

        string written = JsonSerializer.Serialize(request, FlexInferenceJsonContext.Default.CreateResponse);

        Assert.Equal("""{"model":"gpt-5.5","input":"hi"}""", written);
    }

    [Fact]
    public void A_missing_required_field_fails_with_a_message_naming_it()
    {
        JsonException error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"object":"response"}""", FlexInferenceJsonContext.Default.Response));

        Assert.Contains("'id'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Response", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Known_values_are_read_into_typed_properties()
    {
        Response response = JsonSerializer.Deserialize(Fixtures.Read("responses.response.json"), FlexInferenceJsonContext.Default.Response)!;

        Assert.Equal("resp_0a8f3c2e7b1d4f5a00691e2c7d9b8c81a0b3f2e4d5c6a7b8", response.Id);
        Assert.NotNull(response.Usage);
        Assert.True(response.Usage!.OutputTokens > 0);
        Assert.NotNull(response.Usage.Cost);
        Assert.NotNull(response.Usage.Routing);
        Assert.Contains(response.Output!, item => item.IsOutputMessage);
    }
}
