using System.Text.Json.Nodes;
using FlexInference.Extensions.AI.Tests.Infrastructure;
using FlexInference.Testing;
using Microsoft.Extensions.AI;

namespace FlexInference.Extensions.AI.Tests;

/// <summary>The Chat Completions surface (<c>FlexInferenceChatApi.ChatCompletions</c>) against the embedded router.</summary>
public sealed class ChatCompletionsChatClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IChatClient Chat(Router router) => router.Client.AsIChatClient("gpt-5.5", new FlexInferenceChatClientOptions
    {
        Api = FlexInferenceChatApi.ChatCompletions,
        DefaultStartWithin = StartWithin.Default,
    });

    [Fact]
    public async Task Text_round_trip_maps_ids_model_usage_finish_reason_route_and_raw_result()
    {
        await using Router router = await Router.StartAsync();

        ChatResponse response = await Chat(router).GetResponseAsync("Hello chat", cancellationToken: Ct);

        CreateChatCompletionResponse raw = Assert.IsType<CreateChatCompletionResponse>(response.RawRepresentation);
        Assert.Equal("This is a simulated answer. You said: Hello chat", response.Text);
        Assert.Equal(raw.Id, response.ResponseId);
        Assert.Equal(raw.Id, Assert.Single(response.Messages).MessageId);
        Assert.Null(response.ConversationId);
        Assert.Equal("gpt-5.5", response.ModelId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(raw.Usage!.PromptTokens, (int?)response.Usage!.InputTokenCount);
        Assert.Equal(9, response.Usage.OutputTokenCount);   // one token per word of the simulated answer
        Assert.Equal(raw.Usage.TotalTokens, (int?)response.Usage.TotalTokenCount);
        Assert.Equal(ServiceTier.Default, response.GetRouting()!.ServiceTier);

        RecordedRequest request = Assert.Single(router.Server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.True(Router.JsonEquals(Router.Json("""[{"role":"user","content":"Hello chat"}]"""), Router.Body(request)["messages"]));
    }

    [Fact]
    public async Task Streaming_yields_text_route_and_usage_and_folds_into_one_response()
    {
        await using Router router = await Router.StartAsync();

        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in Chat(router).GetStreamingResponseAsync("Stream chat", cancellationToken: Ct))
        {
            updates.Add(update);
        }

        Assert.All(updates, update => Assert.IsType<CreateChatCompletionStreamResponse>(update.RawRepresentation));
        Assert.All(updates, update => Assert.NotNull(update.GetRouting()));
        ChatResponse folded = updates.ToChatResponse();
        Assert.Equal("This is a simulated answer. You said: Stream chat", folded.Text);
        Assert.Equal(ChatFinishReason.Stop, folded.FinishReason);
        Assert.Equal(9, folded.Usage!.OutputTokenCount);   // one token per word of the simulated answer
        Assert.StartsWith("chatcmpl", folded.ResponseId);
        ServedRoute route = folded.GetRouting()!;
        Assert.Same(updates[^1].GetRouting(), route);       // the final route reaches the folded response
        Assert.Equal(ServiceTier.Default, route.ServiceTier);
        Assert.NotNull(route.RequestId);

        RecordedRequest request = Assert.Single(router.Server.Requests);
        Assert.True(request.IsStream);
        Assert.True((bool)Router.Body(request)["stream_options"]!["include_usage"]!);
    }

    [Fact]
    public async Task Multi_turn_with_tool_results_and_images_becomes_chat_messages()
    {
        await using Router router = await Router.StartAsync();
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 9, 9];
        List<ChatMessage> conversation =
        [
            new(ChatRole.System, "Be brief."),
            new(ChatRole.User, [new TextContent("Look:"), new DataContent(jpeg, "image/jpeg"), new UriContent("https://example.com/a.png", "image/png")]),
            new(ChatRole.Assistant, [new TextContent("Checking."), new FunctionCallContent("call_7", "lookup", new Dictionary<string, object?> { ["q"] = "cat" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_7", "a cat"), new FunctionResultContent("call_8", 42)]),
            new(ChatRole.User, "So?"),
        ];

        await Chat(router).GetResponseAsync(conversation, cancellationToken: Ct);

        JsonNode? expected = Router.Json($$$"""
            [
              {"role":"system","content":"Be brief."},
              {"role":"user","content":[
                {"type":"text","text":"Look:"},
                {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,{{{Convert.ToBase64String(jpeg)}}}","detail":"auto"}},
                {"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":"auto"}}
              ]},
              {"role":"assistant","content":"Checking.","tool_calls":[{"id":"call_7","type":"function","function":{"name":"lookup","arguments":"{\"q\":\"cat\"}"}}]},
              {"role":"tool","tool_call_id":"call_7","content":"a cat"},
              {"role":"tool","tool_call_id":"call_8","content":"42"},
              {"role":"user","content":"So?"}
            ]
            """);
        Assert.True(Router.JsonEquals(expected, router.LastBody["messages"]), router.LastBody["messages"]!.ToJsonString());
    }
}
