using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FlexInference.Tests.Infrastructure;
using FlexInference.Tests.Streaming;
using static FlexInference.Tests.Reliability.ReliabilityKit;

namespace FlexInference.Tests.Reliability;

/// <summary>
/// One deadline per call (attempts, backoff and the whole stream), told apart from the caller's cancellation and from
/// the client being disposed, and cancellation that is prompt in every phase. Bounds are generous on purpose: they
/// prove "ends promptly, never hangs", not a precise latency on a shared machine.
/// </summary>
public sealed class DeadlineTests
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_total_budget_ends_a_call_whose_headers_never_come(bool sync)
    {
        await using var server = new RecordingServer(async (_, _, _, token) => await Task.Delay(Timeout.Infinite, token));
        using FlexInferenceClient client = Client(server.BaseUrl, options => options.TotalTimeout = TimeSpan.FromMilliseconds(400));
        var clock = Stopwatch.StartNew();

        var error = await Throws<FlexInferenceTimeoutException>(() => CallAsync(client, sync));

        Assert.Equal(FlexInferenceClock.Total, error.Clock);
        Assert.Equal(TimeSpan.FromMilliseconds(400), error.Limit);
        Assert.Contains("TotalTimeout", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(400) + Prompt, $"took {clock.Elapsed}");
        Assert.Equal(1, server.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_total_budget_spans_every_attempt_and_backoff(bool sync)
    {
        // Each attempt is answered 503 with a 300 ms wait: the budget allows a few, then the next wait would not fit.
        await using var server = RecordingServer.Answering(HttpResponse(503, ErrorBody(503), "retry-after-ms: 300\r\n"));
        using FlexInferenceClient client = Client(server.BaseUrl, options =>
        {
            options.MaxRetries = 50;
            options.TotalTimeout = TimeSpan.FromSeconds(1);
        });
        var clock = Stopwatch.StartNew();

        var error = await Throws<ServerException>(() => CallAsync(client, sync));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1) + Prompt, $"took {clock.Elapsed}");
        Assert.InRange(server.Count, 2, 4);
        Assert.Contains("would pass the call's TotalTimeout", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_server_wait_longer_than_the_remaining_budget_fails_fast_with_the_429_and_its_wait(bool sync)
    {
        await using var server = RecordingServer.Answering(HttpResponse(429, ErrorBody(429, "rate_limit_exceeded"), "Retry-After: 5\r\n"));
        using FlexInferenceClient client = Client(server.BaseUrl);
        var clock = Stopwatch.StartNew();

        var error = await Throws<RateLimitException>(() => CallAsync(client, sync, new RequestOptions { TotalTimeout = TimeSpan.FromSeconds(2) }));

        Assert.Equal(1, server.Count);
        Assert.Equal(TimeSpan.FromSeconds(5), error.RetryAfter);
        Assert.True(clock.Elapsed < Prompt, $"took {clock.Elapsed}"); // at once, not after 2 s
    }

    [Fact]
    public async Task A_per_call_budget_overrides_the_clients_and_infinite_removes_it()
    {
        await using var server = new RecordingServer(async (index, _, stream, token) =>
        {
            await Task.Delay(600, token);
            await stream.WriteAsync(HttpResponse(200, Fixtures.Read("responses.response.json")), token);
        });
        using FlexInferenceClient client = Client(server.BaseUrl, options => options.TotalTimeout = TimeSpan.FromMilliseconds(200));

        var tight = await Throws<FlexInferenceTimeoutException>(() => CallAsync(client, sync: false));
        Response unbounded = await CallAsync(client, sync: false, new RequestOptions { TotalTimeout = Timeout.InfiniteTimeSpan });
        var perCall = await Throws<FlexInferenceTimeoutException>(() => CallAsync(client, sync: true, new RequestOptions { TotalTimeout = TimeSpan.FromMilliseconds(100) }));

        Assert.Equal(FlexInferenceClock.Total, tight.Clock);
        Assert.NotNull(unbounded.Id);
        Assert.Equal(TimeSpan.FromMilliseconds(100), perCall.Limit);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_total_budget_covers_the_whole_stream_even_while_events_keep_coming(bool sync)
    {
        // An event every 50 ms for ever: the idle clock never fires, only the total budget can end it.
        string[] frames = StreamKit.FixtureText("responses.sse").Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        await using var server = new SseServer(async exchange =>
        {
            await exchange.HeadersAsync();
            await exchange.SendAsync(frames[0] + "\n\n");
            while (true)
            {
                await Task.Delay(50, exchange.Token);
                await exchange.SendAsync(frames[2] + "\n\n"); // a text delta
            }
        });
        using FlexInferenceClient client = server.Client(options => options.TotalTimeout = TimeSpan.FromMilliseconds(700));
        var clock = Stopwatch.StartNew();
        int events = 0;

        var error = await Throws<FlexInferenceTimeoutException>(async () =>
        {
            if (sync)
            {
                await Task.Run(() =>
                {
                    using ResponseStream stream = client.Responses.CreateStreaming(Request, cancellationToken: Token);
                    foreach (ResponseStreamEvent _ in stream)
                    {
                        events++;
                    }
                }, Token);
            }
            else
            {
                await using ResponseStream stream = await client.Responses.CreateStreamingAsync(Request, cancellationToken: Token);
                await foreach (ResponseStreamEvent _ in stream)
                {
                    events++;
                }
            }
        });

        Assert.Equal(FlexInferenceClock.Total, error.Clock);
        Assert.True(events > 2, $"only {events} events arrived before the budget ran out");
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(700) + Prompt, $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancelling_during_a_backoff_is_prompt_is_the_callers_and_is_not_retried(bool sync)
    {
        await using var server = RecordingServer.Answering(HttpResponse(503, ErrorBody(503), "retry-after-ms: 20000\r\n"));
        using FlexInferenceClient client = Client(server.BaseUrl, options => options.TotalTimeout = TimeSpan.FromSeconds(60));
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Token);
        caller.CancelAfter(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        var error = await Throws<OperationCanceledException>(() => CallAsync(client, sync, token: caller.Token));

        Assert.IsNotType<FlexInferenceTimeoutException>(error.InnerException);
        Assert.Equal(caller.Token, error.CancellationToken);
        Assert.Equal(1, server.Count);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(300) + Prompt, $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("connect", false)]
    [InlineData("connect", true)]
    [InlineData("headers", false)]
    [InlineData("headers", true)]
    [InlineData("between-events", false)]
    [InlineData("between-events", true)]
    public async Task Cancellation_is_prompt_in_every_phase_and_carries_the_callers_token(string phase, bool sync)
    {
        await using BlackHole hole = await BlackHole.CreateAsync();
        await using var server = new SseServer(async exchange =>
        {
            if (phase == "between-events")
            {
                await exchange.HeadersAsync();
                await exchange.SendAsync(StreamKit.FixtureText("responses.sse").Split("\n\n")[0] + "\n\n");
            }

            await exchange.HoldOpenAsync();
        });
        Uri baseUrl = phase == "connect" ? hole.BaseUrl : server.BaseUrl;
        using FlexInferenceClient client = Client(baseUrl, options => options.ConnectTimeout = TimeSpan.FromSeconds(30));
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var clock = new Stopwatch();

        var error = await Throws<OperationCanceledException>(async () =>
        {
            if (phase != "between-events")
            {
                caller.CancelAfter(300);
                clock.Start();
                await CallAsync(client, sync, token: caller.Token);
                return;
            }

            if (sync)
            {
                await Task.Run(() =>
                {
                    using ResponseStream stream = client.Responses.CreateStreaming(Request, cancellationToken: caller.Token);
                    foreach (ResponseStreamEvent _ in stream)
                    {
                        caller.CancelAfter(300);
                        clock.Start();
                    }
                }, Token);
            }
            else
            {
                await using ResponseStream stream = await client.Responses.CreateStreamingAsync(Request, cancellationToken: caller.Token);
                await foreach (ResponseStreamEvent _ in stream)
                {
                    caller.CancelAfter(300);
                    clock.Start();
                }
            }
        });

        Assert.Equal(caller.Token, error.CancellationToken);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(300) + Prompt, $"{phase}: took {clock.Elapsed}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Disposing_the_client_ends_a_waiting_call_with_ObjectDisposedException(bool sync)
    {
        await using var server = new RecordingServer(async (_, _, _, token) => await Task.Delay(Timeout.Infinite, token));
        FlexInferenceClient client = Client(server.BaseUrl);
        Task call = CallAsync(client, sync);
        while (server.Count == 0)
        {
            await Task.Delay(10, Token);
        }

        var clock = Stopwatch.StartNew();
        client.Dispose();
        var error = await Throws<ObjectDisposedException>(() => call);

        Assert.Contains("disposed while this call was running", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < Prompt, $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Disposing_the_client_during_active_streams_ends_them_promptly(bool sync)
    {
        string first = StreamKit.FixtureText("responses.sse").Split("\n\n")[0] + "\n\n";
        await using var server = new SseServer(async exchange =>
        {
            await exchange.HeadersAsync();
            await exchange.SendAsync(first);
            await exchange.HoldOpenAsync();
        });
        FlexInferenceClient client = server.Client();
        using var started = new CountdownEvent(4);
        Task[] readers = Enumerable.Range(0, 4).Select(_ => sync
            ? Task.Run(() =>
            {
                using ResponseStream stream = client.Responses.CreateStreaming(Request, cancellationToken: Token);
                foreach (ResponseStreamEvent _ in stream)
                {
                    started.Signal();
                }
            }, Token)
            : Task.Run(async () =>
            {
                await using ResponseStream stream = await client.Responses.CreateStreamingAsync(Request, cancellationToken: Token);
                await foreach (ResponseStreamEvent _ in stream)
                {
                    started.Signal();
                }
            }, Token)).ToArray();
        Assert.True(started.Wait(TimeSpan.FromSeconds(20), Token), "the streams did not start");

        var clock = Stopwatch.StartNew();
        await client.DisposeAsync();
        foreach (Task reader in readers)
        {
            Exception error = await Throws<Exception>(() => reader);
            Assert.True(error is ObjectDisposedException or OperationCanceledException, error.ToString());
        }

        Assert.True(clock.Elapsed < Prompt, $"the streams ended {clock.Elapsed} after Dispose");
    }
}

/// <summary>A loopback port whose backlog is full, so a connection attempt hangs (the kernel drops the SYN).</summary>
internal sealed class BlackHole : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly List<Socket> _fillers;

    private BlackHole(Socket listener, List<Socket> fillers)
    {
        _listener = listener;
        _fillers = fillers;
    }

    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}/v1");

    public static async Task<BlackHole> CreateAsync()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var fillers = new List<Socket>();
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        for (int i = 0; i < 16; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            fillers.Add(filler);
            Task connect = filler.ConnectAsync(IPAddress.Loopback, port);
            if (await Task.WhenAny(connect, Task.Delay(300)) != connect)
            {
                break; // the backlog is full
            }
        }

        return new BlackHole(listener, fillers);
    }

    public ValueTask DisposeAsync()
    {
        _fillers.ForEach(filler => filler.Dispose());
        _listener.Dispose();
        return default;
    }
}
