using System.Net;
using System.Net.Sockets;
using FlexInference.Tests.Infrastructure;

namespace FlexInference.Tests;

/// <summary>Each clock fires as a typed timeout naming its option; the caller's own cancellation is never relabelled.</summary>
public sealed class ClockTests : IDisposable
{
    private static readonly CreateResponse Request = new() { Model = "gpt-5.5", Input = "x", StartWithin = StartWithin.Default };
    private readonly MockRouter _router = MockRouter.Start();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_first_byte_clock_fires_when_headers_are_late(bool sync)
    {
        await using RawHttpServer server = SlowServer(TimeSpan.FromSeconds(30));
        using FlexInferenceClient client = ClientFor(server, options => options.FirstByteTimeout = TimeSpan.FromMilliseconds(200));

        FlexInferenceTimeoutException error = sync
            ? Assert.Throws<FlexInferenceTimeoutException>(() => client.Responses.Create(Request, cancellationToken: TestContext.Current.CancellationToken))
            : await Assert.ThrowsAsync<FlexInferenceTimeoutException>(() => client.Responses.CreateAsync(Request, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(FlexInferenceClock.FirstByte, error.Clock);
        Assert.Equal(TimeSpan.FromMilliseconds(200), error.Limit);
        Assert.Contains("FirstByteTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("200 ms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flex_race_raises_the_first_byte_clock_to_the_window_plus_30_seconds()
    {
        _router.Reply("/responses", 200, Fixtures.Read("responses.response.json"), delay: TimeSpan.FromMilliseconds(800));
        using FlexInferenceClient client = _router.Client(options => options.FirstByteTimeout = TimeSpan.FromMilliseconds(200));

        // With a 5 s window the wait for headers is max(200 ms, 35 s): the slow answer arrives in time.
        Response response = await client.Responses.CreateAsync(Request with { StartWithin = StartWithin.Within(TimeSpan.FromSeconds(5)) }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotNull(response);
        Assert.True(response.GetRouting().TimeToFirstByte >= TimeSpan.FromMilliseconds(700));
    }

    [Fact]
    public async Task A_per_call_first_byte_timeout_wins_over_the_raise()
    {
        await using RawHttpServer server = SlowServer(TimeSpan.FromSeconds(30));
        using FlexInferenceClient client = ClientFor(server);

        var error = await Assert.ThrowsAsync<FlexInferenceTimeoutException>(() => client.Responses.CreateAsync(
            Request with { StartWithin = StartWithin.Within(TimeSpan.FromSeconds(60)) },
            new RequestOptions { FirstByteTimeout = TimeSpan.FromMilliseconds(150) },
            TestContext.Current.CancellationToken));

        Assert.Equal(TimeSpan.FromMilliseconds(150), error.Limit);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_body_clock_fires_when_the_body_stalls_after_the_headers(bool sync)
    {
        await using var server = new RawHttpServer(async (stream, token) =>
        {
            await RawHttpServer.ReadRequestAsync(stream, token);
            await RawHttpServer.WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"id\":", token);
            await Task.Delay(Timeout.Infinite, token);
        });
        using var client = new FlexInferenceClient(MockRouter.ApiKey, new FlexInferenceClientOptions { BaseUrl = server.BaseUrl, Timeout = TimeSpan.FromMilliseconds(300) });

        FlexInferenceTimeoutException error = sync
            ? Assert.Throws<FlexInferenceTimeoutException>(() => client.Responses.Create(Request, cancellationToken: TestContext.Current.CancellationToken))
            : await Assert.ThrowsAsync<FlexInferenceTimeoutException>(() => client.Responses.CreateAsync(Request, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(FlexInferenceClock.Body, error.Clock);
        Assert.Contains("Raise Timeout", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_callers_cancellation_comes_out_as_cancellation_with_the_callers_token(bool sync)
    {
        await using RawHttpServer server = SlowServer(TimeSpan.FromSeconds(30));
        using FlexInferenceClient client = ClientFor(server, options => options.FirstByteTimeout = TimeSpan.FromSeconds(30));
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        caller.CancelAfter(TimeSpan.FromMilliseconds(200));

        OperationCanceledException error = sync
            ? Assert.ThrowsAny<OperationCanceledException>(() => client.Responses.Create(Request, cancellationToken: caller.Token))
            : await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Responses.CreateAsync(Request, cancellationToken: caller.Token));

        Assert.Equal(caller.Token, error.CancellationToken);
    }

    [Fact]
    public async Task The_connect_clock_fires_when_no_connection_can_be_opened()
    {
        // A listener that never accepts, with its backlog filled: the kernel drops further SYNs, so connecting hangs.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var fillers = new List<Socket>();
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        for (int i = 0; i < 16; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            fillers.Add(filler);
            Task connect = filler.ConnectAsync(IPAddress.Loopback, port, TestContext.Current.CancellationToken).AsTask();
            if (await Task.WhenAny(connect, Task.Delay(300, TestContext.Current.CancellationToken)) != connect)
            {
                break; // the backlog is full
            }
        }

        using var client = new FlexInferenceClient(MockRouter.ApiKey, new FlexInferenceClientOptions
        {
            BaseUrl = new Uri($"http://127.0.0.1:{port}/v1"),
            ConnectTimeout = TimeSpan.FromMilliseconds(300),
            FirstByteTimeout = TimeSpan.FromSeconds(20),
        });

        try
        {
            var error = await Assert.ThrowsAsync<FlexInferenceTimeoutException>(() => client.Responses.CreateAsync(Request, cancellationToken: TestContext.Current.CancellationToken));

            Assert.Equal(FlexInferenceClock.Connect, error.Clock);
            Assert.Contains("ConnectTimeout", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            fillers.ForEach(filler => filler.Dispose());
        }
    }

    [Fact]
    public async Task A_supplied_HttpClient_timeout_is_reported_as_such()
    {
        await using RawHttpServer server = SlowServer(TimeSpan.FromSeconds(30));
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(200) };
        using FlexInferenceClient client = ClientFor(server, options => options.HttpClient = http);

        var error = await Assert.ThrowsAsync<FlexInferenceTimeoutException>(() => client.Responses.CreateAsync(Request, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(FlexInferenceClock.HttpClient, error.Clock);
        Assert.Contains("Timeout.InfiniteTimeSpan", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A loopback server that sends the fixture only after <paramref name="delay"/>, and stops at once when disposed.</summary>
    private static RawHttpServer SlowServer(TimeSpan delay) => new(async (stream, token) =>
    {
        await RawHttpServer.ReadRequestAsync(stream, token);
        await Task.Delay(delay, token);
        byte[] body = System.Text.Encoding.UTF8.GetBytes(Fixtures.Read("responses.response.json"));
        await RawHttpServer.WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n", token);
        await stream.WriteAsync(body, token);
    });

    private static FlexInferenceClient ClientFor(RawHttpServer server, Action<FlexInferenceClientOptions>? configure = null)
    {
        var options = new FlexInferenceClientOptions { BaseUrl = server.BaseUrl };
        configure?.Invoke(options);
        return new FlexInferenceClient(MockRouter.ApiKey, options);
    }

    public void Dispose() => _router.Dispose();
}
