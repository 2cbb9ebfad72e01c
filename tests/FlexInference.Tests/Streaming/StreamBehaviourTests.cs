using System.Text.Json;
using System.Text.Json.Nodes;
using static FlexInference.Tests.Streaming.StreamKit;

namespace FlexInference.Tests.Streaming;

/// <summary>
/// What ends a stream and what is skipped, the last frame without its blank line, enumerating once, and the request
/// a stream sends.
/// </summary>
public sealed class StreamBehaviourTests
{
    [Theory]
    [InlineData("responses.sse", false)]
    [InlineData("chat.sse", false)]
    [InlineData("interactions.sse", false)]
    [InlineData("messages.sse", false)]
    [InlineData("responses.sse", true)]
    [InlineData("chat.sse", true)]
    [InlineData("interactions.sse", true)]
    [InlineData("messages.sse", true)]
    public async Task The_terminal_event_ends_the_stream_without_waiting_for_the_connection_to_close(string fixture, bool sync)
    {
        await using var server = new SseServer(async exchange =>
        {
            await exchange.HeadersAsync();
            await exchange.SendAsync(FixtureText(fixture));
            await exchange.HoldOpenAsync(); // a proxy may keep the connection open after the last event
        });
        using FlexInferenceClient client = server.Client(options => options.IdleTimeout = TimeSpan.FromSeconds(30));

        var request = new JsonObject { ["model"] = "gpt-5.5", ["input"] = "x", ["messages"] = new JsonArray(), ["start_within"] = "default" };
        using JsonEventStream stream = fixture.Split('.')[0] switch
        {
            "responses" => await client.Responses.CreateStreamingAsync(request, cancellationToken: Token),
            "chat" => await client.Chat.Completions.CreateStreamingAsync(request, cancellationToken: Token),
            "interactions" => await client.Interactions.CreateStreamingAsync(request, cancellationToken: Token),
            _ => await client.Messages.CreateStreamingAsync(request, cancellationToken: Token),
        };
        (List<string> events, Exception? error) = await ReadAllAsync(stream, sync);

        Assert.Null(error);
        Assert.True(stream.IsCompleted);
        Assert.Equal(ReferenceSse.Expected(Fixture(fixture)).Events.Count, events.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Done_ends_a_chat_stream_and_what_follows_is_not_read(bool sync)
    {
        const string sse =
            "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n" +
            "data: [DONE]\n\n" +
            "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" never\"}}]}\n\n";
        await using var server = new SseServer(async exchange =>
        {
            await exchange.HeadersAsync();
            await exchange.SendAsync(sse);
            await exchange.HoldOpenAsync();
        });
        using FlexInferenceClient client = server.Client();

        using ChatCompletionStream stream = sync ? client.Chat.Completions.CreateStreaming(ChatRequest, cancellationToken: Token) : await client.Chat.Completions.CreateStreamingAsync(ChatRequest, cancellationToken: Token);
        CreateChatCompletionResponse final = sync ? stream.GetFinalCompletion() : await stream.GetFinalCompletionAsync(Token);

        Assert.Equal("hi", final.OutputText());
        Assert.Equal("hi", stream.TextSoFar);
        Assert.True(stream.IsCompleted);
    }

    [Fact]
    public async Task Done_is_accepted_on_a_responses_stream_too()
    {
        await using SseServer server = SseServer.Fixed(
            "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":0,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"delta\":\"hi\"}\n\ndata: [DONE]\n\n");
        using FlexInferenceClient client = server.Client();

        using ResponseStream stream = await client.Responses.CreateStreamingAsync(ResponseRequest, cancellationToken: Token);
        var types = new List<string?>();
        await foreach (ResponseStreamEvent item in stream.WithCancellation(Token))
        {
            types.Add(item.Type);
        }

        Assert.Equal(["response.output_text.delta"], types);
        Assert.True(stream.IsCompleted);
    }

    [Fact]
    public async Task An_incomplete_response_is_terminal_and_its_snapshot_is_the_final_response()
    {
        await using SseServer server = SseServer.Fixed(
            "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":0,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"delta\":\"Cut sh\"}\n\n" +
            "event: response.incomplete\ndata: {\"type\":\"response.incomplete\",\"sequence_number\":1,\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"incomplete\"," +
            "\"incomplete_details\":{\"reason\":\"max_output_tokens\"},\"output\":[{\"id\":\"m\",\"type\":\"message\",\"status\":\"incomplete\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"annotations\":[],\"text\":\"Cut sh\"}]}],\"usage\":{\"input_tokens\":3,\"output_tokens\":2,\"total_tokens\":5}}}\n\n");
        using FlexInferenceClient client = server.Client();

        using ResponseStream stream = client.Responses.CreateStreaming(ResponseRequest, cancellationToken: Token);
        Response final = stream.GetFinalResponse();

        Assert.Equal(ResponseStatus.Incomplete, final.Status);
        Assert.Equal("Cut sh", final.OutputText());
        Assert.True(stream.IsCompleted);
    }

    public static TheoryData<string, bool> Surfaces => new()
    {
        { "responses", false }, { "chat", false }, { "interactions", false }, { "messages", false },
        { "responses", true }, { "chat", true }, { "interactions", true }, { "messages", true },
    };

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task Comments_fields_pings_and_unknown_events_are_skipped_on_typed_streams_and_kept_on_raw_ones(string surface, bool sync)
    {
        (string known, string unknown, string terminal) = surface switch
        {
            "responses" => (
                "{\"type\":\"response.output_text.delta\",\"sequence_number\":1,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"delta\":\"ok\"}",
                "{\"type\":\"response.future_event\",\"sequence_number\":2,\"whatever\":{\"x\":1}}",
                "{\"type\":\"response.completed\",\"sequence_number\":3,\"response\":{\"id\":\"r\",\"object\":\"response\",\"status\":\"completed\",\"output\":[]}}"),
            "chat" => (
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}}],\"error\":null}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"x_future\":true}",
                "[DONE]"),
            "interactions" => (
                "{\"event_type\":\"step.delta\",\"index\":0,\"delta\":{\"type\":\"text\",\"text\":\"ok\"}}",
                "{\"event_type\":\"step.future\",\"index\":0}",
                "{\"event_type\":\"interaction.completed\",\"interaction\":{\"id\":\"i\",\"object\":\"interaction\",\"status\":\"completed\"}}"),
            _ => (
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"ok\"}}",
                "{\"type\":\"content_block_future\",\"index\":0}",
                "{\"type\":\"message_stop\"}"),
        };
        string sse =
            ": keep-alive\n\n" +
            "retry: 3000\nid: 1\n\n" +                      // fields without data dispatch nothing
            "event: ping\n\n" +                              // an event line alone, too
            "event: ping\ndata: {\"type\":\"ping\"}\n\n" +   // Anthropic's ping (on other surfaces an unknown event)
            $": a comment\nevent: anything\nid: 2\ndata: {known}\n\n" +
            $"event: future\ndata: {unknown}\n\n" +
            ":\n\n" +
            $"data: {terminal}\n\n";
        await using SseServer server = SseServer.Fixed(sse);
        using FlexInferenceClient client = server.Client();

        // Typed: only the known event and the terminal one.
        int typed = surface switch
        {
            "responses" => await Count(sync ? client.Responses.CreateStreaming(ResponseRequest, cancellationToken: Token) : await client.Responses.CreateStreamingAsync(ResponseRequest, cancellationToken: Token), sync),
            "chat" => await Count(sync ? client.Chat.Completions.CreateStreaming(ChatRequest, cancellationToken: Token) : await client.Chat.Completions.CreateStreamingAsync(ChatRequest, cancellationToken: Token), sync),
            "interactions" => await Count(sync ? client.Interactions.CreateStreaming(InteractionRequest, cancellationToken: Token) : await client.Interactions.CreateStreamingAsync(InteractionRequest, cancellationToken: Token), sync),
            _ => await Count(sync ? client.Messages.CreateStreaming(MessageRequest, cancellationToken: Token) : await client.Messages.CreateStreamingAsync(MessageRequest, cancellationToken: Token), sync),
        };

        // Raw: every event with data, the ping and the unknown one included ([DONE] is not an event).
        var request = new JsonObject { ["model"] = "gpt-5.5", ["input"] = "x", ["messages"] = new JsonArray(), ["start_within"] = "default" };
        using JsonEventStream raw = surface switch
        {
            "responses" => await client.Responses.CreateStreamingAsync(request, cancellationToken: Token),
            "chat" => await client.Chat.Completions.CreateStreamingAsync(request, cancellationToken: Token),
            "interactions" => await client.Interactions.CreateStreamingAsync(request, cancellationToken: Token),
            _ => await client.Messages.CreateStreamingAsync(request, cancellationToken: Token),
        };
        (List<string> events, Exception? error) = await ReadAllAsync(raw, sync);

        // Chat chunks have no discriminator: the "unknown" chunk and the ping-shaped frame are ordinary chunks there.
        Assert.Equal(surface == "chat" ? 3 : 2, typed);
        Assert.Null(error);
        Assert.Equal(surface == "chat" ? 3 : 4, events.Count);
        Assert.Contains(events, item => item.Contains("ping", StringComparison.Ordinal));
        Assert.Contains(events, item => item.Contains("future", StringComparison.Ordinal));
        Assert.Equal("ok", raw.TextSoFar);
    }

    public static TheoryData<string> LastFrames => new()
    {
        "\n",        // one line break: no blank line after the last event
        "\r\n",
        "\r",
        "",          // no line break at all
    };

    [Theory]
    [MemberData(nameof(LastFrames))]
    public async Task A_last_frame_without_its_blank_line_is_delivered(string tail)
    {
        string messages = FixtureText("messages.sse").TrimEnd('\n') + tail;
        string chat = FixtureText("chat.sse").TrimEnd('\n') + tail;
        await using SseServer messageServer = SseServer.Fixed(messages);
        await using SseServer chatServer = SseServer.Fixed(chat);
        using FlexInferenceClient messageClient = messageServer.Client();
        using FlexInferenceClient chatClient = chatServer.Client();

        using MessageStream messageStream = await messageClient.Messages.CreateStreamingAsync(MessageRequest, cancellationToken: Token);
        var types = new List<string?>();
        await foreach (MessageStreamEvent item in messageStream.WithCancellation(Token))
        {
            types.Add(item.Type);
        }

        using ChatCompletionStream chatStream = chatClient.Chat.Completions.CreateStreaming(ChatRequest, cancellationToken: Token);
        CreateChatCompletionResponse completion = chatStream.GetFinalCompletion(); // ends at a [DONE] without its blank line

        Assert.Equal("message_stop", types[^1]);
        Assert.True(messageStream.IsCompleted);
        Assert.True(chatStream.IsCompleted);
        Assert.Equal(1529, completion.Usage!.TotalTokens);
    }

    [Fact]
    public async Task A_stream_can_be_enumerated_only_once()
    {
        await using SseServer server = SseServer.Fixed(FixtureText("chat.sse"));
        using FlexInferenceClient client = server.Client();

        using ChatCompletionStream stream = await client.Chat.Completions.CreateStreamingAsync(ChatRequest, cancellationToken: Token);
        await foreach (CreateChatCompletionStreamResponse _ in stream.WithCancellation(Token))
        {
        }

        var again = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (CreateChatCompletionStreamResponse _ in stream.WithCancellation(Token))
            {
            }
        });
        var sync = Assert.Throws<InvalidOperationException>(() => stream.Count());
        var deltas = Assert.Throws<InvalidOperationException>(() => stream.TextDeltas().ToList());

        foreach (InvalidOperationException error in new[] { again, sync, deltas })
        {
            Assert.Contains("enumerated only once", error.Message, StringComparison.Ordinal);
            Assert.Contains("Keep the events you need in a list", error.Message, StringComparison.Ordinal);
        }

        // The final object is still there: it was folded during the one enumeration.
        Assert.Equal("Checking the weather in Malmö 😀", (await stream.GetFinalCompletionAsync(Token)).OutputText());
    }

    [Fact]
    public async Task A_second_enumeration_while_the_first_runs_is_refused_and_leaves_the_first_alone()
    {
        await using SseServer server = SseServer.Fixed(FixtureText("messages.sse"));
        using FlexInferenceClient client = server.Client();

        using MessageStream stream = client.Messages.CreateStreaming(MessageRequest, cancellationToken: Token);
        int seen = 0;
        foreach (MessageStreamEvent _ in stream)
        {
            if (seen++ == 0)
            {
                Assert.Throws<InvalidOperationException>(() => stream.First());
            }
        }

        Assert.True(stream.IsCompleted);
        Assert.Equal(MessageStopReason.ToolUse, stream.GetFinalMessage().StopReason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_final_object_after_an_early_break_says_the_stream_has_not_ended(bool sync)
    {
        await using SseServer server = SseServer.Fixed(FixtureText("interactions.sse"));
        using FlexInferenceClient client = server.Client();

        using InteractionStream stream = await client.Interactions.CreateStreamingAsync(InteractionRequest, cancellationToken: Token);
        await foreach (InteractionStreamEvent _ in stream.WithCancellation(Token))
        {
            break;
        }

        InvalidOperationException error = sync
            ? Assert.Throws<InvalidOperationException>(() => stream.GetFinalInteraction())
            : await Assert.ThrowsAsync<InvalidOperationException>(() => stream.GetFinalInteractionAsync(Token));
        Assert.Contains("has not reached its end", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disposed_stream_cannot_be_enumerated()
    {
        await using SseServer server = SseServer.Fixed(FixtureText("chat.sse"));
        using FlexInferenceClient client = server.Client();

        ChatCompletionStream stream = await client.Chat.Completions.CreateStreamingAsync(ChatRequest, cancellationToken: Token);
        await stream.DisposeAsync();
        await stream.DisposeAsync(); // twice is fine

        await Assert.ThrowsAsync<ObjectDisposedException>(async () =>
        {
            await foreach (CreateChatCompletionStreamResponse _ in stream.WithCancellation(Token))
            {
            }
        });
    }

    [Fact]
    public async Task Typed_requests_are_sent_with_stream_true_and_chat_asks_for_usage_and_the_callers_objects_are_untouched()
    {
        (FlexInferenceClient client, InMemorySseHandler handler) = InMemoryClient(() => new MemoryStream(Fixture("chat.sse")));
        using (client)
        {
            CreateResponse response = ResponseRequest;
            CreateChatCompletionRequest chat = ChatRequest;
            InteractionCreateParams interaction = InteractionRequest;
            MessageCreateParams message = MessageRequest;
            var chatWithOptions = ChatRequest with { StreamOptions = new ChatCompletionStreamOptions { IncludeUsage = false } };

            (await client.Responses.CreateStreamingAsync(response, cancellationToken: Token)).Dispose();
            (await client.Chat.Completions.CreateStreamingAsync(chat, cancellationToken: Token)).Dispose();
            client.Interactions.CreateStreaming(interaction, cancellationToken: Token).Dispose();
            client.Messages.CreateStreaming(message, cancellationToken: Token).Dispose();
            (await client.Chat.Completions.CreateStreamingAsync(chatWithOptions, cancellationToken: Token)).Dispose();

            JsonObject[] sent = handler.RequestBodies.Select(body => JsonNode.Parse(body)!.AsObject()).ToArray();
            Assert.Equal(5, sent.Length);
            Assert.All(sent, body => Assert.True(body["stream"]!.GetValue<bool>()));
            Assert.Equal(JsonValueKind.Undefined, Kind(sent[0]["stream_options"]));
            Assert.True(sent[1]["stream_options"]!["include_usage"]!.GetValue<bool>());
            Assert.Equal(JsonValueKind.Undefined, Kind(sent[3]["stream_options"]));
            Assert.False(sent[4]["stream_options"]!["include_usage"]!.GetValue<bool>()); // the caller's choice stands

            // The records the caller passed are unchanged.
            Assert.Null(response.Stream);
            Assert.Null(chat.Stream);
            Assert.Null(chat.StreamOptions);
            Assert.Null(interaction.Stream);
            Assert.Null(message.Stream);
            Assert.False(chatWithOptions.StreamOptions!.IncludeUsage);
        }
    }

    [Fact]
    public async Task Raw_requests_are_sent_from_a_copy_with_stream_true_and_the_callers_json_is_untouched()
    {
        (FlexInferenceClient client, InMemorySseHandler handler) = InMemoryClient(() => new MemoryStream(Fixture("chat.sse")));
        using (client)
        {
            var chat = new JsonObject { ["model"] = "gpt-5.5", ["messages"] = new JsonArray(), ["start_within"] = "default", ["stream"] = false };
            var chatWithOptions = new JsonObject { ["model"] = "gpt-5.5", ["messages"] = new JsonArray(), ["start_within"] = "default", ["stream_options"] = new JsonObject { ["include_usage"] = false } };
            var messages = new JsonObject { ["model"] = "claude-sonnet-4-5", ["messages"] = new JsonArray(), ["start_within"] = "default", ["max_tokens"] = 100 };
            string[] before = [chat.ToJsonString(), chatWithOptions.ToJsonString(), messages.ToJsonString()];

            (await client.Chat.Completions.CreateStreamingAsync(chat, cancellationToken: Token)).Dispose();
            client.Chat.Completions.CreateStreaming(chatWithOptions, cancellationToken: Token).Dispose();
            (await client.Messages.CreateStreamingAsync(messages, cancellationToken: Token)).Dispose();

            JsonObject[] sent = handler.RequestBodies.Select(body => JsonNode.Parse(body)!.AsObject()).ToArray();
            Assert.All(sent, body => Assert.True(body["stream"]!.GetValue<bool>()));
            Assert.True(sent[0]["stream_options"]!["include_usage"]!.GetValue<bool>());
            Assert.False(sent[1]["stream_options"]!["include_usage"]!.GetValue<bool>());
            Assert.Null(sent[2]["stream_options"]);
            Assert.Equal(100, sent[2]["max_tokens"]!.GetValue<int>());
            Assert.Equal(before, new[] { chat.ToJsonString(), chatWithOptions.ToJsonString(), messages.ToJsonString() });
        }
    }

    private static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Undefined;

    private static async Task<int> Count<TEvent>(FlexInferenceStream<TEvent> stream, bool sync)
        where TEvent : class
    {
        using (stream)
        {
            int count = 0;
            if (sync)
            {
                foreach (TEvent _ in stream)
                {
                    count++;
                }
            }
            else
            {
                await foreach (TEvent _ in stream.WithCancellation(Token))
                {
                    count++;
                }
            }

            Assert.True(stream.IsCompleted);
            Assert.Equal("ok", stream.TextSoFar);
            return count;
        }
    }
}
