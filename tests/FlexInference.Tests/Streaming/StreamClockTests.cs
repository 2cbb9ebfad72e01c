using System.Diagnostics;
using static FlexInference.Tests.Streaming.StreamKit;

namespace FlexInference.Tests.Streaming;

/// <summary>
/// The first-byte clock (raised for a flex window), the idle clock between events (reset by every byte, paused while
/// the caller's loop body runs), and the caller's own cancellation, which is never reported as a timeout.
/// </summary>
public sealed class StreamClockTests
{
    private static readonly string[] ChatFrames = FixtureText("chat.sse").Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(frame => frame + "\n\n").ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_first_byte_clock_fires_when_the_headers_are_late(bool sync)
    {
        await using SseServer server = LateHeaders(TimeSpan.FromSeconds(20));
        using FlexInferenceClient client = server.Client(options => options.FirstByteTimeout = TimeSpan.FromMilliseconds(250));

        FlexInferenceTimeoutException error = sync
            ? Assert.Throws<FlexInferenceTimeoutException>(() => client.Chat.Completions.CreateStreaming(ChatRequest, cancellationToken: Token))
            : await Assert.ThrowsAsync<FlexInferenceTimeoutException>(() => client.Chat.Completions.CreateStreamingAsync(ChatRequest, cancellationToken: Token));

        Assert.Equal(FlexInferenceClock.FirstByte, error.Clock);
        Assert.Equal(TimeSpan.FromMilliseconds(250), error.Limit);
        Assert.Contains("FirstByteTimeout", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_flex_window_raises_the_first_byte_clock_for_a_stream(bool sync)
    {
        // Nothing comes back while the router races flex: with a 5 s window the wait is max(250 ms, 35 s).
        await using SseServer server = LateHeaders(TimeSpan.FromMilliseconds(700));
        using FlexInferenceClient client = server.Client(options => options.FirstByteTimeout = TimeSpan.FromMilliseconds(250));
        CreateChatCompletionRequest request = ChatRequest with { StartWithin = StartWithin.Within(TimeSpan.FromSeconds(5)) };

        using ChatCompletionStream stream = sync
            ? client.Chat.Completions.CreateStreaming(request, cancellationToken: Token)
            : await client.Chat.Completions.CreateStreamingAsync(request, cancellationToken: Token);
        CreateChatCompletionResponse final = sync ? stream.GetFinalCompletion() : await stream.GetFinalCompletionAsync(Token);

        Assert.Equal("Checking the weather in Malmö 😀", final.OutputText());
        Assert.True(stream.Routing.TimeToFirstByte >= TimeSpan.FromMilliseconds(600));
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    [InlineData(true, 0)]
    public async Task The_idle_clock_fires_when_the_stream_stalls_after_the_headers(bool sync, int eventsBeforeStall)
    {
        await using var server = new SseServer(async exchange =>
        {
            await exchange.HeadersAsync();
            foreach (string frame in ChatFrames.Take(eventsBeforeStall))
            {
                await exchange.SendAsync(frame);
            }

            await exchange.HoldOpenAsync();
        });
        using FlexInferenceClient client = server.Client(options => options.IdleTimeout = TimeSpan.FromMilliseconds(300));

        using ChatCompletionStream stream = sync
            ? client.Chat.Completions.CreateStreaming(ChatRequest, cancellationToken: Token)
            : await client.Chat.Completions.CreateStreamingAsync(ChatRequest, cancellationToken: Token);
        int seen = 0;
        FlexInferenceTimeoutException error = await Assert.ThrowsAsync<FlexInferenceTimeoutException>(() => Consume(stream, sync, _ => seen++));

        Assert.Equal(FlexInferenceClock.Idle, error.Clock);
        Assert.Equal(TimeSpan.FromMilliseconds(300), error.Limit);
        Assert.Contains("IdleTimeout", error.Message, StringComparison.Ordinal);
        Assert.Equal(eventsBeforeStall, seen);
    }

    [Fact]
    public async Task A_per_call_idle_timeout_wins_over_the_client_option()
    {
        await using var server = new SseServer(async exchange =>
        {
            await exchange.HeadersAsync();
            await exchange.HoldOpenAsync();
        });
        using FlexInferenceClient client = server.Client(options => options.IdleTimeout = TimeSpan.FromSeconds(60));

        using ChatCompletionStream stream = await client.Chat.Completions.CreateStreamingAsync(ChatRequest, new RequestOptions { IdleTimeout = TimeSpan.FromMilliseconds(200) }, Token);
        var error = await Assert.ThrowsAsync<FlexInferenceTimeoutException>(() => Consume(stream, sync: false, _ => { }));

        Assert.Equal(TimeSpan.FromMilliseconds(200), error.Limit);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Keep_alive_comments_reset_the_idle_clock_for_as_long_as_they_come(bool sync)
    {
        // 400 ms of silence would fail, but a comment arrives every 100 ms for 1 s, two and a half times the limit.
        await using var server = new SseServer(async exchange =>
        {
            await exchange.HeadersAsync();
            await exchange.SendAsync(ChatFrames[0]);
            for (int i = 0; i < 10; i++)
            {
                await Task.Delay(100, exchange.Token);
                await exchange.SendAsync(": keep-alive\n\n");
            }

            foreach (string frame in ChatFrames.Skip(1))
            {
                await exchange.SendAsync(frame);
            }

            await exchange.EndAsync();
        });
        using FlexInferenceClient client = server.Client(options => options.IdleTimeout = TimeSpan.FromMilliseconds(400));

        var watch = Stopwatch.StartNew();
        using ChatCompletionStream stream = sync
            ? client.Chat.Completions.CreateStreaming(ChatRequest, cancellationToken: Token)
            : await client.Chat.Completions.CreateStreamingAsync(ChatRequest, cancellationToken: Token);
        await Consume(stream, sync, _ => { });

        Assert.True(stream.IsCompleted);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"the keep-alives lasted {watch.Elapsed}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Any_byte_resets_the_idle_clock_even_inside_an_event(bool sync)
    {
        // One event trickles in 4 bytes every 50 ms, so it takes over 600 ms, though the stream is never silent for 300 ms.
        byte[] slow = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"slow\"}}]}\n\n"u8.ToArray();
        await using var server = new SseServer(async exchange =>
        {
            await exchange.HeadersAsync();
            foreach (byte[] piece in slow.Chunk(4))
            {
                await exchange.SendAsync(piece);
                await Task.Delay(50, exchange.Token);
            }

            await exchange.SendAsync("data: [DONE]\n\n");
            await exchange.EndAsync();
        });
        using FlexInferenceClient client = server.Client(options => options.IdleTimeout = TimeSpan.FromMilliseconds(300));

        using ChatCompletionStream stream = sync
            ? client.Chat.Completions.CreateStreaming(ChatRequest, cancellationToken: Token)
            : await client.Chat.Completions.CreateStreamingAsync(ChatRequest, cancellationToken: Token);
        await Consume(stream, sync, _ => { });

        Assert.Equal("slow", stream.TextSoFar);
        Assert.True(stream.IsCompleted);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_idle_clock_is_paused_while_the_callers_loop_body_runs(bool sync)
    {
        await using SseServer server = SseServer.Chunked(FixtureText("chat.sse"));
        using FlexInferenceClient client = server.Client(options => options.IdleTimeout = TimeSpan.FromMilliseconds(200));

        using ChatCompletionStream stream = sync
            ? client.Chat.Completions.CreateStreaming(ChatRequest, cancellationToken: Token)
            : await client.Chat.Completions.CreateStreamingAsync(ChatRequest, cancellationToken: Token);
        int seen = 0;
        await Consume(stream, sync, _ =>
        {
            if (seen++ < 2)
            {
                Thread.Sleep(450); // slow work on the first two chunks: the caller's time, not the server's silence
            }
        });

        Assert.True(stream.IsCompleted);
    }

    public enum CancelVia
    {
        CreateToken,
        WithCancellation,
        GetAsyncEnumerator,
        TextDeltasAsync,
        FinalObjectToken,
    }

    [Theory]
    [InlineData(CancelVia.CreateToken)]
    [InlineData(CancelVia.WithCancellation)]
    [InlineData(CancelVia.GetAsyncEnumerator)]
    [InlineData(CancelVia.TextDeltasAsync)]
    [InlineData(CancelVia.FinalObjectToken)]
    public async Task The_callers_cancellation_comes_out_as_cancellation_with_the_callers_token(CancelVia via)
    {
        await using SseServer server = StallAfterFirstChunk();
        using FlexInferenceClient client = server.Client(options => options.IdleTimeout = TimeSpan.FromSeconds(30));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);

        using ChatCompletionStream stream = await client.Chat.Completions.CreateStreamingAsync(
            ChatRequest, cancellationToken: via == CancelVia.CreateToken ? cancel.Token : Token);
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            switch (via)
            {
                case CancelVia.CreateToken:
                    await foreach (CreateChatCompletionStreamResponse _ in stream)
                    {
                        cancel.CancelAfter(50);
                    }

                    break;
                case CancelVia.WithCancellation:
                    await foreach (CreateChatCompletionStreamResponse _ in stream.WithCancellation(cancel.Token))
                    {
                        cancel.CancelAfter(50);
                    }

                    break;
                case CancelVia.GetAsyncEnumerator:
                    await using (IAsyncEnumerator<CreateChatCompletionStreamResponse> items = stream.GetAsyncEnumerator(cancel.Token))
                    {
                        while (await items.MoveNextAsync())
                        {
                            cancel.CancelAfter(50);
                        }
                    }

                    break;
                case CancelVia.TextDeltasAsync:
                    await foreach (string _ in stream.TextDeltasAsync(cancel.Token))
                    {
                        cancel.CancelAfter(50);
                    }

                    break;
                default:
                    cancel.CancelAfter(200);
                    await stream.GetFinalCompletionAsync(cancel.Token);
                    break;
            }
        });

        Assert.IsNotType<FlexInferenceTimeoutException>(error.InnerException);
        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.True(cancel.IsCancellationRequested);
    }

    [Fact]
    public async Task The_callers_cancellation_stops_a_blocking_sync_loop()
    {
        await using SseServer server = StallAfterFirstChunk();
        using FlexInferenceClient client = server.Client(options => options.IdleTimeout = TimeSpan.FromSeconds(30));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);

        using ChatCompletionStream stream = client.Chat.Completions.CreateStreaming(ChatRequest, cancellationToken: cancel.Token);
        var error = Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (CreateChatCompletionStreamResponse _ in stream)
            {
                cancel.CancelAfter(100); // fires while the loop blocks on the next read
            }
        });

        Assert.Equal(cancel.Token, error.CancellationToken);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancelling_in_the_loop_body_stops_the_stream_even_with_events_already_received(bool sync)
    {
        // The whole stream arrives at once, so the next events are buffered when the caller cancels: none is delivered,
        // and the end is the caller's cancellation, not an early end of the stream.
        await using SseServer server = SseServer.Fixed(FixtureText("chat.sse"));
        using FlexInferenceClient client = server.Client();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);

        using ChatCompletionStream stream = sync
            ? client.Chat.Completions.CreateStreaming(ChatRequest, cancellationToken: cancel.Token)
            : await client.Chat.Completions.CreateStreamingAsync(ChatRequest, cancellationToken: Token);
        int seen = 0;
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            if (sync)
            {
                foreach (CreateChatCompletionStreamResponse _ in stream)
                {
                    seen++;
                    cancel.Cancel();
                }
            }
            else
            {
                await foreach (CreateChatCompletionStreamResponse _ in stream.WithCancellation(cancel.Token))
                {
                    seen++;
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.Equal(1, seen);
        Assert.Equal(cancel.Token, error.CancellationToken);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancelling_while_waiting_for_the_headers_is_the_callers_cancellation(bool sync)
    {
        await using SseServer server = LateHeaders(TimeSpan.FromSeconds(20));
        using FlexInferenceClient client = server.Client(options => options.FirstByteTimeout = TimeSpan.FromSeconds(30));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        cancel.CancelAfter(200);

        OperationCanceledException error = sync
            ? Assert.ThrowsAny<OperationCanceledException>(() => client.Chat.Completions.CreateStreaming(ChatRequest, cancellationToken: cancel.Token))
            : await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Chat.Completions.CreateStreamingAsync(ChatRequest, cancellationToken: cancel.Token));

        Assert.Equal(cancel.Token, error.CancellationToken);
    }

    private static SseServer LateHeaders(TimeSpan delay) => new(async exchange =>
    {
        await Task.Delay(delay, exchange.Token);
        await exchange.HeadersAsync();
        foreach (string frame in ChatFrames)
        {
            await exchange.SendAsync(frame);
        }

        await exchange.EndAsync();
    });

    private static SseServer StallAfterFirstChunk() => new(async exchange =>
    {
        await exchange.HeadersAsync();
        await exchange.SendAsync(ChatFrames[1]);
        await exchange.HoldOpenAsync();
    });

    private static async Task Consume<TEvent>(FlexInferenceStream<TEvent> stream, bool sync, Action<TEvent> body)
        where TEvent : class
    {
        if (sync)
        {
            foreach (TEvent item in stream)
            {
                body(item);
            }
        }
        else
        {
            await foreach (TEvent item in stream.WithCancellation(Token))
            {
                body(item);
            }
        }
    }
}
