using System.Diagnostics;
using System.Text;
using FlexInference.Tests.Infrastructure;
using FlexInference.Tests.Streaming;
using static FlexInference.Tests.Reliability.ReliabilityKit;

namespace FlexInference.Tests.Reliability;

/// <summary>
/// Retries over a real loopback connection, every case through the async and the synchronous API: what is retried, how
/// often, with which bytes, and what the caller finally sees. Backoff waits are recorded instead of slept unless the
/// wait itself is the subject.
/// </summary>
public sealed class RetryTests
{
    [Theory]
    [InlineData(408, false)]
    [InlineData(409, false)]
    [InlineData(429, false)]
    [InlineData(500, false)]
    [InlineData(502, false)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(500, true)]
    [InlineData(429, true)]
    public async Task A_retryable_status_is_sent_again_and_the_next_answer_wins(int status, bool sync)
    {
        await using var server = RecordingServer.Answering(HttpResponse(status, ErrorBody(status)), HttpResponse(200, Fixtures.Read("responses.response.json")));
        using FlexInferenceClient client = Client(server.BaseUrl);
        var delays = RecordDelays(client);

        Response response = await CallAsync(client, sync);

        Assert.Equal("resp_0a8f3c2e7b1d4f5a00691e2c7d9b8c81a0b3f2e4d5c6a7b8", response.Id);
        Assert.Equal(2, server.Count);
        Assert.Single(delays);
    }

    [Theory]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, true)]
    [InlineData(404, false)]
    [InlineData(422, true)]
    [InlineData(402, false)]
    public async Task Another_4xx_is_sent_once(int status, bool sync)
    {
        await using var server = RecordingServer.Answering(HttpResponse(status, ErrorBody(status)), HttpResponse(200, Fixtures.Read("responses.response.json")));
        using FlexInferenceClient client = Client(server.BaseUrl);
        var delays = RecordDelays(client);

        var error = await Throws<FlexInferenceApiException>(() => CallAsync(client, sync));

        Assert.Equal(status, error.Status);
        Assert.Equal(1, server.Count);
        Assert.Empty(delays);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_connection_reset_before_the_headers_is_retried(bool sync)
    {
        await using var server = new RecordingServer(async (index, _, stream, token) =>
        {
            if (index == 0)
            {
                RecordingServer.Reset(stream);
                return;
            }

            await stream.WriteAsync(HttpResponse(200, Fixtures.Read("responses.response.json")), token);
        });
        using FlexInferenceClient client = Client(server.BaseUrl);
        RecordDelays(client);

        Response response = await CallAsync(client, sync);

        Assert.NotNull(response.Id);
        Assert.Equal(2, server.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_connection_that_is_never_answered_fails_after_the_retries_as_a_connection_error(bool sync)
    {
        await using var server = new RecordingServer((_, _, stream, _) =>
        {
            RecordingServer.Reset(stream);
            return Task.CompletedTask;
        });
        using FlexInferenceClient client = Client(server.BaseUrl, options => options.MaxRetries = 3);
        RecordDelays(client);

        var error = await Throws<FlexInferenceConnectionException>(() => CallAsync(client, sync));

        Assert.Equal(4, server.Count);
        Assert.Contains("Sent 4 times (MaxRetries = 3)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(4, true)]
    public async Task MaxRetries_n_means_exactly_n_plus_one_attempts_and_the_error_of_the_last_one(int maxRetries, bool sync)
    {
        // Every attempt fails with 503 but the last, which fails with 504: the caller must see the 504 alone.
        await using var server = new RecordingServer(async (index, _, stream, token) =>
            await stream.WriteAsync(index < maxRetries ? HttpResponse(503, ErrorBody(503, "first")) : HttpResponse(504, ErrorBody(504, "last")), token));
        using FlexInferenceClient client = Client(server.BaseUrl, options => options.MaxRetries = maxRetries);
        var delays = RecordDelays(client);

        var error = await Throws<FlexInferenceApiException>(() => CallAsync(client, sync));

        Assert.Equal(maxRetries + 1, server.Count);
        Assert.Equal(maxRetries, delays.Count);
        Assert.Equal(504, error.Status);
        Assert.Equal("last", error.Code);
        Assert.Null(error.InnerException);
        if (maxRetries > 0)
        {
            Assert.Contains($"Sent {maxRetries + 1} times", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Retries_are_on_by_default_two_of_them_with_the_documented_backoff()
    {
        await using var server = RecordingServer.Answering(HttpResponse(503, ErrorBody(503)));
        using FlexInferenceClient client = Client(server.BaseUrl);
        var delays = RecordDelays(client);

        await Throws<ServerException>(() => CallAsync(client, sync: false));

        Assert.Equal(3, server.Count);
        TimeSpan[] waits = [.. delays];
        Assert.InRange(waits[0], TimeSpan.FromMilliseconds(375), TimeSpan.FromMilliseconds(500));
        Assert.InRange(waits[1], TimeSpan.FromMilliseconds(750), TimeSpan.FromMilliseconds(1000));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_attempt_sends_the_same_bytes_and_headers_but_the_retry_count(bool sync)
    {
        await using var server = RecordingServer.Answering(
            HttpResponse(503, ErrorBody(503)), HttpResponse(429, ErrorBody(429), "retry-after-ms: 10\r\n"), HttpResponse(200, Fixtures.Read("responses.response.json")));
        using FlexInferenceClient client = Client(server.BaseUrl);
        RecordDelays(client);

        await CallAsync(client, sync);

        RecordedRequest[] attempts = [.. server.Requests];
        Assert.Equal(3, attempts.Length);
        Assert.Equal(["0", "1", "2"], attempts.Select(a => a.Header("x-flexinference-retry-count")));
        foreach (RecordedRequest attempt in attempts)
        {
            Assert.Equal(attempts[0].Body, attempt.Body);
            Assert.Equal(attempts[0].RequestLine, attempt.RequestLine);
            Assert.Equal(
                attempts[0].Headers.Where(h => h.Key != "x-flexinference-retry-count").OrderBy(h => h.Key),
                attempt.Headers.Where(h => h.Key != "x-flexinference-retry-count").OrderBy(h => h.Key));
            Assert.Equal("Bearer " + MockRouter.ApiKey, attempt.Header("Authorization"));
        }

        Assert.Equal("POST /v1/responses HTTP/1.1", attempts[0].RequestLine);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task X_should_retry_true_forces_a_retry_of_a_400_and_false_stops_one_of_a_503(bool sync)
    {
        await using var forced = RecordingServer.Answering(HttpResponse(400, ErrorBody(400), "x-should-retry: true\r\n"), HttpResponse(200, Fixtures.Read("responses.response.json")));
        await using var stopped = RecordingServer.Answering(HttpResponse(503, ErrorBody(503), "x-should-retry: false\r\n"), HttpResponse(200, Fixtures.Read("responses.response.json")));
        using FlexInferenceClient forcedClient = Client(forced.BaseUrl);
        using FlexInferenceClient stoppedClient = Client(stopped.BaseUrl);
        RecordDelays(forcedClient);
        RecordDelays(stoppedClient);

        await CallAsync(forcedClient, sync);
        var error = await Throws<ServerException>(() => CallAsync(stoppedClient, sync));

        Assert.Equal(2, forced.Count);
        Assert.Equal(1, stopped.Count);
        Assert.Contains("x-should-retry: false", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_429_the_router_marks_not_retryable_is_sent_once_on_a_call_and_on_a_stream(bool sync)
    {
        byte[] refused = HttpResponse(429, ErrorBody(429, "spend_limit_reached", retryable: false), "Retry-After: 1\r\n");
        await using var server = RecordingServer.Answering(refused);
        using FlexInferenceClient client = Client(server.BaseUrl);
        RecordDelays(client);

        var call = await Throws<RateLimitException>(() => CallAsync(client, sync));
        var stream = await Throws<RateLimitException>(async () =>
        {
            using ResponseStream opened = sync
                ? await Task.Run(() => client.Responses.CreateStreaming(Request, cancellationToken: Token), Token)
                : await client.Responses.CreateStreamingAsync(Request, cancellationToken: Token);
        });

        Assert.Equal(2, server.Count); // one request per call: the error body was read before deciding
        Assert.False(call.Retryable);
        Assert.Equal("spend_limit_reached", stream.Code);
        Assert.Contains("not retryable", stream.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_server_wait_above_MaxRetryAfter_fails_at_once_and_the_error_carries_the_wait(bool sync)
    {
        await using var server = RecordingServer.Answering(HttpResponse(429, ErrorBody(429, "rate_limit_exceeded"), "Retry-After: 121\r\n"));
        using FlexInferenceClient client = Client(server.BaseUrl);
        var clock = Stopwatch.StartNew();

        var error = await Throws<RateLimitException>(() => CallAsync(client, sync));

        Assert.Equal(1, server.Count);
        Assert.Equal(TimeSpan.FromSeconds(121), error.RetryAfter);
        Assert.Contains("MaxRetryAfter", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}"); // nothing was slept
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_servers_wait_is_slept_before_the_retry(bool sync)
    {
        await using var server = RecordingServer.Answering(HttpResponse(429, ErrorBody(429), "retry-after-ms: 400\r\nRetry-After: 30\r\n"), HttpResponse(200, Fixtures.Read("responses.response.json")));
        using FlexInferenceClient client = Client(server.BaseUrl);
        var clock = Stopwatch.StartNew();

        await CallAsync(client, sync);

        Assert.Equal(2, server.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(390), $"the retry came after {clock.Elapsed}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_garbage_hint_falls_back_to_the_backoff(bool sync)
    {
        await using var server = RecordingServer.Answering(HttpResponse(503, ErrorBody(503), "Retry-After: soon\r\nretry-after-ms: NaN\r\n"), HttpResponse(200, Fixtures.Read("responses.response.json")));
        using FlexInferenceClient client = Client(server.BaseUrl);
        var delays = RecordDelays(client);

        await CallAsync(client, sync);

        Assert.InRange(Assert.Single(delays), TimeSpan.FromMilliseconds(375), TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task A_per_call_MaxRetries_overrides_the_clients()
    {
        await using var server = RecordingServer.Answering(HttpResponse(503, ErrorBody(503)));
        using FlexInferenceClient many = Client(server.BaseUrl, options => options.MaxRetries = 5);
        using FlexInferenceClient none = Client(server.BaseUrl, options => options.MaxRetries = 0);
        RecordDelays(many);
        RecordDelays(none);

        await Throws<ServerException>(() => CallAsync(many, sync: false, new RequestOptions { MaxRetries = 0 }));
        await Throws<ServerException>(() => CallAsync(none, sync: true, new RequestOptions { MaxRetries = 1 }));

        Assert.Equal(1 + 2, server.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_clock_timeout_is_never_retried(bool sync)
    {
        await using var server = new RecordingServer(async (_, _, _, token) => await Task.Delay(Timeout.Infinite, token));
        using FlexInferenceClient client = Client(server.BaseUrl, options => options.FirstByteTimeout = TimeSpan.FromMilliseconds(200));
        RecordDelays(client);

        var error = await Throws<FlexInferenceTimeoutException>(() => CallAsync(client, sync));

        Assert.Equal(FlexInferenceClock.FirstByte, error.Clock);
        Assert.Equal(1, server.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stream_whose_opening_fails_with_503_is_retried_and_then_streams(bool sync)
    {
        await using var server = new SseServer(async exchange =>
        {
            if (exchange.Index == 1)
            {
                await exchange.WriteRawAsync(HttpResponse(503, ErrorBody(503)));
                return;
            }

            await exchange.HeadersAsync();
            await exchange.SendAsync(StreamKit.Fixture("responses.sse"));
            await exchange.EndAsync();
        });
        using FlexInferenceClient client = server.Client();
        RecordDelays(client);

        string text = await ReadText(client, sync);

        Assert.Equal(2, server.Requests.Count);
        Assert.NotEmpty(text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stream_is_never_retried_once_it_has_delivered_an_event(bool sync)
    {
        // Two events, then the connection breaks; then a frame-level 503. Neither may be sent again.
        string[] frames = StreamKit.FixtureText("responses.sse").Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        await using var cut = new SseServer(async exchange =>
        {
            await exchange.HeadersAsync();
            await exchange.SendAsync(frames[0] + "\n\n" + frames[1] + "\n\n");
            exchange.Reset();
        });
        await using var failed = SseServer.Chunked(StreamKit.FixtureText("responses.failed.sse"));
        using FlexInferenceClient cutClient = cut.Client();
        using FlexInferenceClient failedClient = failed.Client();
        RecordDelays(cutClient);
        RecordDelays(failedClient);

        await Throws<StreamEndedEarlyException>(() => ReadText(cutClient, sync));
        await Throws<StreamFailedException>(() => ReadText(failedClient, sync));

        Assert.Single(cut.Requests);
        Assert.Single(failed.Requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Retried_calls_and_stream_openings_give_every_connection_back(bool sync)
    {
        // One connection allowed: if a failed attempt kept its connection, the retry would wait for it for ever.
        byte[] busy = Encoding.ASCII.GetBytes($"HTTP/1.1 503 Busy\r\nContent-Type: application/json\r\nContent-Length: {ErrorBody(503).Length}\r\n\r\n{ErrorBody(503)}");
        byte[] sse = StreamKit.Fixture("responses.sse");
        byte[] json = ResponseBody;
        await using var server = new RecordingServer(async (index, request, stream, token) =>
        {
            bool streaming = Encoding.UTF8.GetString(request.Body).Contains("\"stream\":true", StringComparison.Ordinal);
            byte[] body = streaming ? sse : json;
            byte[] answer = index % 2 == 0
                ? busy
                : [.. Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: {(streaming ? "text/event-stream" : "application/json")}\r\nContent-Length: {body.Length}\r\n\r\n"), .. body];
            await stream.WriteAsync(answer, token);
        }, keepAlive: true);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { Timeout = Timeout.InfiniteTimeSpan };
        using FlexInferenceClient client = Client(server.BaseUrl, options =>
        {
            options.HttpClient = http;
            options.TotalTimeout = TimeSpan.FromSeconds(10);
        });
        RecordDelays(client);

        for (int i = 0; i < 10; i++)
        {
            Assert.NotEmpty(await ReadText(client, sync));
            await CallAsync(client, sync);
        }

        Assert.Equal(40, server.Count);
        Assert.Equal(1, server.Connections); // every attempt, failed or not, went back to the pool
    }

    private static async Task<string> ReadText(FlexInferenceClient client, bool sync)
    {
        if (sync)
        {
            return await Task.Run(() =>
            {
                using ResponseStream stream = client.Responses.CreateStreaming(Request, cancellationToken: Token);
                return string.Concat(stream.TextDeltas());
            }, Token);
        }

        await using ResponseStream opened = await client.Responses.CreateStreamingAsync(Request, cancellationToken: Token);
        var text = new StringBuilder();
        await foreach (string delta in opened.TextDeltasAsync(Token))
        {
            text.Append(delta);
        }

        return text.ToString();
    }
}
