using System.Text;
using System.Text.RegularExpressions;
using FlexInference.Tests.Infrastructure;
using static FlexInference.Tests.Streaming.StreamKit;

namespace FlexInference.Tests.Streaming;

/// <summary>The heavy streaming tests run alone, so their load does not skew the clock tests of other classes.</summary>
[CollectionDefinition(nameof(StreamingLoad), DisableParallelization = true)]
public sealed class StreamingLoad;

/// <summary>
/// Memory and connections: a frame over the cap stops reading without buffering past it, a large valid frame parses,
/// every way out of a stream gives its connection back, and many streams on one client stay apart.
/// </summary>
[Collection(nameof(StreamingLoad))]
public sealed class StreamResourceTests
{
    private const int Cap = 1024 * 1024;
    private const long HundredMegabytes = 100L * 1024 * 1024;

    /// <summary>
    /// The documented bound on what reading a frame-less body may allocate: four times the cap (the parser's line
    /// buffer doubles as it fills, so its buffers add up to at most twice its last size, which is at most twice the cap,
    /// since the guard stops reading one read after the cap), plus 1 MB for the request, the response and the rest.
    /// </summary>
    private const long AllocationBound = (4L * Cap) + (1024 * 1024);

    private static readonly string[] ChatFrames = FixtureText("chat.sse").Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(frame => frame + "\n\n").ToArray();

    public static TheoryData<string, string> FramelessBodies => new()
    {
        { "one endless data line", "data: {\"choices\":[{\"delta\":{\"content\":\"" },
        { "data lines that never end the event", "data: {\"x\":1}\n" },
    };

    [Theory]
    [MemberData(nameof(FramelessBodies))]
    public void A_100_MB_body_without_an_event_boundary_stops_at_the_cap_with_bounded_allocation(string shape, string prefix)
    {
        byte[] pattern = prefix.EndsWith('\n') ? Encoding.ASCII.GetBytes(prefix) : "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"u8.ToArray();
        byte[] start = prefix.EndsWith('\n') ? [] : Encoding.ASCII.GetBytes(prefix);

        // The synchronous path runs on this thread from the request to the last read (the handler answers in memory),
        // so this thread's allocation counter sees everything the SDK allocates for the call. The first run may find
        // the array pool empty and the serializer cold; the second reuses pooled buffers. Both stay under the bound.
        var first = new GeneratingStream(start, pattern, HundredMegabytes);
        long cold = Run(first);
        var body = new GeneratingStream(start, pattern, HundredMegabytes);
        long warm = Run(body);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{shape}: read {body.Served:N0} of {HundredMegabytes:N0} bytes; allocated {cold:N0} bytes on the first run, {warm:N0} on the second (cap {Cap:N0}, bound {AllocationBound:N0})");
        Assert.InRange(first.Served, Cap + 1, 3L * Cap); // stopped one read after the cap, not at the end of the body
        Assert.InRange(body.Served, Cap + 1, 3L * Cap);
        Assert.InRange(cold, 0, AllocationBound);
        Assert.InRange(warm, 0, AllocationBound);

        static long Run(GeneratingStream body)
        {
            (FlexInferenceClient client, _) = InMemoryClient(() => body, options => options.MaxStreamFrameBytes = Cap);
            using (client)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                using ChatCompletionStream stream = client.Chat.Completions.CreateStreaming(ChatRequest, cancellationToken: Token);
                var error = Assert.Throws<StreamFrameTooLargeException>(() =>
                {
                    foreach (CreateChatCompletionStreamResponse _ in stream)
                    {
                    }
                });
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.Equal(Cap, error.Limit);
                Assert.Contains("MaxStreamFrameBytes", error.Message, StringComparison.Ordinal);
                return allocated;
            }
        }
    }

    [Fact]
    public async Task A_100_MB_frameless_body_over_the_network_stops_at_the_cap_and_closes_the_connection()
    {
        long written = 0;
        await using var server = new SseServer(async exchange =>
        {
            await exchange.WriteRawAsync(Encoding.ASCII.GetBytes($"{SseServer.Head}Content-Length: {HundredMegabytes}\r\n\r\ndata: \""));
            byte[] block = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            try
            {
                while (written < HundredMegabytes - block.Length)
                {
                    await exchange.WriteRawAsync(block);
                    Interlocked.Add(ref written, block.Length);
                }
            }
            catch (IOException)
            {
                // The client closed the connection.
            }
        });
        using FlexInferenceClient client = server.Client(options => options.MaxStreamFrameBytes = Cap);

        using ChatCompletionStream stream = await client.Chat.Completions.CreateStreamingAsync(ChatRequest, cancellationToken: Token);
        var error = await Assert.ThrowsAsync<StreamFrameTooLargeException>(async () =>
        {
            await foreach (CreateChatCompletionStreamResponse _ in stream.WithCancellation(Token))
            {
            }
        });

        Assert.Equal(Cap, error.Limit);

        // The server stops once the client hangs up: what it got out is the cap plus the socket buffers, far from 100 MB.
        long last = -1;
        for (int i = 0; i < 100 && last != Interlocked.Read(ref written); i++)
        {
            last = Interlocked.Read(ref written);
            await Task.Delay(50, Token);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"the server wrote {written:N0} bytes before the client closed the connection");
        Assert.InRange(Interlocked.Read(ref written), Cap, 32L * 1024 * 1024);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_valid_1_MB_frame_parses(bool sync)
    {
        string content = new string('a', 1024 * 1024 - 4) + "😀";
        string sse =
            "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"}}]}\n\n" +
            "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"!\"},\"finish_reason\":\"stop\"}]}\n\n" +
            "data: [DONE]\n\n";
        await using SseServer server = SseServer.Chunked(sse);
        using FlexInferenceClient client = server.Client(); // the default cap, 8 MB

        using ChatCompletionStream stream = sync ? client.Chat.Completions.CreateStreaming(ChatRequest, cancellationToken: Token) : await client.Chat.Completions.CreateStreamingAsync(ChatRequest, cancellationToken: Token);
        CreateChatCompletionResponse final = sync ? stream.GetFinalCompletion() : await stream.GetFinalCompletionAsync(Token);

        Assert.Equal(content + "!", final.OutputText());
        Assert.Equal(1024 * 1024 - 4 + 2 + 1, stream.TextSoFar.Length);
    }

    public enum ExitPath
    {
        CompleteTheLoop,
        BreakEarly,
        DisposeWithoutEnumerating,
        EnumeratorDisposedBeforeItsFirstMove,
        ExceptionInTheLoopBody,
        InStreamError,
        Truncation,
        Cancellation,
    }

    public static TheoryData<ExitPath, bool> ExitPaths
    {
        get
        {
            var data = new TheoryData<ExitPath, bool>();
            foreach (ExitPath path in Enum.GetValues<ExitPath>())
            {
                data.Add(path, false);
                data.Add(path, true);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ExitPaths))]
    public async Task Every_exit_path_gives_the_connection_back(ExitPath path, bool sync)
    {
        const int Rounds = 20;
        bool holdsOpen = path is not (ExitPath.CompleteTheLoop or ExitPath.Truncation);
        await using var server = new SseServer(async exchange =>
        {
            await exchange.HeadersAsync();
            if (exchange.Index > Rounds || path == ExitPath.CompleteTheLoop)
            {
                foreach (string frame in ChatFrames)
                {
                    await exchange.SendAsync(frame);
                }

                await exchange.EndAsync();
                return;
            }

            if (path == ExitPath.InStreamError)
            {
                await exchange.SendAsync(FixtureText("chat.error.sse"));
            }
            else
            {
                await exchange.SendAsync(ChatFrames[1]);
                await exchange.SendAsync(ChatFrames[2]);
            }

            if (holdsOpen)
            {
                await exchange.HoldOpenAsync(); // a stream that would go on: only the client can end it
            }

            // Truncation: returning closes the connection in the middle of the body.
        });

        // Two connections at most: a stream that kept its connection would make the third request wait for a slot until
        // its first-byte clock fires. The handler closes a stopped stream's connection at once instead of draining it
        // (see FlexInferenceClientOptions.HttpClient), as the SDK's own handler does.
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2, MaxResponseDrainSize = 0 }) { Timeout = Timeout.InfiniteTimeSpan };
        using var client = new FlexInferenceClient(MockRouter.ApiKey, new FlexInferenceClientOptions
        {
            BaseUrl = server.BaseUrl,
            HttpClient = http,
            FirstByteTimeout = TimeSpan.FromSeconds(5),
            IdleTimeout = TimeSpan.FromSeconds(30),
        });

        for (int round = 0; round < Rounds; round++)
        {
            await RunOnce(client, path, sync);
        }

        // A fresh request gets a connection and completes.
        using (ChatCompletionStream fresh = await client.Chat.Completions.CreateStreamingAsync(ChatRequest, cancellationToken: Token))
        {
            Assert.Equal("Checking the weather in Malmö 😀", (await fresh.GetFinalCompletionAsync(Token)).OutputText());
        }

        if (holdsOpen)
        {
            // The server saw the client close every connection it held open: released, not merely abandoned.
            for (int i = 0; i < 100 && server.HangUps < Rounds; i++)
            {
                await Task.Delay(50, Token);
            }

            Assert.Equal(Rounds, server.HangUps);
        }
    }

    private static async Task RunOnce(FlexInferenceClient client, ExitPath path, bool sync)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        CancellationToken createToken = path == ExitPath.Cancellation && sync ? cancel.Token : Token;
        ChatCompletionStream stream = sync
            ? client.Chat.Completions.CreateStreaming(ChatRequest, cancellationToken: createToken)
            : await client.Chat.Completions.CreateStreamingAsync(ChatRequest, cancellationToken: createToken);
        switch (path)
        {
            case ExitPath.CompleteTheLoop:
                await Loop(stream, sync, Token, _ => true);
                Assert.True(stream.IsCompleted);
                break;
            case ExitPath.BreakEarly:
                await Loop(stream, sync, Token, _ => false);
                break;
            case ExitPath.DisposeWithoutEnumerating:
                if (sync)
                {
                    stream.Dispose();
                }
                else
                {
                    await stream.DisposeAsync();
                }

                break;
            case ExitPath.EnumeratorDisposedBeforeItsFirstMove:
                // The enumerator alone, never moved: disposing it must release the connection without the stream's own Dispose.
                if (sync)
                {
                    stream.GetEnumerator().Dispose();
                }
                else
                {
                    await stream.GetAsyncEnumerator(Token).DisposeAsync();
                }

                break;
            case ExitPath.ExceptionInTheLoopBody:
                await Assert.ThrowsAsync<InvalidOperationException>(() => Loop(stream, sync, Token, _ => throw new InvalidOperationException("the caller's bug")));
                break;
            case ExitPath.InStreamError:
                await Assert.ThrowsAsync<StreamFailedException>(() => Loop(stream, sync, Token, _ => true));
                break;
            case ExitPath.Truncation:
                await Assert.ThrowsAsync<StreamEndedEarlyException>(() => Loop(stream, sync, Token, _ => true));
                break;
            case ExitPath.Cancellation:
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Loop(stream, sync, cancel.Token, _ =>
                {
                    cancel.Cancel();
                    return true;
                }));
                break;
        }

        // Not disposed here on purpose (beyond DisposeWithoutEnumerating): each path must release on its own.
    }

    /// <summary>Enumerates until <paramref name="keepGoing"/> says stop.</summary>
    private static async Task Loop(ChatCompletionStream stream, bool sync, CancellationToken token, Func<CreateChatCompletionStreamResponse, bool> keepGoing)
    {
        if (sync)
        {
            foreach (CreateChatCompletionStreamResponse chunk in stream)
            {
                if (!keepGoing(chunk))
                {
                    break;
                }
            }
        }
        else
        {
            await foreach (CreateChatCompletionStreamResponse chunk in stream.WithCancellation(token))
            {
                if (!keepGoing(chunk))
                {
                    break;
                }
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stream_stopped_early_closes_its_connection_at_once_on_the_sdks_own_handler(bool sync)
    {
        // The stream goes on, as a long answer would. By default a handler would keep reading the abandoned body for its
        // 2 s drain timeout before closing; the SDK's handler closes at once, which the server sees as a failed write.
        var closed = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan stoppedAt = TimeSpan.Zero;
        await using var server = new SseServer(async exchange =>
        {
            await exchange.HeadersAsync();
            await exchange.SendAsync(ChatFrames[1]);
            try
            {
                for (int i = 0; i < 500; i++)
                {
                    await exchange.SendAsync(": still generating\n\n");
                    await Task.Delay(10, exchange.Token);
                }
            }
            catch (IOException)
            {
                closed.TrySetResult(clock.Elapsed);
            }
        });
        using FlexInferenceClient client = server.Client();

        using ChatCompletionStream stream = sync ? client.Chat.Completions.CreateStreaming(ChatRequest, cancellationToken: Token) : await client.Chat.Completions.CreateStreamingAsync(ChatRequest, cancellationToken: Token);
        if (sync)
        {
            foreach (CreateChatCompletionStreamResponse _ in stream)
            {
                stoppedAt = clock.Elapsed;
                break;
            }
        }
        else
        {
            await foreach (CreateChatCompletionStreamResponse _ in stream.WithCancellation(Token))
            {
                stoppedAt = clock.Elapsed;
                break;
            }
        }

        TimeSpan closedAt = await closed.Task.WaitAsync(TimeSpan.FromSeconds(10), Token);
        Assert.True(closedAt - stoppedAt < TimeSpan.FromMilliseconds(1500), $"the connection closed {closedAt - stoppedAt} after the loop stopped");
    }

    [Fact]
    public async Task Two_hundred_parallel_streams_on_one_client_are_all_correct_and_not_interleaved()
    {
        const int Streams = 200;
        await using var server = new SseServer(async exchange =>
        {
            string n = Regex.Match(exchange.Body, "stream-(\\d+)").Groups[1].Value;
            await exchange.HeadersAsync();
            await exchange.SendAsync($"event: response.created\ndata: {{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{{\"id\":\"resp_{n}\",\"object\":\"response\",\"status\":\"in_progress\",\"output\":[]}}}}\n\n");
            for (int k = 0; k < 5; k++)
            {
                await Task.Yield();
                await exchange.SendAsync($"event: response.output_text.delta\ndata: {{\"type\":\"response.output_text.delta\",\"sequence_number\":{k + 1},\"item_id\":\"msg_{n}\",\"output_index\":0,\"content_index\":0,\"delta\":\"[{n}:{k}]\"}}\n\n");
            }

            string text = string.Concat(Enumerable.Range(0, 5).Select(k => $"[{n}:{k}]"));
            await exchange.SendAsync($"event: response.completed\ndata: {{\"type\":\"response.completed\",\"sequence_number\":6,\"response\":{{\"id\":\"resp_{n}\",\"object\":\"response\",\"status\":\"completed\"," +
                $"\"output\":[{{\"id\":\"msg_{n}\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{{\"type\":\"output_text\",\"annotations\":[],\"text\":\"{text}\"}}]}}]," +
                $"\"usage\":{{\"input_tokens\":{n},\"output_tokens\":5,\"total_tokens\":{n}}}}}}}\n\n");
            await exchange.EndAsync();
        });
        using FlexInferenceClient client = server.Client();

        Task[] streams = Enumerable.Range(0, Streams).Select(n => Task.Run(async () =>
        {
            using ResponseStream stream = await client.Responses.CreateStreamingAsync(ResponseRequest with { Input = $"stream-{n}" }, cancellationToken: Token);
            var deltas = new List<string>();
            await foreach (string delta in stream.TextDeltasAsync(Token))
            {
                deltas.Add(delta);
            }

            Response final = await stream.GetFinalResponseAsync(Token);
            string[] expected = Enumerable.Range(0, 5).Select(k => $"[{n}:{k}]").ToArray();
            Assert.Equal(expected, deltas); // its own text, whole and in order
            Assert.Equal(string.Concat(expected), stream.TextSoFar);
            Assert.Equal($"resp_{n}", final.Id);
            Assert.Equal(n, final.Usage!.InputTokens);
        }, Token)).ToArray();
        await Task.WhenAll(streams);

        Assert.Equal(Streams, server.Requests.Count);
    }
}
