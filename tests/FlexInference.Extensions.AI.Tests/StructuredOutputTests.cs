using System.Text.Json.Nodes;
using FlexInference.Extensions.AI.Tests.Infrastructure;
using FlexInference.Testing;
using Microsoft.Extensions.AI;

namespace FlexInference.Extensions.AI.Tests;

/// <summary>
/// <c>GetResponseAsync&lt;T&gt;</c> and <c>ChatResponseFormat</c>: the schema reaches <c>text.format</c> (Responses) or
/// <c>response_format</c> (Chat Completions), and the router's JSON answer (scripted with <c>ReplyFactory</c>) is parsed.
/// </summary>
public sealed class StructuredOutputTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static FlexInferenceTestServerOptions JsonReplies() => new()
    {
        ReplyFactory = (_, _) => """{"city": "Paris", "temperatureC": 21, "conditions": ["sunny", "dry"]}""",
    };

    [Fact]
    public async Task GetResponseAsync_of_T_sends_a_json_schema_text_format_on_responses_and_parses_the_answer()
    {
        await using Router router = await Router.StartAsync(JsonReplies());
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", StartWithin.Default);

        ChatResponse<Forecast> response = await chat.GetResponseAsync<Forecast>("Forecast for Paris", cancellationToken: Ct);

        Assert.Equal("Paris", response.Result.City);
        Assert.Equal(21, response.Result.TemperatureC);
        Assert.Equal(["sunny", "dry"], response.Result.Conditions);
        JsonObject format = router.LastBody["text"]!["format"]!.AsObject();
        Assert.Equal("json_schema", (string?)format["type"]);
        Assert.False(string.IsNullOrEmpty((string?)format["name"]));
        Assert.Equal("object", (string?)format["schema"]!["type"]);
        Assert.NotNull(format["schema"]!["properties"]!["temperatureC"]);
    }

    [Fact]
    public async Task GetResponseAsync_of_T_sends_response_format_on_chat_completions()
    {
        await using Router router = await Router.StartAsync(JsonReplies());
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", new FlexInferenceChatClientOptions
        {
            Api = FlexInferenceChatApi.ChatCompletions,
            DefaultStartWithin = StartWithin.Default,
        });

        ChatResponse<Forecast> response = await chat.GetResponseAsync<Forecast>("Forecast for Paris", cancellationToken: Ct);

        Assert.Equal("Paris", response.Result.City);
        Assert.Equal(21, response.Result.TemperatureC);
        JsonObject format = router.LastBody["response_format"]!.AsObject();
        Assert.Equal("json_schema", (string?)format["type"]);
        Assert.Equal("object", (string?)format["json_schema"]!["schema"]!["type"]);
    }

    [Theory]
    [InlineData(FlexInferenceChatApi.Responses, "text.format")]
    [InlineData(FlexInferenceChatApi.ChatCompletions, "response_format")]
    public async Task Plain_json_and_text_formats_map_to_json_object_and_text(FlexInferenceChatApi api, string field)
    {
        await using Router router = await Router.StartAsync(JsonReplies());
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", new FlexInferenceChatClientOptions { Api = api, DefaultStartWithin = StartWithin.Default });
        JsonNode? Format() => field == "text.format" ? router.LastBody["text"]?["format"] : router.LastBody["response_format"];

        await chat.GetResponseAsync("json please", new ChatOptions { ResponseFormat = ChatResponseFormat.Json }, Ct);
        Assert.True(Router.JsonEquals(Router.Json("""{"type":"json_object"}"""), Format()));

        await chat.GetResponseAsync("text please", new ChatOptions { ResponseFormat = ChatResponseFormat.Text }, Ct);
        Assert.True(Router.JsonEquals(Router.Json("""{"type":"text"}"""), Format()));

        await chat.GetResponseAsync("explicit schema", new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(Router.Element("""{"type":"object","properties":{"a":{"type":"integer"}}}"""), "thing", "A thing."),
        }, Ct);
        JsonNode? expected = field == "text.format"
            ? Router.Json("""{"type":"json_schema","name":"thing","description":"A thing.","schema":{"type":"object","properties":{"a":{"type":"integer"}}}}""")
            : Router.Json("""{"type":"json_schema","json_schema":{"name":"thing","description":"A thing.","schema":{"type":"object","properties":{"a":{"type":"integer"}}}}}""");
        Assert.True(Router.JsonEquals(expected, Format()), Format()?.ToJsonString());
    }

    public sealed record Forecast(string City, int TemperatureC, IReadOnlyList<string> Conditions);
}
