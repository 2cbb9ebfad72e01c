using System.Text.Json;

namespace FlexInference.Generated.Tests;

/// <summary>Unions hold exactly one member and round-trip any JSON they were given.</summary>
public sealed class UnionTests
{
    [Fact]
    public void String_or_array_input_serialises_as_the_member_it_holds()
    {
        var text = new CreateResponse { Model = "gpt-5.5", Input = "Write a haiku." };
        var items = new CreateResponse
        {
            Model = "gpt-5.5",
            Input = new InputItem[] { new EasyInputMessage { Role = "user", Content = "Hi" } },
        };

        Assert.Equal("""{"model":"gpt-5.5","input":"Write a haiku."}""", JsonSerializer.Serialize(text, FlexInferenceJsonContext.Default.CreateResponse));
        Assert.Equal("""{"model":"gpt-5.5","input":[{"type":"message","role":"user","content":"Hi"}]}""", JsonSerializer.Serialize(items, FlexInferenceJsonContext.Default.CreateResponse));
    }

    [Fact]
    public void The_discriminator_selects_the_member_and_is_exposed()
    {
        InputItem item = JsonSerializer.Deserialize("""{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"}""", FlexInferenceJsonContext.Default.InputItem)!;

        Assert.True(item.IsFunctionToolCall);
        Assert.Equal("function_call", item.Type);
        Assert.True(item.TryGetFunctionToolCall(out FunctionToolCall? call));
        Assert.Equal("f", call.Name);
        Assert.False(item.TryGetEasyInputMessage(out _));
        InvalidOperationException wrong = Assert.Throws<InvalidOperationException>(() => item.AsEasyInputMessage());
        Assert.Contains("holds FunctionToolCall, not EasyInputMessage", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_without_its_optional_type_is_still_recognised_by_its_required_properties()
    {
        // OpenAI accepts {"role","content"} without "type": "message".
        InputItem item = JsonSerializer.Deserialize("""{"role":"user","content":"hi"}""", FlexInferenceJsonContext.Default.InputItem)!;

        Assert.True(item.IsEasyInputMessage);
        Assert.Equal("hi", item.AsEasyInputMessage().Content.AsString());
        Assert.Null(item.Type);
    }

    [Fact]
    public void An_unknown_member_is_kept_as_raw_json_and_written_back_unchanged()
    {
        const string json = """{"type":"computer_call","id":"cu_1","action":{"type":"click","x":10,"y":20}}""";

        InputItem item = JsonSerializer.Deserialize(json, FlexInferenceJsonContext.Default.InputItem)!;

        Assert.True(item.IsUnknown);
        Assert.Equal("computer_call", item.Type);
        Assert.Equal(json, item.UnknownJson!.Value.GetRawText());
        Assert.Equal(json, JsonSerializer.Serialize(item, FlexInferenceJsonContext.Default.InputItem));
    }

    [Fact]
    public void A_known_tag_with_a_body_that_does_not_fit_is_kept_raw_rather_than_failing()
    {
        const string json = """{"type":"function_call","name":42}""";

        InputItem item = JsonSerializer.Deserialize(json, FlexInferenceJsonContext.Default.InputItem)!;

        Assert.True(item.IsUnknown);
        Assert.Equal(json, JsonSerializer.Serialize(item, FlexInferenceJsonContext.Default.InputItem));
    }

    [Fact]
    public void Match_calls_the_function_of_the_member_held()
    {
        InputParam input = "plain text";

        string described = input.Match(text => "text:" + text, list => "items:" + list.Count, unknown => "unknown");

        Assert.Equal("text:plain text", described);
    }

    [Fact]
    public void Equality_is_by_member_and_value()
    {
        InputParam left = "same";
        InputParam right = InputParam.FromString("same");

        Assert.Equal(left, right);
        Assert.True(left == right);
        Assert.NotEqual(left, (InputParam)"other");
        Assert.Equal(InputParam.FromJson(JsonDocument.Parse("7").RootElement), InputParam.FromJson(JsonDocument.Parse("7").RootElement));
    }

    [Fact]
    public void FromJson_classifies_like_deserialisation()
    {
        InputParam input = InputParam.FromJson(JsonDocument.Parse("""[{"type":"message","role":"user","content":"x"}]""").RootElement);

        Assert.True(input.IsInputItemList);
        Assert.True(Assert.Single(input.AsInputItemList()).IsEasyInputMessage);
        Assert.Throws<ArgumentException>(() => InputParam.FromJson(default));
    }

    [Fact]
    public void Null_is_refused_by_the_factories()
    {
        Assert.Throws<ArgumentNullException>(() => InputParam.FromString(null!));
    }
}
