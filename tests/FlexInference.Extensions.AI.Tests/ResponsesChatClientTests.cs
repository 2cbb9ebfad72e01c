using System.Text.Json.Nodes;
using FlexInference.Extensions.AI.Tests.Infrastructure;
using FlexInference.Testing;
using Microsoft.Extensions.AI;

namespace FlexInference.Extensions.AI.Tests;

/// <summary>The default surface, OpenAI Responses, against the embedded router.</summary>
public sealed class ResponsesChatClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Text_round_trip_maps_ids_model_usage_finish_reason_route_and_raw_result()
    {
        await using Router router = await Router.StartAsync();
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5");

        ChatResponse response = await chat.GetResponseAsync("Hello router", new ChatOptions().WithStartWithin(StartWithin.Default), Ct);

        Response raw = Assert.IsType<Response>(response.RawRepresentation);
        Assert.Equal("This is a simulated answer. You said: Hello router", response.Text);
        Assert.Equal(raw.Id, response.ResponseId);
        Assert.StartsWith("resp_", response.ResponseId);
        Assert.Null(response.ConversationId);
        Assert.Equal("gpt-5.5", response.ModelId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(raw.CreatedAt!.Value), response.CreatedAt);

        ChatMessage message = Assert.Single(response.Messages);
        Assert.Equal(ChatRole.Assistant, message.Role);
        Assert.Equal(raw.Output![0].AsOutputMessage().Id, message.MessageId);

        Assert.NotNull(response.Usage);
        Assert.Equal(raw.Usage!.InputTokens, (int?)response.Usage.InputTokenCount);
        Assert.Equal(raw.Usage.OutputTokens, (int?)response.Usage.OutputTokenCount);
        Assert.Equal(raw.Usage.TotalTokens, (int?)response.Usage.TotalTokenCount);
        Assert.Equal(Words(response.Text), response.Usage.OutputTokenCount);   // the router counts one token per word

        ServedRoute route = Assert.IsType<ServedRoute>(response.AdditionalProperties![FlexInferenceChatKeys.Routing]);
        Assert.Same(route, response.GetRouting());
        Assert.Equal(ServiceTier.Default, route.ServiceTier);
        Assert.Equal(raw.GetRouting().RequestId, route.RequestId);
        Assert.NotNull(route.RequestId);

        RecordedRequest request = Assert.Single(router.Server.Requests);
        Assert.Equal("/v1/responses", request.Path);
        Assert.False(request.IsStream);
        JsonObject body = Router.Body(request);
        Assert.Equal("gpt-5.5", (string?)body["model"]);
        Assert.Equal("default", (string?)body["start_within"]);
        Assert.True(Router.JsonEquals(
            Router.Json("""[{"type":"message","role":"user","content":[{"type":"input_text","text":"Hello router"}]}]"""),
            body["input"]));
    }

    private static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    [Fact]
    public async Task Streaming_yields_text_deltas_ids_route_on_every_update_and_usage_with_finish_reason_at_the_end()
    {
        await using Router router = await Router.StartAsync();
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", StartWithin.Within(TimeSpan.FromSeconds(30)));

        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("Stream this please", cancellationToken: Ct))
        {
            updates.Add(update);
        }

        Assert.All(updates, update => Assert.IsType<ResponseStreamEvent>(update.RawRepresentation));
        Assert.All(updates, update => Assert.NotNull(update.GetRouting()));
        Assert.Equal("This is a simulated answer. You said: Stream this please", string.Concat(updates.Select(update => update.Text)));
        Assert.True(updates.Count(update => update.Text.Length > 0) > 1, "the text should arrive in several deltas");

        string? responseId = Assert.Single(updates.Select(update => update.ResponseId).Distinct());
        Assert.StartsWith("resp_", responseId);
        Assert.All(updates.Where(update => update.Text.Length > 0), update => Assert.StartsWith("msg_", update.MessageId));

        ChatResponseUpdate last = updates[^1];
        Assert.Equal(ChatFinishReason.Stop, last.FinishReason);
        UsageContent usage = Assert.Single(last.Contents.OfType<UsageContent>());
        Assert.Equal(10, usage.Details.OutputTokenCount);   // "This is a simulated answer. You said: Stream this please"

        // After the terminal event the route report carries the body's tier, and ToChatResponse keeps it.
        ServedRoute route = last.GetRouting()!;
        Assert.NotNull(route.ServiceTier);
        ChatResponse folded = updates.ToChatResponse();
        Assert.Equal(responseId, folded.ResponseId);
        Assert.Equal("gpt-5.5", folded.ModelId);
        Assert.Equal(ChatFinishReason.Stop, folded.FinishReason);
        Assert.Equal(10, folded.Usage!.OutputTokenCount);
        Assert.Equal("This is a simulated answer. You said: Stream this please", folded.Text);
        Assert.Equal(route, folded.GetRouting());

        RecordedRequest request = Assert.Single(router.Server.Requests);
        Assert.True(request.IsStream);
        Assert.Equal("00h-00m-30s", request.StartWithin);
    }

    [Fact]
    public async Task Output_token_cap_maps_to_max_output_tokens_and_an_incomplete_answer_to_finish_reason_length()
    {
        await using Router router = await Router.StartAsync();
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", StartWithin.Default);

        ChatResponse response = await chat.GetResponseAsync("Tell me a long story", new ChatOptions { MaxOutputTokens = 3 }, Ct);

        Assert.Equal(3, (int?)router.LastBody["max_output_tokens"]);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal("This is a ", response.Text);
    }

    [Fact]
    public async Task Multi_turn_conversation_becomes_typed_input_items_in_order_with_call_ids_kept()
    {
        await using Router router = await Router.StartAsync();
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", StartWithin.Default);
        List<ChatMessage> conversation =
        [
            new(ChatRole.System, "You are terse."),
            new(ChatRole.User, "Weather in Paris?"),
            new(ChatRole.Assistant,
            [
                new TextContent("Let me check."),
                new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris", ["days"] = 2 }),
            ]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", new Dictionary<string, object?> { ["sky"] = "clear", ["celsius"] = 21 })]),
            new(ChatRole.Assistant, "Clear, 21 C."),
            new(ChatRole.User, [new TextContent("Thanks."), new TextContent("And tomorrow?")]),
        ];

        ChatResponse response = await chat.GetResponseAsync(conversation, cancellationToken: Ct);

        Assert.Equal("This is a simulated answer. You said: Thanks. And tomorrow?", response.Text);
        JsonNode? expected = Router.Json("""
            [
              {"type":"message","role":"system","content":[{"type":"input_text","text":"You are terse."}]},
              {"type":"message","role":"user","content":[{"type":"input_text","text":"Weather in Paris?"}]},
              {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Let me check."}]},
              {"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\",\"days\":2}"},
              {"type":"function_call_output","call_id":"call_1","output":"{\"sky\":\"clear\",\"celsius\":21}"},
              {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Clear, 21 C."}]},
              {"type":"message","role":"user","content":[{"type":"input_text","text":"Thanks."},{"type":"input_text","text":"And tomorrow?"}]}
            ]
            """);
        Assert.True(Router.JsonEquals(expected, router.LastBody["input"]), router.LastBody["input"]!.ToJsonString());
    }

    [Fact]
    public async Task Image_bytes_become_a_data_url_and_an_image_uri_an_image_url()
    {
        await using Router router = await Router.StartAsync();
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", StartWithin.Default);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        var message = new ChatMessage(ChatRole.User,
        [
            new TextContent("What is in these pictures?"),
            new DataContent(png, "image/png"),
            new UriContent(new Uri("https://example.com/cat.jpg"), "image/jpeg") { AdditionalProperties = new() { ["detail"] = "low" } },
        ]);

        ChatResponse response = await chat.GetResponseAsync([message], cancellationToken: Ct);

        Assert.Equal("This is a simulated answer. You said: What is in these pictures?", response.Text);
        JsonNode? expected = Router.Json($$"""
            [{"type":"message","role":"user","content":[
              {"type":"input_text","text":"What is in these pictures?"},
              {"type":"input_image","image_url":"data:image/png;base64,{{Convert.ToBase64String(png)}}","detail":"auto"},
              {"type":"input_image","image_url":"https://example.com/cat.jpg","detail":"low"}
            ]}]
            """);
        Assert.True(Router.JsonEquals(expected, router.LastBody["input"]), router.LastBody["input"]!.ToJsonString());
    }

    [Fact]
    public async Task Conversation_id_is_sent_as_previous_response_id_and_the_response_id_continues_the_chain()
    {
        await using Router router = await Router.StartAsync();
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", StartWithin.Default);

        ChatResponse response = await chat.GetResponseAsync("Next", new ChatOptions { ConversationId = "resp_previous_1" }, Ct);

        Assert.Equal("resp_previous_1", (string?)router.LastBody["previous_response_id"]);
        Assert.Equal(response.ResponseId, response.ConversationId);
    }

    [Fact]
    public async Task Streaming_updates_carry_the_route_from_the_headers_before_the_body_completes_it()
    {
        await using Router router = await Router.StartAsync();
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", StartWithin.Within(TimeSpan.FromSeconds(30)));

        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("Route me", cancellationToken: Ct))
        {
            updates.Add(update);
        }

        ServedRoute first = updates[0].GetRouting()!;
        Assert.NotNull(first.Reason);                       // x-flexinference-routing-reason, known when the stream opened
        Assert.NotNull(first.RequestId);
        Assert.Equal(router.Server.Requests.Last!.RoutingReason, first.Reason!.Value.Value);
        ServedRoute last = updates[^1].GetRouting()!;
        Assert.NotNull(last.ServiceTier);                   // the terminal event's service_tier
        Assert.Equal(first.RequestId, last.RequestId);
    }

    [Fact]
    public async Task Hosted_web_search_becomes_a_web_search_tool_and_unknown_tools_are_not_sent()
    {
        await using Router router = await Router.StartAsync();
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", StartWithin.Default);

        await chat.GetResponseAsync("News?", new ChatOptions { Tools = [new HostedWebSearchTool(), new HostedCodeInterpreterTool()] }, Ct);

        Assert.True(Router.JsonEquals(Router.Json("""[{"type":"web_search"}]"""), router.LastBody["tools"]));
    }
}
