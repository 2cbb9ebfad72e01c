using FlexInference.Tests.Infrastructure;
using FlexInference.Tests.Streaming;
using Microsoft.Extensions.Logging;
using static FlexInference.Tests.Reliability.ReliabilityKit;

namespace FlexInference.Tests.Reliability;

/// <summary>The client's log events: stable ids and names, the allow-listed facts they carry, and bodies only on request.</summary>
public sealed class LoggingTests
{
    private const string Routed = "x-request-id: req_log_1\r\nx-flexinference-served-provider: openai\r\nx-flexinference-routing-reason: flex_won\r\nx-flexinference-retries: 1\r\n";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_served_call_logs_its_start_and_route_with_stable_ids_and_no_body(bool sync)
    {
        await using var server = RecordingServer.Answering(HttpResponse(200, Fixtures.Read("responses.response.json"), Routed));
        var logs = new MemoryLoggerFactory();
        using FlexInferenceClient client = Client(server.BaseUrl, options => options.LoggerFactory = logs);

        await CallAsync(client, sync);

        LogLine starting = Single(logs, 1, "RequestStarting", LogLevel.Debug);
        Assert.Equal("gpt-5.5", starting.Values["Model"]);
        Assert.Equal("default", starting.Values["StartWithin"]);
        Assert.Equal("/responses", starting.Values["Path"]);
        Assert.Equal(1, starting.Values["Attempt"]);
        LogLine served = Single(logs, 2, "RequestServed", LogLevel.Information);
        Assert.Equal(200, served.Values["Status"]);
        Assert.Equal("flex", served.Values["Tier"]);
        Assert.Equal("flex_won", served.Values["Reason"]);
        Assert.Equal("openai", served.Values["Provider"]);
        Assert.Equal(1, served.Values["RouterRetries"]);
        Assert.Equal("req_log_1", served.Values["RequestId"]);
        Assert.Equal("FlexInference.FlexInferenceClient", served.Category);
        Assert.DoesNotContain("Orsay open today", logs.AllText(), StringComparison.Ordinal); // no request body by default
        Assert.DoesNotContain(logs.Lines, line => line.EventId.Id is 10 or 11);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_retry_and_a_final_failure_are_logged_with_the_reason_delay_status_and_code(bool sync)
    {
        await using var server = RecordingServer.Answering(HttpResponse(503, ErrorBody(503)), HttpResponse(401, ErrorBody(401, "invalid_api_key")));
        var logs = new MemoryLoggerFactory();
        using FlexInferenceClient client = Client(server.BaseUrl, options => options.LoggerFactory = logs);
        RecordDelays(client);

        await Throws<AuthenticationException>(() => CallAsync(client, sync));

        LogLine retry = Single(logs, 3, "RetryScheduled", LogLevel.Warning);
        Assert.Equal("HTTP 503", retry.Values["Reason"]);
        Assert.Equal(1, retry.Values["Retry"]);
        Assert.Equal(2, retry.Values["MaxRetries"]);
        Assert.InRange((long)retry.Values["DelayMs"]!, 375, 500);
        LogLine failed = Single(logs, 4, "RequestFailed", LogLevel.Warning);
        Assert.Equal("AuthenticationException", failed.Values["ExceptionType"]);
        Assert.Equal(401, failed.Values["Status"]);
        Assert.Equal("invalid_api_key", failed.Values["Code"]);
        Assert.Equal(2, failed.Values["Attempts"]);
        Assert.IsType<AuthenticationException>(failed.Exception);
        Assert.Equal([1, 2], logs.Lines.Where(l => l.EventId.Id == 1).Select(l => (int)l.Values["Attempt"]!));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Bodies_are_logged_at_trace_only_when_asked(bool sync)
    {
        await using var server = RecordingServer.Answering(HttpResponse(400, ErrorBody(400, "missing_start_within")));
        var logs = new MemoryLoggerFactory();
        using FlexInferenceClient client = Client(server.BaseUrl, options =>
        {
            options.LoggerFactory = logs;
            options.LogBodies = true;
        });

        await Throws<FlexInferenceBadRequestException>(() => CallAsync(client, sync));

        LogLine request = Single(logs, 10, "RequestBody", LogLevel.Trace);
        Assert.Contains("Orsay open today", (string)request.Values["Body"]!, StringComparison.Ordinal);
        LogLine error = Single(logs, 11, "ErrorBody", LogLevel.Trace);
        Assert.Contains("scripted 400", (string)error.Values["Body"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stream_logs_how_it_ended(bool sync)
    {
        await using var complete = SseServer.Chunked(StreamKit.FixtureText("responses.sse"));
        await using var failing = SseServer.Chunked(StreamKit.FixtureText("responses.failed.sse"));
        var logs = new MemoryLoggerFactory();
        using FlexInferenceClient good = complete.Client(options => options.LoggerFactory = logs);
        using FlexInferenceClient bad = failing.Client(options => options.LoggerFactory = logs);

        await Read(good, sync);
        await Throws<StreamFailedException>(() => Read(bad, sync));

        Assert.Equal(2, logs.Lines.Count(l => l.EventId.Id == 2)); // both opened and were served
        Assert.Contains(logs.Lines, l => l.EventId.Id == 5 && l.EventId.Name == "StreamEnded" && (bool)l.Values["Completed"]!);
        LogLine failed = Single(logs, 6, "StreamFailed", LogLevel.Warning);
        Assert.Equal("StreamFailedException", failed.Values["ExceptionType"]);
        Assert.Equal(502, failed.Values["Status"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_callers_cancellation_is_logged_as_canceled_not_as_a_failure(bool sync)
    {
        await using var server = new RecordingServer(async (_, _, _, token) => await Task.Delay(Timeout.Infinite, token));
        var logs = new MemoryLoggerFactory();
        using FlexInferenceClient client = Client(server.BaseUrl, options => options.LoggerFactory = logs);
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Token);
        caller.CancelAfter(200);

        await Throws<OperationCanceledException>(() => CallAsync(client, sync, token: caller.Token));

        Single(logs, 7, "RequestCanceled", LogLevel.Debug);
        Assert.DoesNotContain(logs.Lines, line => line.EventId.Id == 4);
    }

    [Fact]
    public async Task Without_a_logger_factory_nothing_is_logged_and_nothing_breaks()
    {
        await using var server = RecordingServer.Answering(HttpResponse(200, Fixtures.Read("responses.response.json")));
        using FlexInferenceClient client = Client(server.BaseUrl);

        Response response = await CallAsync(client, sync: false);

        Assert.NotNull(response.Id);
    }

    private static LogLine Single(MemoryLoggerFactory logs, int id, string name, LogLevel level)
    {
        LogLine line = Assert.Single(logs.Lines, l => l.EventId.Id == id);
        Assert.Equal(name, line.EventId.Name);
        Assert.Equal(level, line.Level);
        return line;
    }

    private static Task Read(FlexInferenceClient client, bool sync) => Task.Run(async () =>
    {
        if (sync)
        {
            using ResponseStream stream = client.Responses.CreateStreaming(Request, cancellationToken: Token);
            foreach (ResponseStreamEvent _ in stream)
            {
            }

            return;
        }

        await using ResponseStream opened = await client.Responses.CreateStreamingAsync(Request, cancellationToken: Token);
        await foreach (ResponseStreamEvent _ in opened)
        {
        }
    }, Token);
}
