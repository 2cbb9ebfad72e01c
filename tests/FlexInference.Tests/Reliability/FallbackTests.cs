using System.Text;
using FlexInference.Testing;
using static FlexInference.Tests.Reliability.ReliabilityKit;

namespace FlexInference.Tests.Reliability;

/// <summary>
/// The client fallback (<see cref="FlexFallbackPolicy"/>) against the embedded router, every case through the async and
/// the synchronous API: what triggers it, what it resends, what it never resends, and the budgets it shares with retries.
/// </summary>
public sealed class FallbackTests
{
    private const string Race = "00h-00m-30s";

    public static TheoryData<int, string?, string?, bool> Triggers()
    {
        var data = new TheoryData<int, string?, string?, bool>();
        (int Status, string? Code, string? Canonical)[] cases =
        [
            (402, FlexInferenceErrorCodes.PaymentRequired, FlexInferenceErrorCodes.PaymentRequired),
            (402, FlexInferenceErrorCodes.InsufficientBalance, FlexInferenceErrorCodes.InsufficientBalance),
            (402, FlexInferenceErrorCodes.FreeQuotaExceeded, FlexInferenceErrorCodes.FreeQuotaExceeded),
            (402, FlexInferenceErrorCodes.QuotaExceeded, FlexInferenceErrorCodes.QuotaExceeded),
            (402, "some_future_billing_code", "some_future_billing_code"),
            (402, null, null),
            (400, FlexInferenceErrorCodes.FlexModelNotCapable, FlexInferenceErrorCodes.FlexModelNotCapable),
            (400, "model_not_flex_capable", FlexInferenceErrorCodes.FlexModelNotCapable),
            (400, FlexInferenceErrorCodes.FlexUnsupportedForAnthropic, FlexInferenceErrorCodes.FlexUnsupportedForAnthropic),
            (400, FlexInferenceErrorCodes.FlexUnsupportedOnCloud, FlexInferenceErrorCodes.FlexUnsupportedOnCloud),
            (400, FlexInferenceErrorCodes.UnsupportedModel, FlexInferenceErrorCodes.UnsupportedModel),
        ];
        foreach ((int status, string? code, string? canonical) in cases)
        {
            data.Add(status, code, canonical, false);
            data.Add(status, code, canonical, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Triggers))]
    public async Task A_refused_flex_race_is_sent_again_once_at_default_and_the_route_says_so(int status, string? code, string? canonical, bool sync)
    {
        await using FlexInferenceTestServer router = await StartRouterAsync();
        router.Faults.Enqueue(Fault.Error(status, code));
        using FlexInferenceClient client = FallbackClient(router);

        Response response = await CallAsync(client, Raced(), sync);

        ClientFallback fallback = Assert.IsType<ClientFallback>(response.GetRouting().ClientFallback);
        Assert.Equal(status, fallback.Status);
        Assert.Equal(canonical, fallback.Code);
        Assert.Equal(StartWithin.Default, fallback.Tier);
        Assert.Equal(Race, fallback.RequestedStartWithin.Value);
        Assert.Equal(ServiceTier.Default, response.GetRouting().ServiceTier);
        Assert.Equal([Race, "default"], router.Requests.Select(r => r.StartWithin));
        Assert.Equal([status, 200], router.Requests.Select(r => r.StatusCode));
        Assert.Equal(["0", "1"], router.Requests.Select(r => r.Header("x-flexinference-retry-count")));
    }

    [Theory]
    [InlineData(400, "auto_unsupported_for_gemini", false)]
    [InlineData(400, "provider_model_mismatch", true)]
    [InlineData(400, "invalid_start_within", false)]
    [InlineData(403, "account_under_review", true)]
    [InlineData(401, "invalid_api_key", false)]
    [InlineData(404, null, true)]
    public async Task Other_refusals_are_not_a_trigger(int status, string? code, bool sync)
    {
        await using FlexInferenceTestServer router = await StartRouterAsync();
        router.Faults.Enqueue(Fault.Error(status, code));
        using FlexInferenceClient client = FallbackClient(router);

        var error = await Throws<FlexInferenceApiException>(() => CallAsync(client, Raced(), sync));

        Assert.Equal(status, error.Status);
        Assert.Single(router.Requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task It_is_off_by_default(bool sync)
    {
        await using FlexInferenceTestServer router = await StartRouterAsync();
        router.Faults.Enqueue(Fault.PaymentRequired());
        using FlexInferenceClient client = Client(router.BaseUrl);

        var error = await Throws<PaymentRequiredException>(() => CallAsync(client, Raced(), sync));

        Assert.DoesNotContain("FlexFallback", error.Message, StringComparison.Ordinal);
        Assert.Single(router.Requests);
    }

    [Theory]
    [InlineData("default", false)]
    [InlineData("priority", true)]
    [InlineData("auto", false)]
    public async Task A_request_that_asked_for_a_tier_word_is_never_resent(string startWithin, bool sync)
    {
        await using FlexInferenceTestServer router = await StartRouterAsync();
        router.Faults.Enqueue(Fault.PaymentRequired());
        using FlexInferenceClient client = FallbackClient(router);

        await Throws<PaymentRequiredException>(() => CallAsync(client, Raced() with { StartWithin = StartWithin.Parse(startWithin) }, sync));

        Assert.Single(router.Requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RequestOptions_turn_it_off_for_one_call_and_on_for_another(bool sync)
    {
        await using FlexInferenceTestServer router = await StartRouterAsync(billingPastDue: true);
        using FlexInferenceClient fallingBack = FallbackClient(router);
        using FlexInferenceClient plain = Client(router.BaseUrl);

        await Throws<PaymentRequiredException>(() => CallAsync(fallingBack, Raced(), sync, new RequestOptions { FlexFallback = FlexFallbackPolicy.Off }));
        Response served = await CallAsync(plain, Raced(), sync, new RequestOptions { FlexFallback = new FlexFallbackPolicy { Tier = StartWithin.Priority } });

        Assert.Equal(StartWithin.Priority, served.GetRouting().ClientFallback!.Tier);
        Assert.Equal([Race, Race, "priority"], router.Requests.Select(r => r.StartWithin));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MaxRetries_zero_means_send_exactly_once_and_the_error_says_why(bool sync)
    {
        await using FlexInferenceTestServer router = await StartRouterAsync(billingPastDue: true);
        using FlexInferenceClient client = FallbackClient(router, options => options.MaxRetries = 0);

        var error = await Throws<PaymentRequiredException>(() => CallAsync(client, Raced(), sync));

        Assert.Contains("MaxRetries = 0 means this call is sent exactly once", error.Message, StringComparison.Ordinal);
        Assert.Single(router.Requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_resend_uses_a_retry_of_the_budget_and_what_remains_after_it(bool sync)
    {
        await using FlexInferenceTestServer router = await StartRouterAsync();
        router.Faults.Enqueue(Fault.ServerError(503)).Enqueue(Fault.PaymentRequired()).Enqueue(Fault.ServerError(503));
        using FlexInferenceClient client = FallbackClient(router, options => options.MaxRetries = 2);
        RecordDelays(client);

        var error = await Throws<UpstreamProviderException>(() => CallAsync(client, Raced(), sync));

        // 503 (retry 1), 402 (the fallback is retry 2), 503: the budget of two retries is spent, so the last error is final.
        Assert.Equal([503, 402, 503], router.Requests.Select(r => r.StatusCode));
        Assert.Equal([Race, Race, "default"], router.Requests.Select(r => r.StartWithin));
        Assert.Contains("Sent 3 times (MaxRetries = 2)", error.Message, StringComparison.Ordinal);
        Assert.Contains("sent it again at start_within \"default\" (FlexFallback) after the flex race \"00h-00m-30s\" was refused with HTTP 402", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_spent_retry_budget_leaves_no_resend(bool sync)
    {
        await using FlexInferenceTestServer router = await StartRouterAsync();
        router.Faults.Enqueue(Fault.ServerError(503)).Enqueue(Fault.PaymentRequired());
        using FlexInferenceClient client = FallbackClient(router, options => options.MaxRetries = 1);
        RecordDelays(client);

        var error = await Throws<PaymentRequiredException>(() => CallAsync(client, Raced(), sync));

        Assert.Contains("the call's retry budget (MaxRetries = 1) is spent", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, router.Requests.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_resend_runs_under_the_same_total_budget(bool sync)
    {
        await using FlexInferenceTestServer router = await StartRouterAsync(billingPastDue: true);
        router.Faults.Enqueue(Fault.StallBeforeHeaders(TimeSpan.FromSeconds(5)).When(r => r.StartWithin == "default"));
        using FlexInferenceClient client = FallbackClient(router, options => options.TotalTimeout = TimeSpan.FromSeconds(1));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var timeout = await Throws<FlexInferenceTimeoutException>(() => CallAsync(client, Raced(), sync));

        Assert.Equal(FlexInferenceClock.Total, timeout.Clock);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"the total budget ended the resend after {clock.Elapsed}");
        Assert.Equal([Race, "default"], router.Requests.Select(r => r.StartWithin));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_resend_keeps_every_other_byte_of_the_body(bool sync)
    {
        await using FlexInferenceTestServer router = await StartRouterAsync(billingPastDue: true);
        using FlexInferenceClient client = FallbackClient(router);
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["input"] = "Caf\u00e9 \u2603 \"quoted\"",
            ["start_within"] = Race,
            ["model"] = "gpt-5.5",
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["start_within"] = "nested stays", ["n"] = 1.50 },
            ["temperature"] = 0.2,
        };

        if (sync)
        {
            await Task.Run(() => client.Responses.Create(body, cancellationToken: Token), Token);
        }
        else
        {
            await client.Responses.CreateAsync(body, cancellationToken: Token);
        }

        string first = Encoding.UTF8.GetString(router.Requests[0].Body);
        string second = Encoding.UTF8.GetString(router.Requests[1].Body);
        Assert.Equal(first.Replace("\"start_within\":\"00h-00m-30s\"", "\"start_within\":\"default\"", StringComparison.Ordinal), second);
        Assert.Contains("\"start_within\":\"nested stays\"", second, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_tier_the_model_cannot_take_is_not_sent_and_the_error_says_why(bool sync)
    {
        await using FlexInferenceTestServer router = await StartRouterAsync(billingPastDue: true);
        using FlexInferenceClient client = FallbackClient(router, options => options.FlexFallback = new FlexFallbackPolicy { Tier = StartWithin.Auto });

        var error = await Throws<PaymentRequiredException>(() => CallAsync(client, Raced() with { Model = "gemini-2.5-flash" }, sync));

        Assert.Contains("Not sent again at start_within \"auto\" (FlexFallback), because that request would be refused", error.Message, StringComparison.Ordinal);
        Assert.Contains("Gemini has no auto tier", error.Message, StringComparison.Ordinal);
        Assert.Single(router.Requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stream_refused_before_its_headers_falls_back(bool sync)
    {
        await using FlexInferenceTestServer router = await StartRouterAsync(billingPastDue: true);
        using FlexInferenceClient client = FallbackClient(router);
        var text = new StringBuilder();

        ResponseStream stream = sync
            ? await Task.Run(() => client.Responses.CreateStreaming(Raced(), cancellationToken: Token), Token)
            : await client.Responses.CreateStreamingAsync(Raced(), cancellationToken: Token);
        await using (stream)
        {
            Assert.Equal(StartWithin.Default, stream.Routing.ClientFallback!.Tier);
            await foreach (ResponseStreamEvent item in stream.WithCancellation(Token))
            {
                if (item.IsOutputTextDelta(out string? delta))
                {
                    text.Append(delta);
                }
            }

            Assert.Equal(FlexInferenceErrorCodes.PaymentRequired, stream.Routing.ClientFallback!.Code);
        }

        Assert.Contains("simulated answer", text.ToString(), StringComparison.Ordinal);
        Assert.All(router.Requests, r => Assert.True(r.IsStream));
        Assert.Equal([Race, "default"], router.Requests.Select(r => r.StartWithin));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stream_that_delivered_an_event_is_never_resent(bool sync)
    {
        await using FlexInferenceTestServer router = await StartRouterAsync();
        router.Faults.Enqueue(Fault.FailMidStream(afterEvents: 2, statusCode: 402, code: FlexInferenceErrorCodes.PaymentRequired));
        using FlexInferenceClient client = FallbackClient(router);

        await Throws<StreamFailedException>(async () =>
        {
            if (sync)
            {
                await Task.Run(() =>
                {
                    using ResponseStream stream = client.Responses.CreateStreaming(Raced(), cancellationToken: Token);
                    foreach (ResponseStreamEvent _ in stream)
                    {
                    }
                }, Token);
                return;
            }

            await using ResponseStream opened = await client.Responses.CreateStreamingAsync(Raced(), cancellationToken: Token);
            await foreach (ResponseStreamEvent _ in opened.WithCancellation(Token))
            {
            }
        });

        Assert.Single(router.Requests);
    }

    [Fact]
    public void A_duration_tier_is_refused_on_the_options_and_per_call()
    {
        var options = new FlexInferenceClientOptions
        {
            ApiKey = FlexInferenceTestServer.TestApiKey,
            FlexFallback = new FlexFallbackPolicy { Tier = StartWithin.Within(TimeSpan.FromSeconds(10)) },
        };

        var refused = Assert.Throws<FlexInferenceValidationException>(() => new FlexInferenceClient(options));
        Assert.Contains("FlexFallback.Tier must be a tier word", refused.Message, StringComparison.Ordinal);

        using var client = new FlexInferenceClient(FlexInferenceTestServer.TestApiKey);
        var perCall = Assert.Throws<FlexInferenceValidationException>(() => client.Responses.Create(
            Raced(), new RequestOptions { FlexFallback = new FlexFallbackPolicy { Tier = default } }, Token));
        Assert.Contains("RequestOptions.FlexFallback.Tier must be a tier word", perCall.Message, StringComparison.Ordinal);
        Assert.Contains("but it is empty", perCall.Message, StringComparison.Ordinal);
    }

    internal static CreateResponse Raced() => new() { Model = "gpt-5.5", Input = "Hello", StartWithin = StartWithin.Parse(Race) };

    internal static Task<FlexInferenceTestServer> StartRouterAsync(bool billingPastDue = false) =>
        FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions { TimeScale = 0, BillingPastDue = billingPastDue }, Token);

    internal static FlexInferenceClient FallbackClient(FlexInferenceTestServer router, Action<FlexInferenceClientOptions>? configure = null) =>
        Client(router.BaseUrl, options =>
        {
            options.FlexFallback = FlexFallbackPolicy.ToDefault;
            configure?.Invoke(options);
        });

    internal static async Task<Response> CallAsync(FlexInferenceClient client, CreateResponse request, bool sync, RequestOptions? options = null) =>
        sync
            ? await Task.Run(() => client.Responses.Create(request, options, Token), Token)
            : await client.Responses.CreateAsync(request, options, Token);
}
