using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlexInference.Extensions.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using WireMock.RequestBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMockResponse = WireMock.ResponseBuilders.Response;

namespace FlexInference.Extensions.AI.Tests;

/// <summary>
/// Function tools end to end. The router never asks for a tool, so the call turns are recorded provider bodies
/// (Fixtures/) played by the embedded router or by WireMock; the follow-up turns are real router answers.
/// </summary>
public sealed class FunctionToolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_function_call_output_maps_to_function_call_content_with_its_call_id_reasoning_usage_and_finish_reason()
    {
        await using Router router = await Router.StartAsync();
        router.PlayFixture("responses-function-call.json");
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", StartWithin.Default);

        ChatResponse response = await chat.GetResponseAsync("Weather in Paris?", cancellationToken: Ct);

        ChatMessage message = Assert.Single(response.Messages);
        Assert.Equal(ChatRole.Assistant, message.Role);
        TextReasoningContent reasoning = Assert.Single(message.Contents.OfType<TextReasoningContent>());
        Assert.Equal("The user wants the weather; call the tool.", reasoning.Text);
        FunctionCallContent call = Assert.Single(message.Contents.OfType<FunctionCallContent>());
        Assert.Equal("call_weather_1", call.CallId);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Paris", Assert.IsType<JsonElement>(call.Arguments!["city"]).GetString());
        Assert.IsType<FunctionToolCall>(call.RawRepresentation);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal("resp_fixture_call_1", response.ResponseId);
        Assert.Equal(8, response.Usage!.CachedInputTokenCount);
        Assert.Equal(9, response.Usage.ReasoningTokenCount);
        Assert.Equal(ServiceTier.Flex, response.GetRouting()!.ServiceTier);
    }

    [Fact]
    public async Task FunctionInvokingChatClient_runs_a_full_tool_loop_over_responses_with_call_ids_kept()
    {
        await using Router router = await Router.StartAsync();
        router.PlayFixture("responses-function-call.json");
        var cities = new List<string>();
        AIFunction weather = AIFunctionFactory.Create(
            (string city) => { cities.Add(city); return new WeatherReport(city, 21); }, "get_weather", "Gets the weather for a city.");
        IChatClient chat = new ChatClientBuilder(router.Client.AsIChatClient("gpt-5.5", StartWithin.Default)).UseFunctionInvocation().Build();

        ChatResponse response = await chat.GetResponseAsync("Weather in Paris?", new ChatOptions { Tools = [weather] }, Ct);

        Assert.Equal(["Paris"], cities);
        Assert.Equal("This is a simulated answer. You said: Weather in Paris?", response.Text);
        Assert.Equal(2, router.Server.Requests.Count);

        JsonObject first = Router.Body(router.Server.Requests[0]);
        Assert.Equal("get_weather", (string?)first["tools"]![0]!["name"]);
        Assert.False(first.ContainsKey("tool_choice"));   // no ChatOptions.ToolMode: the provider's default (auto) applies

        // The second turn replays the call and carries the result under the same call id.
        JsonArray input = Router.Body(router.Server.Requests[1])["input"]!.AsArray();
        Assert.Equal(["message", "function_call", "function_call_output"], input.Select(item => (string?)item!["type"]));
        Assert.Equal("call_weather_1", (string?)input[1]!["call_id"]);
        Assert.Equal("{\"city\":\"Paris\"}", (string?)input[1]!["arguments"]);
        Assert.Equal("call_weather_1", (string?)input[2]!["call_id"]);
        JsonNode output = JsonNode.Parse((string)input[2]!["output"]!)!;
        Assert.Equal("Paris", (string?)output["city"]);
        Assert.Equal(21, (int?)output["celsius"]);
    }

    [Fact]
    public async Task A_streamed_function_call_is_delivered_once_complete_and_the_loop_continues_streaming()
    {
        await using Router router = await Router.StartAsync();
        router.PlayFixture("responses-function-call.sse");
        var cities = new List<string>();
        AIFunction weather = AIFunctionFactory.Create((string city) => { cities.Add(city); return "snow"; }, "get_weather");
        IChatClient chat = new ChatClientBuilder(router.Client.AsIChatClient("gpt-5.5", StartWithin.Default)).UseFunctionInvocation().Build();

        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("Weather in Oslo?", new ChatOptions { Tools = [weather] }, Ct))
        {
            updates.Add(update);
        }

        Assert.Equal(["Oslo"], cities);
        FunctionCallContent call = Assert.Single(updates.SelectMany(update => update.Contents).OfType<FunctionCallContent>());
        Assert.Equal("call_weather_2", call.CallId);
        Assert.Equal("Oslo", ((JsonElement)call.Arguments!["city"]!).GetString());
        Assert.Contains(updates, update => update.FinishReason == ChatFinishReason.ToolCalls);
        Assert.EndsWith("You said: Weather in Oslo?", string.Concat(updates.Select(update => update.Text)));

        JsonArray input = Router.Body(router.Server.Requests[1])["input"]!.AsArray();
        Assert.Equal("call_weather_2", (string?)input[2]!["call_id"]);
        Assert.Equal("snow", (string?)input[2]!["output"]);
    }

    [Fact]
    public async Task Arguments_that_are_not_a_json_object_surface_as_the_calls_exception_not_a_failed_call()
    {
        await using Router router = await Router.StartAsync();
        string body = Router.Fixture("responses-function-call.json").Replace("{\\\"city\\\":\\\"Paris\\\"}", "not json", StringComparison.Ordinal);
        router.Server.Faults.Enqueue(FlexInference.Testing.Fault.Raw(200, body));
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", StartWithin.Default);

        ChatResponse response = await chat.GetResponseAsync("Weather?", cancellationToken: Ct);

        FunctionCallContent call = Assert.Single(response.Messages.SelectMany(message => message.Contents).OfType<FunctionCallContent>());
        Assert.Equal("call_weather_1", call.CallId);
        Assert.NotNull(call.Exception);
    }

    [Fact]
    public async Task FunctionInvokingChatClient_runs_a_full_tool_loop_over_chat_completions_against_wiremock()
    {
        using WireMockServer server = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"], StartAdminInterface = false });
        server.Given(Request.Create().WithPath("/v1/chat/completions").UsingPost())
            .InScenario("tool loop").WillSetStateTo("called")
            .RespondWith(WireMockResponse.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody(Router.Fixture("chat-function-call.json"), encoding: Encoding.UTF8));
        server.Given(Request.Create().WithPath("/v1/chat/completions").UsingPost())
            .InScenario("tool loop").WhenStateIs("called")
            .RespondWith(WireMockResponse.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithHeader("x-flexinference-routing-reason", "flex_won")
                .WithBody(Router.Fixture("chat-final.json"), encoding: Encoding.UTF8));
        using var client = new FlexInferenceClient(Testing.FlexInferenceTestServer.TestApiKey,
            new FlexInferenceClientOptions { BaseUrl = new Uri(server.Url + "/v1"), MaxRetries = 0 });
        var cities = new List<string>();
        AIFunction weather = AIFunctionFactory.Create((string city) => { cities.Add(city); return $"Sunny in {city}"; }, "get_weather");
        IChatClient chat = new ChatClientBuilder(client.AsIChatClient("gpt-5.5", new FlexInferenceChatClientOptions
        {
            Api = FlexInferenceChatApi.ChatCompletions,
            DefaultStartWithin = StartWithin.Within(TimeSpan.FromSeconds(30)),
        })).UseFunctionInvocation().Build();

        ChatResponse response = await chat.GetResponseAsync("Weather in Lima?", new ChatOptions { Tools = [weather] }, Ct);

        Assert.Equal(["Lima"], cities);
        Assert.Equal("It is sunny in Lima.", response.Text);
        Assert.Equal("flex_won", response.GetRouting()!.Reason?.Value);
        Assert.IsType<CreateChatCompletionResponse>(response.RawRepresentation);

        // The whole loop is in the returned messages: call, result, answer.
        Assert.Equal(
            [typeof(FunctionCallContent), typeof(FunctionResultContent), typeof(TextContent)],
            response.Messages.SelectMany(message => message.Contents).Select(content => content.GetType()));

        JsonArray messages = JsonNode.Parse(server.LogEntries.Last().RequestMessage.Body!)!["messages"]!.AsArray();
        Assert.True(Router.JsonEquals(Router.Json("""
            [
              {"role":"user","content":"Weather in Lima?"},
              {"role":"assistant","tool_calls":[{"id":"call_weather_3","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Lima\"}"}}]},
              {"role":"tool","tool_call_id":"call_weather_3","content":"Sunny in Lima"}
            ]
            """), messages), messages.ToJsonString());
    }

    [Fact]
    public async Task Chat_completions_tool_call_chunks_are_assembled_into_one_call()
    {
        await using Router router = await Router.StartAsync();
        router.PlayFixture("chat-function-call.sse");
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", new FlexInferenceChatClientOptions
        {
            Api = FlexInferenceChatApi.ChatCompletions,
            DefaultStartWithin = StartWithin.Default,
        });

        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("Weather in Rome?", cancellationToken: Ct))
        {
            updates.Add(update);
        }

        FunctionCallContent call = Assert.Single(updates.SelectMany(update => update.Contents).OfType<FunctionCallContent>());
        Assert.Equal("call_weather_4", call.CallId);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Rome", ((JsonElement)call.Arguments!["city"]!).GetString());
        ChatResponse folded = updates.ToChatResponse();
        Assert.Equal(ChatFinishReason.ToolCalls, folded.FinishReason);
        Assert.Equal(29, folded.Usage!.TotalTokenCount);
        Assert.Equal("chatcmpl_fixture_stream_1", folded.ResponseId);
    }

    private sealed record WeatherReport(string City, int Celsius);
}
