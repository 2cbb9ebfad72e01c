using System.Text.Json;
using System.Text.Json.Nodes;
using static FlexInference.Tests.Streaming.StreamKit;

namespace FlexInference.Tests.Streaming;

/// <summary>
/// The four recorded vocabularies over real HTTP: typed events, text deltas, the folded final object (text, tool
/// calls, usage) and the route report, with <c>await foreach</c> and <c>foreach</c>, and the raw JSON stream.
/// </summary>
public sealed class StreamVocabularyTests
{
    private const string ResponsesText = "Light rain until 15:00, so the Musée d'Orsay is a good call 😀";
    private const string ChatText = "Checking the weather in Malmö 😀";
    private const string InteractionsText = "Snow is likely in Zürich on Wednesday ❄️ 😀";
    private const string MessagesText = "I'll check the weather in Paris for you — one moment 😀";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_responses_stream_yields_its_events_and_the_completed_snapshot(bool sync)
    {
        await using SseServer server = SseServer.Chunked(FixtureText("responses.sse"));
        using FlexInferenceClient client = server.Client();

        using ResponseStream stream = sync
            ? client.Responses.CreateStreaming(ResponseRequest, cancellationToken: Token)
            : await client.Responses.CreateStreamingAsync(ResponseRequest, cancellationToken: Token);
        AssertHeaderRouting(stream.Routing);
        var types = new List<string?>();
        var deltas = new List<string>();
        await ForEach(stream, sync, item =>
        {
            types.Add(item.Type);
            if (item.IsOutputTextDelta(out string? delta))
            {
                deltas.Add(delta);
            }
        });
        Response final = sync ? stream.GetFinalResponse() : await stream.GetFinalResponseAsync(Token);

        Assert.Equal(ReferenceTypes("responses.sse", "type"), types);
        Assert.Equal(["Light rain until 15:00", ", so the Musée d'Orsay", " is a good call 😀"], deltas);
        Assert.Equal(ResponsesText, stream.TextSoFar);
        Assert.True(stream.IsCompleted);
        Assert.Equal(ResponsesText, final.OutputText());
        Assert.Equal(ResponseStatus.Completed, final.Status);
        Assert.True(final.Output![1].TryGetFunctionToolCall(out FunctionToolCall? call));
        Assert.Equal("book_museum_slot", call.Name);
        Assert.Equal("{\"museum\":\"Musée d'Orsay\",\"time\":\"15:30\",\"tickets\":2}", call.Arguments);
        Assert.Equal(2455, final.Usage!.TotalTokens);
        AssertBodyRouting(stream.Routing, ServiceTier.Flex, "openai", 3127, RoutingMode.Byok);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_chat_stream_joins_tool_call_chunks_by_index_and_keeps_the_usage_chunk(bool sync)
    {
        await using SseServer server = SseServer.Chunked(FixtureText("chat.sse"));
        using FlexInferenceClient client = server.Client();

        using ChatCompletionStream stream = sync
            ? client.Chat.Completions.CreateStreaming(ChatRequest, cancellationToken: Token)
            : await client.Chat.Completions.CreateStreamingAsync(ChatRequest, cancellationToken: Token);
        AssertHeaderRouting(stream.Routing);
        List<string> deltas = sync ? stream.TextDeltas().ToList() : await Collect(stream.TextDeltasAsync(Token));
        CreateChatCompletionResponse final = sync ? stream.GetFinalCompletion() : await stream.GetFinalCompletionAsync(Token);

        Assert.Equal(["Checking the weather", " in Malmö 😀"], deltas); // the empty first content is not a delta
        Assert.Equal(ChatText, stream.TextSoFar);
        Assert.Equal("chatcmpl-CXaA7dLq3nW9sE2rT5yU8iO1pA4sD", final.Id);
        Assert.Equal("gpt-5.4-mini-2026-03-17", final.Model);
        ChatCompletionChoice choice = Assert.Single(final.Choices!);
        Assert.Equal(ChatText, choice.Message!.Content);
        Assert.Equal(ChatCompletionFinishReason.ToolCalls, choice.FinishReason);
        ChatCompletionMessageToolCall[] calls = choice.Message.ToolCalls!.Select(union => union.AsChatCompletionMessageToolCall()).ToArray();
        Assert.Equal(2, calls.Length);
        Assert.Equal(("call_8hRkT2mXw4cVb9LqN1sPz6Ye", "get_weather", "{\"location\":\"Malmö, SE\"}"), (calls[0].Id, calls[0].Function!.Name, calls[0].Function!.Arguments));
        Assert.Equal(("call_Zq4W7nE2rT5yU8iO1pA4sDfG", "get_time", "{\"tz\":\"Europe/Stockholm\"}"), (calls[1].Id, calls[1].Function!.Name, calls[1].Function!.Arguments));
        Assert.Equal((1187, 342, 1529), (final.Usage!.PromptTokens, final.Usage.CompletionTokens, final.Usage.TotalTokens));
        Assert.Equal(ServiceTier.Flex, final.ServiceTier);
        AssertBodyRouting(stream.Routing, ServiceTier.Flex, "openai", 412, RoutingMode.Managed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_interactions_stream_rebuilds_steps_and_takes_usage_from_the_completed_event(bool sync)
    {
        await using SseServer server = SseServer.Chunked(FixtureText("interactions.sse"));
        using FlexInferenceClient client = server.Client();

        using InteractionStream stream = sync
            ? client.Interactions.CreateStreaming(InteractionRequest, cancellationToken: Token)
            : await client.Interactions.CreateStreamingAsync(InteractionRequest, cancellationToken: Token);
        AssertHeaderRouting(stream.Routing);
        var types = new List<string?>();
        await ForEach(stream, sync, item => types.Add(item.EventType));
        InteractionObject final = sync ? stream.GetFinalInteraction() : await stream.GetFinalInteractionAsync(Token);

        Assert.Equal(ReferenceTypes("interactions.sse", "event_type"), types);
        Assert.Equal(InteractionsText, stream.TextSoFar);
        Assert.Equal("v1_ChdpbnRlcmFjdGlvbl8wMUpHWDdLOVE0", final.Id);
        Assert.Equal(InteractionStatus.RequiresAction, final.Status);
        Assert.Equal(2, final.Steps!.Count);
        Assert.True(final.Steps[0].TryGetInteractionModelOutputResponseStep(out InteractionModelOutputResponseStep? output));
        Assert.Equal(InteractionsText, output.Content![0].Text);
        Assert.True(final.Steps[1].TryGetInteractionFunctionCallResponseStep(out InteractionFunctionCallResponseStep? call));
        Assert.Equal(("fc_d41d8cd98f00b204", "get_forecast"), (call.Id, call.Name));
        Assert.Equal("Zürich", call.Arguments!.Value.GetProperty("city").GetString());
        Assert.Equal(3, call.Arguments.Value.GetProperty("days").GetInt32());
        Assert.Equal((321, 148, 565), (final.Usage!.TotalInputTokens, final.Usage.TotalOutputTokens, final.Usage.TotalTokens));
        AssertBodyRouting(stream.Routing, null, "gemini", 211, RoutingMode.Byok);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_messages_stream_skips_pings_parses_tool_input_and_merges_usage(bool sync)
    {
        await using SseServer server = SseServer.Chunked(FixtureText("messages.sse"));
        using FlexInferenceClient client = server.Client();

        using MessageStream stream = sync
            ? client.Messages.CreateStreaming(MessageRequest, cancellationToken: Token)
            : await client.Messages.CreateStreamingAsync(MessageRequest, cancellationToken: Token);
        AssertHeaderRouting(stream.Routing);
        var types = new List<string?>();
        await ForEach(stream, sync, item => types.Add(item.Type));
        MessageObject final = sync ? stream.GetFinalMessage() : await stream.GetFinalMessageAsync(Token);

        Assert.DoesNotContain("ping", types);
        Assert.Equal(ReferenceTypes("messages.sse", "type").Where(type => type != "ping"), types);
        Assert.Equal(MessagesText, stream.TextSoFar);
        Assert.Equal("msg_01XFDUDYJgAACzvnptvVoYEL", final.Id);
        Assert.Equal(MessageStopReason.ToolUse, final.StopReason);
        Assert.Equal(3, final.Content!.Count);
        Assert.True(final.Content[0].TryGetMessageThinkingBlock(out MessageThinkingBlock? thinking));
        Assert.Equal("The user wants the weather in Paris; I should call get_weather.", thinking.Thinking);
        Assert.Equal("EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxDYpOZtzl8cGq3YkKQ==", thinking.Signature);
        Assert.True(final.Content[1].TryGetMessageTextBlock(out MessageTextBlock? text));
        Assert.Equal(MessagesText, text.Text);
        Assert.True(final.Content[2].TryGetMessageToolUseBlock(out MessageToolUseBlock? toolUse));
        Assert.Equal(("toolu_01A09q90qw90lq917835lq9", "get_weather"), (toolUse.Id, toolUse.Name));
        Assert.Equal("Paris, Île-de-France", toolUse.Input.GetProperty("location").GetString());
        Assert.Equal("celsius", toolUse.Input.GetProperty("unit").GetString());
        Assert.Equal(472, final.Usage!.InputTokens);          // from message_start
        Assert.Equal(2048, final.Usage.CacheReadInputTokens); // from message_start
        Assert.Equal(187, final.Usage.OutputTokens);          // from message_delta
        AssertBodyRouting(stream.Routing, ServiceTier.Standard, "anthropic", 4391, RoutingMode.Managed);
    }

    [Theory]
    [InlineData("responses.sse", false)]
    [InlineData("chat.sse", false)]
    [InlineData("interactions.sse", false)]
    [InlineData("messages.sse", false)]
    [InlineData("responses.sse", true)]
    [InlineData("chat.sse", true)]
    [InlineData("interactions.sse", true)]
    [InlineData("messages.sse", true)]
    public async Task A_raw_stream_delivers_every_event_as_sent_and_reports_routing(string fixture, bool sync)
    {
        await using SseServer server = SseServer.Chunked(FixtureText(fixture));
        using FlexInferenceClient client = server.Client();
        var request = new JsonObject { ["model"] = "gpt-5.5", ["input"] = "x", ["messages"] = new JsonArray(), ["start_within"] = "default" };

        using JsonEventStream stream = fixture.Split('.')[0] switch
        {
            "responses" => sync ? client.Responses.CreateStreaming(request, cancellationToken: Token) : await client.Responses.CreateStreamingAsync(request, cancellationToken: Token),
            "chat" => sync ? client.Chat.Completions.CreateStreaming(request, cancellationToken: Token) : await client.Chat.Completions.CreateStreamingAsync(request, cancellationToken: Token),
            "interactions" => sync ? client.Interactions.CreateStreaming(request, cancellationToken: Token) : await client.Interactions.CreateStreamingAsync(request, cancellationToken: Token),
            _ => sync ? client.Messages.CreateStreaming(request, cancellationToken: Token) : await client.Messages.CreateStreamingAsync(request, cancellationToken: Token),
        };
        AssertHeaderRouting(stream.Routing);
        (List<string> events, Exception? error) = await ReadAllAsync(stream, sync);

        Assert.Null(error);
        Assert.Equal(ReferenceSse.Expected(Fixture(fixture)).Events, events); // pings included, [DONE] not
        Assert.True(stream.IsCompleted);
        string expectedText = fixture.Split('.')[0] switch
        {
            "responses" => ResponsesText,
            "chat" => ChatText,
            "interactions" => InteractionsText,
            _ => MessagesText,
        };
        Assert.Equal(expectedText, stream.TextSoFar);
        Assert.NotNull(stream.Routing.CostMicroUsd); // from the usage frame (include_cost data)
    }

    [Fact]
    public async Task The_raw_stream_text_deltas_helper_works_on_each_vocabulary()
    {
        await using SseServer server = SseServer.Chunked(FixtureText("messages.sse"));
        using FlexInferenceClient client = server.Client();

        using JsonEventStream stream = await client.Messages.CreateStreamingAsync(new JsonObject { ["model"] = "claude-sonnet-4-5", ["messages"] = new JsonArray(), ["start_within"] = "default" }, cancellationToken: Token);
        List<string> deltas = await Collect(stream.TextDeltasAsync(Token));

        Assert.Equal(["I'll check the weather in Paris", " for you — one moment 😀"], deltas);
    }

    /// <summary>The header facts are there before the first event; the body's routing and cost come later.</summary>
    private static void AssertHeaderRouting(ServedRoute routing)
    {
        Assert.Equal("openai", routing.Provider);
        Assert.Equal(RoutingReason.FlexWon, routing.Reason);
        Assert.Equal(RoutingMode.Byok, routing.Mode);
        Assert.Equal("req_stream_1", routing.RequestId);
        Assert.NotNull(routing.TimeToFirstByte);
        Assert.Null(routing.CostMicroUsd);
        Assert.Null(routing.Tier);
    }

    private static void AssertBodyRouting(ServedRoute routing, ServiceTier? tier, string provider, long cost, RoutingMode mode)
    {
        Assert.Equal(tier, routing.ServiceTier);
        Assert.Equal(provider, routing.Provider);
        Assert.Equal(cost, routing.CostMicroUsd);
        Assert.Equal("USD", routing.Currency);
        Assert.Equal(mode, routing.Mode);
        Assert.Equal(0, routing.FallbackAttempts);
        Assert.Equal("req_stream_1", routing.RequestId); // header facts stay
    }

    private static List<string?> ReferenceTypes(string fixture, string discriminator) =>
        ReferenceSse.Decode(Fixture(fixture)).Select(item => JsonNode.Parse(item.Data)![discriminator]!.GetValue<string>()).ToList<string?>();

    private static async Task ForEach<TEvent>(FlexInferenceStream<TEvent> stream, bool sync, Action<TEvent> each)
        where TEvent : class
    {
        if (sync)
        {
            foreach (TEvent item in stream)
            {
                each(item);
            }
        }
        else
        {
            await foreach (TEvent item in stream.WithCancellation(Token))
            {
                each(item);
            }
        }
    }

    private static async Task<List<string>> Collect(IAsyncEnumerable<string> items)
    {
        var list = new List<string>();
        await foreach (string item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
