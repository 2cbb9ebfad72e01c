using System.Text.Json.Nodes;

namespace FlexInference.Testing.Tests.ClientIntegration;

/// <summary>The SDK client against the embedded router: the same calls users make, end to end on loopback.</summary>
public sealed class ClientAgainstRouterTests : IAsyncLifetime
{
    private FlexInferenceTestServer _router = null!;
    private FlexInferenceClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _router = await FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions
        {
            TimeScale = 0.01,
            StreamEventDelay = TimeSpan.Zero,
            FlexProfiles =
            {
                ["gpt-5.5"] = FlexProfile.AdmittedAfter(TimeSpan.FromSeconds(2)),
                ["gpt-5.4-mini"] = FlexProfile.NeverAdmitted,
            },
        }, TestContext.Current.CancellationToken);
        _client = new FlexInferenceClient(FlexInferenceTestServer.TestApiKey, new FlexInferenceClientOptions { BaseUrl = _router.BaseUrl });
    }

    [Fact]
    public async Task A_won_race_and_a_fallback_are_reported_with_their_cost()
    {
        Response won = await _client.Responses.CreateAsync(Request("gpt-5.5", StartWithin.Within(TimeSpan.FromSeconds(30))), cancellationToken: TestContext.Current.CancellationToken);
        Response fellBack = await _client.Responses.CreateAsync(Request("gpt-5.4-mini", StartWithin.Within(TimeSpan.FromSeconds(10))), cancellationToken: TestContext.Current.CancellationToken);

        ServedRoute flex = won.GetRouting();
        ServedRoute standard = fellBack.GetRouting();
        Assert.True(flex.IsFlex);
        Assert.Equal(RoutingReason.FlexWon, flex.Reason);
        Assert.Equal(RoutingReason.FlexDeadline, standard.Reason);
        Assert.False(standard.IsFlex);
        long? expected = PriceTable.CreateDefault().CostMicroUsd("gpt-5.5", "flex", won.Usage!.InputTokens!.Value, won.Usage.OutputTokens!.Value);
        Assert.NotNull(expected);
        Assert.Equal(expected, flex.CostMicroUsd);
        Assert.Equal(flex.CostMicroUsd, won.Usage.Cost!.TotalMicroUsd);
        Assert.Equal("openai", flex.Headers["x-flexinference-served-provider"]);
    }

    [Fact]
    public async Task Every_format_answers_in_its_own_shape_through_the_client()
    {
        CancellationToken token = TestContext.Current.CancellationToken;

        CreateChatCompletionResponse chat = await _client.Chat.Completions.CreateAsync(new CreateChatCompletionRequest
        {
            Model = "gpt-5.5", Messages = [new ChatCompletionRequestUserMessage { Content = "chat here" }], StartWithin = StartWithin.Priority,
        }, cancellationToken: token);
        InteractionObject interaction = await _client.Interactions.CreateAsync(new InteractionCreateParams
        {
            Model = "gemini-2.5-flash", Input = "interaction here", StartWithin = StartWithin.Default,
        }, cancellationToken: token);
        MessageObject message = _client.Messages.Create(new MessageCreateParams
        {
            Model = "claude-opus-4-8", MaxTokens = 100, Messages = [new Message { Role = "user", Content = "message here" }], StartWithin = StartWithin.Auto,
        }, cancellationToken: token);

        Assert.Contains("chat here", chat.OutputText(), StringComparison.Ordinal);
        Assert.Equal(ServiceTier.Priority, chat.GetRouting().ServiceTier);
        Assert.Contains("interaction here", interaction.InteractionOutputText(), StringComparison.Ordinal);
        Assert.Equal("google", interaction.GetRouting().Provider);
        Assert.Contains("message here", message.MessageOutputText(), StringComparison.Ordinal);
        Assert.Equal("anthropic", message.GetRouting().Provider);
    }

    [Fact]
    public async Task Streams_on_every_format_deliver_text_that_matches_their_final_object()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        await using ResponseStream responses = await _client.Responses.CreateStreamingAsync(Request("gpt-5.5", StartWithin.Within(TimeSpan.FromSeconds(20))) with { IncludeCost = true }, cancellationToken: token);
        string responsesText = string.Concat(await responses.TextDeltasAsync(token).ToListAsync(token));
        Response final = await responses.GetFinalResponseAsync(token);

        await using ChatCompletionStream chat = await _client.Chat.Completions.CreateStreamingAsync(new CreateChatCompletionRequest
        {
            Model = "gpt-5.5", Messages = [new ChatCompletionRequestUserMessage { Content = "count" }], StartWithin = StartWithin.Default,
        }, cancellationToken: token);
        string chatText = string.Concat(await chat.TextDeltasAsync(token).ToListAsync(token));

        using InteractionStream interaction = _client.Interactions.CreateStreaming(new InteractionCreateParams
        {
            Model = "gemini-2.5-flash", Input = "count", StartWithin = StartWithin.Default,
        }, cancellationToken: token);
        string interactionText = string.Concat(interaction.TextDeltas());

        await using MessageStream message = await _client.Messages.CreateStreamingAsync(new MessageCreateParams
        {
            Model = "claude-opus-4-8", MaxTokens = 100, Messages = [new Message { Role = "user", Content = "count" }], StartWithin = StartWithin.Default,
        }, cancellationToken: token);
        MessageObject messageFinal = await message.GetFinalMessageAsync(token);

        Assert.NotEmpty(responsesText);
        Assert.Equal(final.OutputText(), responsesText);
        Assert.Equal(RoutingReason.FlexWon, responses.Routing.Reason);
        Assert.NotNull(responses.Routing.CostMicroUsd); // include_cost puts cost on the completed event
        Assert.Equal((await chat.GetFinalCompletionAsync(token)).OutputText(), chatText);
        Assert.Equal(interaction.GetFinalInteraction().InteractionOutputText(), interactionText);
        Assert.Contains("count", messageFinal.MessageOutputText(), StringComparison.Ordinal);
        Assert.NotNull(messageFinal.Usage?.OutputTokens);
    }

    [Fact]
    public async Task Scripted_faults_surface_as_the_documented_exceptions()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        CreateResponse request = Request("gpt-5.5", StartWithin.Default);

        _router.Faults.Enqueue(Fault.PaymentRequired());
        var payment = await Assert.ThrowsAsync<PaymentRequiredException>(() => _client.Responses.CreateAsync(request, cancellationToken: token));
        _router.Faults.Enqueue(Fault.RateLimited(TimeSpan.FromSeconds(9)));
        // Retries are on by default and would sleep through the 9 s; this call asks for one attempt to see the error itself.
        var rate = await Assert.ThrowsAsync<RateLimitException>(() => _client.Responses.CreateAsync(request, new RequestOptions { MaxRetries = 0 }, token));
        _router.Faults.Enqueue(Fault.FailMidStream(afterEvents: 4));
        await using ResponseStream failing = await _client.Responses.CreateStreamingAsync(request, cancellationToken: token);
        var failed = await Assert.ThrowsAsync<StreamFailedException>(async () => await failing.TextDeltasAsync(token).ToListAsync(token));
        _router.Faults.Enqueue(Fault.TruncateStream(afterEvents: 3));
        await using ChatCompletionStream truncated = await _client.Chat.Completions.CreateStreamingAsync(new CreateChatCompletionRequest
        {
            Model = "gpt-5.5", Messages = [], StartWithin = StartWithin.Default,
        }, cancellationToken: token);
        await Assert.ThrowsAsync<StreamEndedEarlyException>(async () => await truncated.TextDeltasAsync(token).ToListAsync(token));

        Assert.Equal(FlexInferenceErrorCodes.InsufficientBalance, payment.Code);
        Assert.Equal(TimeSpan.FromSeconds(9), rate.RetryAfter);
        Assert.Equal(502, failed.Status);
        Assert.Equal(failed.TextSoFar, failing.TextSoFar);
    }

    [Fact]
    public async Task Stalls_fire_the_first_byte_and_idle_clocks()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        using var client = new FlexInferenceClient(FlexInferenceTestServer.TestApiKey, new FlexInferenceClientOptions
        {
            BaseUrl = _router.BaseUrl, FirstByteTimeout = TimeSpan.FromMilliseconds(300), IdleTimeout = TimeSpan.FromMilliseconds(300),
        });

        _router.Faults.Enqueue(Fault.StallBeforeHeaders(TimeSpan.FromSeconds(20)));
        var firstByte = await Assert.ThrowsAsync<FlexInferenceTimeoutException>(() => client.Responses.CreateAsync(Request("gpt-5.5", StartWithin.Default), cancellationToken: token));
        _router.Faults.Enqueue(Fault.StallAfterEvents(afterEvents: 2, TimeSpan.FromSeconds(20)));
        await using ResponseStream stream = await client.Responses.CreateStreamingAsync(Request("gpt-5.5", StartWithin.Default), cancellationToken: token);
        var idle = await Assert.ThrowsAsync<FlexInferenceTimeoutException>(async () => await stream.TextDeltasAsync(token).ToListAsync(token));

        Assert.Equal(FlexInferenceClock.FirstByte, firstByte.Clock);
        Assert.Equal(FlexInferenceClock.Idle, idle.Clock);
    }

    public static TheoryData<string> LocalRules => new()
    {
        """{"model":"gpt-5.5","input":"x"}""",
        """{"model":"gpt-5.5","input":"x","start_within":"standard"}""",
        """{"model":"gpt-5.5","input":"x","start_within":"00h-00m-04s"}""",
        """{"model":"gpt-5.5","input":"x","start_within":"default","service_tier":"flex"}""",
        """{"model":"claude-opus-4-8","input":"x","start_within":"00h-00m-30s"}""",
        """{"model":"gemini-2.5-flash","input":"x","start_within":"auto"}""",
        """{"input":"x","start_within":"default"}""",
        """{"model":"gpt-5.5","input":"x","start_within":"default","provider":["openai","openai"]}""",
    };

    [Theory]
    [MemberData(nameof(LocalRules))]
    public async Task The_client_refuses_locally_with_the_code_the_router_answers_with(string body)
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        var local = await Assert.ThrowsAsync<FlexInferenceValidationException>(() => _client.Responses.CreateAsync(JsonNode.Parse(body)!.AsObject(), cancellationToken: token));
        int before = _router.Requests.Count;

        using HttpClient http = _router.CreateHttpClient();
        using HttpResponseMessage answer = await http.PostAsync("responses", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), token);
        JsonNode error = JsonNode.Parse(await answer.Content.ReadAsStringAsync(token))!["error"]!;

        Assert.Equal(before + 1, _router.Requests.Count); // only the raw call reached the router
        Assert.Equal(400, (int)answer.StatusCode);
        Assert.Equal((string?)error["code"], local.Code);
    }

    private static CreateResponse Request(string model, StartWithin startWithin) => new() { Model = model, Input = "Say something.", StartWithin = startWithin };

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _router.DisposeAsync();
    }
}
