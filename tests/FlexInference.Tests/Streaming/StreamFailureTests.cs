using System.Net.Http;
using System.Text.Json.Nodes;
using static FlexInference.Tests.Streaming.StreamKit;

namespace FlexInference.Tests.Streaming;

/// <summary>
/// Failure frames raise <see cref="StreamFailedException"/> with the router's error block; a stream that ends before
/// its terminal event (cleanly, cut mid-line, or with the connection cut) raises <see cref="StreamEndedEarlyException"/>;
/// what was yielded before stays yielded.
/// </summary>
public sealed class StreamFailureTests
{
    private const string Partial = "Partial answér";

    public sealed record FailureCase(string Fixture, int EventsBefore, int Status, string Code, string? Type, string ErrorClass, string Origin, string Provider, string? ProviderCode, string? DocUrl);

    public static TheoryData<string, bool> FailureFixtures
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (string fixture in Cases.Keys)
            {
                data.Add(fixture, false);
                data.Add(fixture, true);
            }

            return data;
        }
    }

    private static readonly Dictionary<string, FailureCase> Cases = new()
    {
        // chat: {"error": {...}}, no code on the error or the block, so the SDK's default code
        ["chat.error.sse"] = new("chat.error.sse", 2, 502, "upstream_stream_failed", "flexinference_error", "upstream", "provider", "openai", "server_error", null),

        // messages: type error, the Anthropic envelope
        ["messages.error.sse"] = new("messages.error.sse", 3, 529, "upstream_stream_failed", "overloaded_error", "upstream", "provider", "anthropic", "overloaded_error", null),

        // interactions: event_type error, the Google envelope (numeric code, status word)
        ["interactions.error.sse"] = new("interactions.error.sse", 3, 429, "upstream_stream_failed", "RESOURCE_EXHAUSTED", "quota", "provider", "gemini", "RESOURCE_EXHAUSTED", null),

        // responses: response.failed with response.error
        ["responses.failed.sse"] = new("responses.failed.sse", 2, 502, "server_error", null, "upstream", "provider", "openai", "server_error", null),

        // responses: the error event, code and message at the top level
        ["responses.error.sse"] = new("responses.error.sse", 2, 429, "rate_limit_exceeded", null, "quota", "flexinference", "openai", null, "https://flexinference.mintlify.app/errors#rate_limit_exceeded"),
    };

    [Theory]
    [MemberData(nameof(FailureFixtures))]
    public async Task Each_in_stream_error_shape_raises_with_the_error_block_and_the_text_so_far(string fixture, bool sync)
    {
        FailureCase expected = Cases[fixture];
        await using var server = new SseServer(async exchange =>
        {
            // The failure frame is the last frame, but the connection stays open: the SDK must not wait for the close.
            await exchange.HeadersAsync();
            await exchange.SendAsync(FixtureText(fixture));
            await exchange.HoldOpenAsync();
        });
        using FlexInferenceClient client = server.Client();

        var seen = new List<object>();
        StreamFailedException error = await Assert.ThrowsAsync<StreamFailedException>(async () =>
        {
            switch (fixture.Split('.')[0])
            {
                case "chat":
                    await Consume(sync ? client.Chat.Completions.CreateStreaming(ChatRequest, cancellationToken: Token) : await client.Chat.Completions.CreateStreamingAsync(ChatRequest, cancellationToken: Token), sync, seen);
                    break;
                case "messages":
                    await Consume(sync ? client.Messages.CreateStreaming(MessageRequest, cancellationToken: Token) : await client.Messages.CreateStreamingAsync(MessageRequest, cancellationToken: Token), sync, seen);
                    break;
                case "interactions":
                    await Consume(sync ? client.Interactions.CreateStreaming(InteractionRequest, cancellationToken: Token) : await client.Interactions.CreateStreamingAsync(InteractionRequest, cancellationToken: Token), sync, seen);
                    break;
                default:
                    await Consume(sync ? client.Responses.CreateStreaming(ResponseRequest, cancellationToken: Token) : await client.Responses.CreateStreamingAsync(ResponseRequest, cancellationToken: Token), sync, seen);
                    break;
            }
        });

        Assert.Equal(expected.EventsBefore, seen.Count); // delivered before the failure, and kept
        Assert.Equal(Partial, error.TextSoFar);
        Assert.Equal(expected.Status, error.Status);
        Assert.Equal(expected.Code, error.Code);
        Assert.Equal(expected.Type, error.Type);
        Assert.Equal(expected.ErrorClass, error.ErrorClass);
        Assert.Equal(expected.Origin, error.Origin);
        Assert.Equal(expected.Provider, error.Provider);
        Assert.Equal(expected.ProviderCode, error.ProviderCode);
        Assert.Equal(expected.DocUrl, error.DocUrl);
        Assert.True(error.Retryable);
        Assert.Contains($"[HTTP {expected.Status}, {expected.Code}]", error.Message, StringComparison.Ordinal);
        Assert.Contains("TextSoFar", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Body);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_failure_frame_raises_on_the_raw_stream_too(bool sync)
    {
        await using SseServer server = SseServer.Chunked(FixtureText("messages.error.sse"));
        using FlexInferenceClient client = server.Client();
        var request = new JsonObject { ["model"] = "claude-sonnet-4-5", ["messages"] = new JsonArray(), ["start_within"] = "default" };

        using JsonEventStream stream = sync ? client.Messages.CreateStreaming(request, cancellationToken: Token) : await client.Messages.CreateStreamingAsync(request, cancellationToken: Token);
        (List<string> events, Exception? error) = await ReadAllAsync(stream, sync);

        Assert.Equal(3, events.Count);
        var failed = Assert.IsType<StreamFailedException>(error);
        Assert.Equal(529, failed.Status);
        Assert.Equal(Partial, failed.TextSoFar);
    }

    [Fact]
    public async Task A_healthy_chunk_with_error_null_is_not_a_failure_but_an_error_object_is()
    {
        const string sse =
            "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"fine\"}}],\"error\":null}\n\n" +
            "data: {\"error\":{\"message\":\"boom\"}}\n\n" +
            "data: [DONE]\n\n";
        await using SseServer server = SseServer.Fixed(sse);
        using FlexInferenceClient client = server.Client();

        using ChatCompletionStream stream = await client.Chat.Completions.CreateStreamingAsync(ChatRequest, cancellationToken: Token);
        var seen = new List<CreateChatCompletionStreamResponse>();
        StreamFailedException error = await Assert.ThrowsAsync<StreamFailedException>(async () =>
        {
            await foreach (CreateChatCompletionStreamResponse chunk in stream.WithCancellation(Token))
            {
                seen.Add(chunk);
            }
        });

        Assert.Single(seen);
        Assert.Equal("fine", error.TextSoFar);
        Assert.Equal(502, error.Status); // no flexinference block: the defaults
        Assert.Equal(FlexInferenceErrorCodes.UpstreamStreamFailed, error.Code);
        Assert.Contains("boom", error.Message, StringComparison.Ordinal);
        Assert.False(stream.IsCompleted);
    }

    public enum Ending
    {
        /// <summary>The body ends properly (last chunk sent) at an event boundary, before the terminal event.</summary>
        Clean,

        /// <summary>The body ends properly, but in the middle of an event's data line.</summary>
        CleanMidLine,

        /// <summary>The server closes the connection in the middle of the chunked body.</summary>
        ConnectionCut,

        /// <summary>The server closes the connection in the middle of an event's data line.</summary>
        ConnectionCutMidLine,
    }

    public static TheoryData<string, Ending, bool> Truncations
    {
        get
        {
            var data = new TheoryData<string, Ending, bool>();
            foreach (string fixture in new[] { "responses.sse", "chat.sse", "interactions.sse", "messages.sse" })
            {
                foreach (Ending ending in Enum.GetValues<Ending>())
                {
                    data.Add(fixture, ending, false);
                    data.Add(fixture, ending, true);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Truncations))]
    public async Task A_stream_that_ends_before_its_terminal_event_raises_ended_early_and_keeps_what_was_yielded(string fixture, Ending ending, bool sync)
    {
        string[] frames = FixtureText(fixture).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        int whole = fixture == "messages.sse" ? 9 : 5; // whole frames sent: up to and including some text deltas
        await using var server = new SseServer(async exchange =>
        {
            await exchange.HeadersAsync();
            foreach (string frame in frames.Take(whole))
            {
                await exchange.SendAsync(frame + "\n\n");
            }

            if (ending is Ending.CleanMidLine or Ending.ConnectionCutMidLine)
            {
                string next = frames[whole];
                await exchange.SendAsync(next[..(next.Length / 2)]);
            }

            if (ending is Ending.Clean or Ending.CleanMidLine)
            {
                await exchange.EndAsync();
            }

            // Returning closes the connection: after a proper end, or in the middle of the body.
        });
        using FlexInferenceClient client = server.Client();

        int seen = 0;
        string expectedText;
        StreamEndedEarlyException error;
        switch (fixture.Split('.')[0])
        {
            case "responses":
                expectedText = "Light rain until 15:00";
                error = await Assert.ThrowsAsync<StreamEndedEarlyException>(async () => seen = await Consume(sync ? client.Responses.CreateStreaming(ResponseRequest, cancellationToken: Token) : await client.Responses.CreateStreamingAsync(ResponseRequest, cancellationToken: Token), sync, []));
                break;
            case "chat":
                expectedText = "Checking the weather in Malmö 😀";
                error = await Assert.ThrowsAsync<StreamEndedEarlyException>(async () => seen = await Consume(sync ? client.Chat.Completions.CreateStreaming(ChatRequest, cancellationToken: Token) : await client.Chat.Completions.CreateStreamingAsync(ChatRequest, cancellationToken: Token), sync, []));
                break;
            case "interactions":
                expectedText = "Snow is likely in Zürich on Wednesday ❄️ 😀";
                error = await Assert.ThrowsAsync<StreamEndedEarlyException>(async () => seen = await Consume(sync ? client.Interactions.CreateStreaming(InteractionRequest, cancellationToken: Token) : await client.Interactions.CreateStreamingAsync(InteractionRequest, cancellationToken: Token), sync, []));
                break;
            default:
                expectedText = "I'll check the weather in Paris"; // thinking deltas are not text
                error = await Assert.ThrowsAsync<StreamEndedEarlyException>(async () => seen = await Consume(sync ? client.Messages.CreateStreaming(MessageRequest, cancellationToken: Token) : await client.Messages.CreateStreamingAsync(MessageRequest, cancellationToken: Token), sync, []));
                break;
        }

        Assert.Equal(expectedText, error.TextSoFar);
        Assert.Contains("terminal event", error.Message, StringComparison.Ordinal);
        if (ending is Ending.ConnectionCut or Ending.ConnectionCutMidLine)
        {
            Assert.IsType<HttpIOException>(error.InnerException); // the cut itself, kept for diagnosis
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Events_yielded_before_an_early_end_stay_yielded(bool sync)
    {
        string[] frames = FixtureText("chat.sse").Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        await using SseServer server = SseServer.Fixed(string.Concat(frames.Take(3).Select(frame => frame + "\n\n")));
        using FlexInferenceClient client = server.Client();

        using ChatCompletionStream stream = sync ? client.Chat.Completions.CreateStreaming(ChatRequest, cancellationToken: Token) : await client.Chat.Completions.CreateStreamingAsync(ChatRequest, cancellationToken: Token);
        var seen = new List<CreateChatCompletionStreamResponse>();
        await Assert.ThrowsAsync<StreamEndedEarlyException>(() => Consume(stream, sync, null, seen));

        Assert.Equal(3, seen.Count);
        Assert.Equal(["", "Checking the weather", " in Malmö 😀"], seen.Select(chunk => chunk.Choices![0].Delta!.Content));
        Assert.False(stream.IsCompleted);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_final_object_of_a_stream_that_ended_early_raises_ended_early(bool sync)
    {
        string[] frames = FixtureText("messages.sse").Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        await using SseServer server = SseServer.Fixed(string.Concat(frames.Take(10).Select(frame => frame + "\n\n")));
        using FlexInferenceClient client = server.Client();

        using MessageStream stream = sync ? client.Messages.CreateStreaming(MessageRequest, cancellationToken: Token) : await client.Messages.CreateStreamingAsync(MessageRequest, cancellationToken: Token);
        StreamEndedEarlyException error = sync
            ? Assert.Throws<StreamEndedEarlyException>(() => stream.GetFinalMessage())
            : await Assert.ThrowsAsync<StreamEndedEarlyException>(() => stream.GetFinalMessageAsync(Token));

        Assert.Equal("I'll check the weather in Paris", error.TextSoFar);
    }

    [Fact]
    public async Task A_complete_frame_that_is_not_json_is_an_invalid_response_not_an_early_end()
    {
        await using SseServer server = SseServer.Fixed("data: {\"choices\":[]}\n\ndata: <html>gateway</html>\n\ndata: [DONE]\n\n");
        using FlexInferenceClient client = server.Client();

        using ChatCompletionStream stream = await client.Chat.Completions.CreateStreamingAsync(ChatRequest, cancellationToken: Token);
        var error = await Assert.ThrowsAsync<FlexInferenceInvalidResponseException>(async () =>
        {
            await foreach (CreateChatCompletionStreamResponse _ in stream.WithCancellation(Token))
            {
            }
        });

        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    private static Task<int> Consume<TEvent>(FlexInferenceStream<TEvent> stream, bool sync, List<object> seen)
        where TEvent : class => Consume(stream, sync, seen, null);

    private static async Task<int> Consume<TEvent>(FlexInferenceStream<TEvent> stream, bool sync, List<object>? seen, List<TEvent>? typed)
        where TEvent : class
    {
        int count = 0;
        using (stream)
        {
            if (sync)
            {
                foreach (TEvent item in stream)
                {
                    seen?.Add(item);
                    typed?.Add(item);
                    count++;
                }
            }
            else
            {
                await foreach (TEvent item in stream.WithCancellation(Token))
                {
                    seen?.Add(item);
                    typed?.Add(item);
                    count++;
                }
            }
        }

        return count;
    }
}
