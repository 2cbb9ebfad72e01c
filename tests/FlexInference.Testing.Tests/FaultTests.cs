using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlexInference.Testing.Tests;

/// <summary>Every scripted fault: errors in each envelope, stream failures, truncation, stalls, oversized and raw answers, matching.</summary>
public sealed class FaultTests
{
    public static TheoryData<string> Surfaces() => new(Api.Surfaces);

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task Payment_required_is_a_402_billing_error_in_the_surface_envelope(string surface)
    {
        await using FlexInferenceTestServer router = await StartAsync();
        router.Faults.Enqueue(Fault.PaymentRequired());
        using HttpClient client = Api.Client(router);

        using HttpResponseMessage failed = await Api.PostAsync(client, surface, Api.Body(surface));
        using HttpResponseMessage next = await Api.PostAsync(client, surface, Api.Body(surface));

        JsonElement block = (await ErrorAssert.ResponseAsync(surface, failed, 402, FlexInferenceErrorCodes.InsufficientBalance)).GetProperty("error").GetProperty("flexinference");
        Assert.Equal("billing", block.GetProperty("class").GetString());
        Assert.False(block.GetProperty("retryable").GetBoolean());
        Assert.Equal(200, (int)next.StatusCode);
        Assert.Equal(0, router.Faults.Pending);
    }

    [Fact]
    public async Task Payment_required_can_carry_an_older_code()
    {
        await using FlexInferenceTestServer router = await StartAsync();
        router.Faults.Enqueue(Fault.PaymentRequired(FlexInferenceErrorCodes.PaymentRequired));
        using HttpClient client = Api.Client(router);

        using HttpResponseMessage response = await Api.PostAsync(client, Api.Responses, Api.Body(Api.Responses));

        JsonElement error = (await ErrorAssert.ResponseAsync(Api.Responses, response, 402, "payment_required")).GetProperty("error");
        Assert.Equal("billing_error", error.GetProperty("type").GetString());
    }

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task Rate_limited_is_a_429_with_retry_after_seconds(string surface)
    {
        await using FlexInferenceTestServer router = await StartAsync();
        router.Faults.Enqueue(Fault.RateLimited(TimeSpan.FromSeconds(6.2)));
        using HttpClient client = Api.Client(router);

        using HttpResponseMessage response = await Api.PostAsync(client, surface, Api.Body(surface));

        JsonElement block = (await ErrorAssert.ResponseAsync(surface, response, 429, FlexInferenceErrorCodes.RateLimitExceeded)).GetProperty("error").GetProperty("flexinference");
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter!.Delta);
        Assert.Equal("quota", block.GetProperty("class").GetString());
        Assert.True(block.GetProperty("retryable").GetBoolean());
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(529)]
    public async Task A_server_error_without_a_code_is_a_provider_fault_passed_through(int status)
    {
        await using FlexInferenceTestServer router = await StartAsync();
        router.Faults.Enqueue(Fault.ServerError(status), times: 4);
        using HttpClient client = Api.Client(router);

        foreach (string surface in Api.Surfaces)
        {
            using HttpResponseMessage response = await Api.PostAsync(client, surface, Api.Body(surface, "gemini-2.5-flash"));
            JsonElement block = (await ErrorAssert.ResponseAsync(surface, response, status, code: null)).GetProperty("error").GetProperty("flexinference");
            Assert.Equal("gemini", block.GetProperty("provider").GetString());
            Assert.Equal("upstream", block.GetProperty("class").GetString());
            Assert.True(block.GetProperty("retryable").GetBoolean());
        }
    }

    [Fact]
    public async Task A_server_error_with_a_code_keeps_the_catalogue_class_and_any_status_can_be_scripted()
    {
        await using FlexInferenceTestServer router = await StartAsync();
        router.Faults
            .Enqueue(Fault.ServerError(500, FlexInferenceErrorCodes.PiiMaskingFailed))
            .Enqueue(Fault.Error(403, FlexInferenceErrorCodes.ModerationBlocked, "Blocked for the test."))
            .Enqueue(Fault.Error(401, FlexInferenceErrorCodes.RevokedApiKey));
        using HttpClient client = Api.Client(router);

        using HttpResponseMessage pii = await Api.PostAsync(client, Api.Responses, Api.Body(Api.Responses));
        using HttpResponseMessage moderated = await Api.PostAsync(client, Api.Messages, Api.Body(Api.Messages));
        using HttpResponseMessage revoked = await client.GetAsync("models", TestContext.Current.CancellationToken);

        Assert.Equal("internal", (await ErrorAssert.ResponseAsync(Api.Responses, pii, 500, "pii_masking_failed")).GetProperty("error").GetProperty("flexinference").GetProperty("class").GetString());
        JsonElement moderation = await ErrorAssert.ResponseAsync(Api.Messages, moderated, 403, "moderation_blocked");
        Assert.Equal("Blocked for the test.", moderation.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("permission_error", moderation.GetProperty("error").GetProperty("type").GetString());
        await ErrorAssert.ResponseAsync("models", revoked, 401, "revoked_api_key");
        Assert.Equal(3, router.Faults.Played.Count);
    }

    [Theory]
    [InlineData(Api.Responses, "response.failed")]
    [InlineData(Api.Chat, "error")]
    [InlineData(Api.Interactions, "error")]
    [InlineData(Api.Messages, "error")]
    public async Task A_mid_stream_failure_ends_with_the_surface_error_frame_and_keeps_200(string surface, string lastKind)
    {
        await using FlexInferenceTestServer router = await StartAsync();
        router.Faults.Enqueue(Fault.FailMidStream(afterEvents: 3));
        using HttpClient client = Api.Client(router);

        using HttpResponseMessage response = await Api.PostAsync(client, surface, Streaming(surface), HttpCompletionOption.ResponseHeadersRead);
        List<SseFrame> frames = await Sse.ReadAllAsync(response);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(4, frames.Count);
        Assert.Equal(lastKind, frames[^1].Kind);
        Assert.DoesNotContain(frames, frame => frame.Data == "[DONE]");
        JsonElement error = surface == Api.Responses
            ? frames[^1].Json.GetProperty("response").GetProperty("error")
            : frames[^1].Json.GetProperty("error");
        JsonElement block = error.GetProperty("flexinference");
        Assert.Equal(502, block.GetProperty("status").GetInt32());
        Assert.Equal("provider", block.GetProperty("origin").GetString());
        Assert.Equal("upstream", block.GetProperty("class").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        if (surface == Api.Responses)
        {
            Assert.Equal("failed", frames[^1].Json.GetProperty("response").GetProperty("status").GetString());
            Assert.True(frames[^1].Json.Deserialize(FlexInferenceJsonContext.Default.ResponseStreamEvent)!.IsResponseFailedEvent);
        }
    }

    [Fact]
    public async Task A_mid_stream_failure_past_the_last_event_fails_just_before_the_terminal_event()
    {
        await using FlexInferenceTestServer router = await StartAsync();
        router.Faults.Enqueue(Fault.FailMidStream(afterEvents: 1000, statusCode: 429, code: FlexInferenceErrorCodes.RateLimitExceeded));
        using HttpClient client = Api.Client(router);

        using HttpResponseMessage response = await Api.PostAsync(client, Api.Messages, Streaming(Api.Messages), HttpCompletionOption.ResponseHeadersRead);
        List<SseFrame> frames = await Sse.ReadAllAsync(response);

        Assert.Equal("message_delta", frames[^2].Kind);
        JsonElement block = frames[^1].Json.GetProperty("error").GetProperty("flexinference");
        Assert.Equal(429, block.GetProperty("status").GetInt32());
        Assert.Equal("rate_limit_exceeded", block.GetProperty("code").GetString());
        Assert.Equal("rate_limit_error", frames[^1].Json.GetProperty("error").GetProperty("type").GetString());
    }

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task A_truncated_stream_ends_cleanly_without_its_terminal_event(string surface)
    {
        await using FlexInferenceTestServer router = await StartAsync();
        router.Faults.Enqueue(Fault.TruncateStream(afterEvents: 4));
        using HttpClient client = Api.Client(router);

        using HttpResponseMessage response = await Api.PostAsync(client, surface, Streaming(surface), HttpCompletionOption.ResponseHeadersRead);
        List<SseFrame> frames = await Sse.ReadAllAsync(response);

        Assert.Equal(4, frames.Count);
        Assert.DoesNotContain(frames, frame => frame.Kind is "response.completed" or "[DONE]" or "interaction.completed" or "message_stop" or "error");
    }

    [Fact]
    public async Task A_truncated_stream_can_drop_the_connection()
    {
        await using FlexInferenceTestServer router = await StartAsync();
        router.Faults.Enqueue(Fault.TruncateStream(afterEvents: 2, abortConnection: true));
        using HttpClient client = Api.Client(router);

        using HttpResponseMessage response = await Api.PostAsync(client, Api.Responses, Streaming(Api.Responses), HttpCompletionOption.ResponseHeadersRead);
        var frames = new List<string>();

        await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            await using Stream stream = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
            await foreach (System.Net.ServerSentEvents.SseItem<string> item in System.Net.ServerSentEvents.SseParser.Create(stream).EnumerateAsync(TestContext.Current.CancellationToken))
            {
                frames.Add(item.EventType);
            }
        });
        Assert.Equal(["response.created", "response.in_progress"], frames);
    }

    [Fact]
    public async Task Stream_faults_wait_for_a_streaming_request()
    {
        await using FlexInferenceTestServer router = await StartAsync();
        router.Faults.Enqueue(Fault.TruncateStream(afterEvents: 1));
        using HttpClient client = Api.Client(router);

        using HttpResponseMessage plain = await Api.PostAsync(client, Api.Chat, Api.Body(Api.Chat));
        Assert.Equal(200, (int)plain.StatusCode);
        Assert.Equal(1, router.Faults.Pending);

        using HttpResponseMessage streamed = await Api.PostAsync(client, Api.Chat, Streaming(Api.Chat), HttpCompletionOption.ResponseHeadersRead);
        Assert.Single(await Sse.ReadAllAsync(streamed));
        Assert.Equal(0, router.Faults.Pending);
    }

    [Fact]
    public async Task Stall_before_headers_sends_nothing_for_the_duration_then_serves()
    {
        await using FlexInferenceTestServer router = await StartAsync();
        router.Faults.Enqueue(Fault.StallBeforeHeaders(TimeSpan.FromMilliseconds(300)));
        using HttpClient client = Api.Client(router);

        (HttpResponseMessage response, TimeSpan headersAfter) = await Api.TimeHeadersAsync(client, Api.Responses, Api.Body(Api.Responses));
        using (response)
        {
            Assert.True(headersAfter >= TimeSpan.FromMilliseconds(250), $"Headers after {headersAfter.TotalMilliseconds} ms.");
            Assert.Equal(200, (int)response.StatusCode);
        }
    }

    [Fact]
    public async Task Stall_after_headers_sends_the_headers_then_holds_the_body()
    {
        await using FlexInferenceTestServer router = await StartAsync();
        router.Faults.Enqueue(Fault.StallAfterHeaders(TimeSpan.FromMilliseconds(300)));
        using HttpClient client = Api.Client(router);

        (HttpResponseMessage response, _) = await Api.TimeHeadersAsync(client, Api.Responses, Api.Body(Api.Responses));
        using (response)
        {
            var stopwatch = Stopwatch.StartNew();
            JsonElement body = await Api.JsonAsync(response);

            Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(200), $"Body after {stopwatch.Elapsed.TotalMilliseconds} ms.");
            Assert.Equal("response", body.GetProperty("object").GetString());
        }
    }

    [Fact]
    public async Task Stall_after_events_pauses_a_stream_in_the_middle()
    {
        await using FlexInferenceTestServer router = await StartAsync();
        router.Faults.Enqueue(Fault.StallAfterEvents(2, TimeSpan.FromMilliseconds(300)));
        using HttpClient client = Api.Client(router);

        (HttpResponseMessage response, _) = await Api.TimeHeadersAsync(client, Api.Interactions, Streaming(Api.Interactions));
        using (response)
        {
            var stopwatch = Stopwatch.StartNew();
            List<SseFrame> frames = await Sse.ReadAllAsync(response);

            Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(250));
            Assert.Equal("interaction.completed", frames[^1].Kind);
        }
    }

    [Fact]
    public async Task An_oversized_body_has_exactly_the_requested_bytes()
    {
        await using FlexInferenceTestServer router = await StartAsync();
        router.Faults
            .Enqueue(Fault.OversizedBody(2_000_000))
            .Enqueue(Fault.OversizedBody(100_000, 200, "text/event-stream"));
        using HttpClient client = Api.Client(router);

        using HttpResponseMessage json = await Api.PostAsync(client, Api.Responses, Api.Body(Api.Responses));
        byte[] jsonBytes = await json.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        using HttpResponseMessage sse = await Api.PostAsync(client, Api.Responses, Streaming(Api.Responses));
        string sseText = await sse.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2_000_000, jsonBytes.Length);
        Assert.Equal(2_000_000 - 14, JsonDocument.Parse(jsonBytes).RootElement.GetProperty("padding").GetString()!.Length);
        Assert.Equal(100_000, sseText.Length);
        Assert.StartsWith("data: aaa", sseText, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", sseText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_raw_answer_is_sent_exactly()
    {
        await using FlexInferenceTestServer router = await StartAsync();
        router.Faults.Enqueue(Fault.Raw(418, "<html>teapot</html>", "text/html", new Dictionary<string, string> { ["x-custom"] = "yes" }));
        using HttpClient client = Api.Client(router);

        using HttpResponseMessage response = await Api.PostAsync(client, Api.Chat, Api.Body(Api.Chat));

        Assert.Equal(418, (int)response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("yes", Api.Header(response, "x-custom"));
        Assert.Equal("<html>teapot</html>", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Faults_match_by_path_and_predicate_and_can_repeat()
    {
        await using FlexInferenceTestServer router = await StartAsync();
        router.Faults
            .Enqueue(Fault.ServerError(503).ForPath("messages"), times: 2)
            .Enqueue(Fault.PaymentRequired().When(request => request.Model == "gpt-5-nano"));
        using HttpClient client = Api.Client(router);

        using HttpResponseMessage responses = await Api.PostAsync(client, Api.Responses, Api.Body(Api.Responses));
        using HttpResponseMessage messages1 = await Api.PostAsync(client, Api.Messages, Api.Body(Api.Messages));
        using HttpResponseMessage messages2 = await Api.PostAsync(client, Api.Messages, Api.Body(Api.Messages));
        using HttpResponseMessage messages3 = await Api.PostAsync(client, Api.Messages, Api.Body(Api.Messages));
        using HttpResponseMessage nano = await Api.PostAsync(client, Api.Chat, Api.Body(Api.Chat, "gpt-5-nano"));

        Assert.Equal([200, 503, 503, 200, 402], new[] { responses, messages1, messages2, messages3, nano }.Select(response => (int)response.StatusCode));
        Assert.Equal(0, router.Faults.Pending);
        Assert.Equal("/v1/messages", router.Faults.Played[0].Path);
    }

    [Fact]
    public async Task An_unlimited_fault_applies_until_cleared()
    {
        await using FlexInferenceTestServer router = await StartAsync();
        router.Faults.Enqueue(Fault.RateLimited(), times: int.MaxValue);
        using HttpClient client = Api.Client(router);

        for (int i = 0; i < 3; i++)
        {
            using HttpResponseMessage limited = await client.GetAsync("limits", TestContext.Current.CancellationToken);
            Assert.Equal(429, (int)limited.StatusCode);
        }

        router.Faults.Clear();
        using HttpResponseMessage served = await client.GetAsync("limits", TestContext.Current.CancellationToken);
        Assert.Equal(200, (int)served.StatusCode);
    }

    [Fact]
    public void Fault_factories_reject_impossible_values()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Fault.ServerError(404));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fault.Error(200, "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fault.TruncateStream(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fault.StallBeforeHeaders(TimeSpan.FromSeconds(-1)));
        Assert.Equal("FailMidStream(after 3 events, 502) on /v1/chat/completions", Fault.FailMidStream(3).ForPath("chat/completions").ToString());
    }

    private static Task<FlexInferenceTestServer> StartAsync() =>
        FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions { TimeScale = 0 }, TestContext.Current.CancellationToken);

    private static JsonObject Streaming(string surface)
    {
        JsonObject body = Api.Body(surface);
        body["stream"] = true;
        return body;
    }
}
