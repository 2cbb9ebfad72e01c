using System.Diagnostics;
using System.Text.Json.Nodes;
using FlexInference.Pipeline;
using FlexInference.Surfaces;
using FlexInference.Validation;
using FlexInference.Testing;
using static FlexInference.Tests.Reliability.ReliabilityKit;

namespace FlexInference.Tests.Observability;

/// <summary>
/// The <c>FlexInference</c> ActivitySource and Meter against the embedded router: one Client span per call with the gen_ai
/// and routing attributes, the three gen_ai histograms and the cost counter, streams spanning their whole life, failures
/// and retries, the four formats, and nothing (no allocation) while nobody listens.
/// </summary>
[Collection(nameof(TelemetryCollection))]
public sealed class TelemetryTests
{
    private const string Prompt = "Is the Musee d'Orsay open today? PROMPT-CANARY";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_call_is_one_client_span_with_gen_ai_and_routing_attributes_and_its_metrics(bool sync)
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(cancellationToken: Token);
        using var capture = new TelemetryCapture(router.BaseUrl);
        using FlexInferenceClient client = RouterClient(router);
        var request = new CreateResponse { Model = "gpt-5.5", Input = Prompt, StartWithin = StartWithin.Within(TimeSpan.FromSeconds(30)) };

        Response response = sync
            ? await Task.Run(() => client.Responses.Create(request, cancellationToken: Token), Token)
            : await client.Responses.CreateAsync(request, cancellationToken: Token);

        ServedRoute route = response.GetRouting();
        Activity span = Assert.Single(capture.Spans);
        Assert.Equal("FlexInference", span.Source.Name);
        Assert.Equal("chat gpt-5.5", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("flexinference", span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal("flexinference", span.GetTagItem("gen_ai.system"));
        Assert.Equal("gpt-5.5", span.GetTagItem("gen_ai.request.model"));
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
        Assert.Equal(router.BaseUrl.Port, span.GetTagItem("server.port"));
        Assert.Equal(request.StartWithin.ToString(), span.GetTagItem("flexinference.request.start_within"));
        Assert.Equal(false, span.GetTagItem("flexinference.request.stream"));
        Assert.Equal(response.Model, span.GetTagItem("gen_ai.response.model"));
        Assert.Equal(response.Id, span.GetTagItem("gen_ai.response.id"));
        Assert.Equal((long?)response.Usage!.InputTokens, span.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal((long?)response.Usage.OutputTokens, span.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal(route.ServiceTier!.Value.ToString(), span.GetTagItem("flexinference.response.service_tier"));
        Assert.Equal(route.Reason!.Value.ToString(), span.GetTagItem("flexinference.routing.reason"));
        Assert.Equal(route.Provider, span.GetTagItem("flexinference.routing.provider"));
        Assert.NotNull(route.CostMicroUsd);
        Assert.Equal(route.CostMicroUsd, span.GetTagItem("flexinference.cost.micro_usd"));
        Assert.Equal(1, span.GetTagItem("flexinference.client.attempts"));
        Assert.Null(span.GetTagItem("error.type"));

        Measured duration = Assert.Single(capture.Of("gen_ai.client.operation.duration"));
        Assert.Equal("FlexInference", duration.Meter.Name);
        Assert.Equal("s", duration.Unit);
        Assert.InRange(duration.Value, double.Epsilon, span.Duration.TotalSeconds + 1);
        Assert.Equal("chat", duration.Tag("gen_ai.operation.name"));
        Assert.Equal("flexinference", duration.Tag("gen_ai.provider.name"));
        Assert.Equal("gpt-5.5", duration.Tag("gen_ai.request.model"));
        Assert.Equal(response.Model, duration.Tag("gen_ai.response.model"));
        Assert.Equal("127.0.0.1", duration.Tag("server.address"));
        Assert.Equal(route.ServiceTier.Value.ToString(), duration.Tag("flexinference.response.service_tier"));
        Assert.Null(duration.Tag("error.type"));
        IReadOnlyList<Measured> tokens = capture.Of("gen_ai.client.token.usage");
        Assert.Equal(response.Usage.InputTokens, (int)Assert.Single(tokens, m => (string?)m.Tag("gen_ai.token.type") == "input").Value);
        Assert.Equal(response.Usage.OutputTokens, (int)Assert.Single(tokens, m => (string?)m.Tag("gen_ai.token.type") == "output").Value);
        Assert.All(tokens, m => Assert.Equal("{token}", m.Unit));
        // The conventions' recommended boundaries travel as advice, so exporters use them without a View.
        Assert.Equal(
            [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92],
            ((System.Diagnostics.Metrics.Histogram<double>)duration.Source).Advice!.HistogramBucketBoundaries!);
        Assert.Equal(
            [1L, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864],
            ((System.Diagnostics.Metrics.Histogram<long>)tokens[0].Source).Advice!.HistogramBucketBoundaries!);
        Assert.Equal(route.CostMicroUsd, (long)Assert.Single(capture.Of("flexinference.client.cost")).Value);
        Assert.Empty(capture.Of("gen_ai.client.operation.time_to_first_chunk")); // streams only
        NoSecretsOrContent(capture);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stream_is_one_span_that_ends_when_the_stream_is_consumed_with_time_to_first_chunk(bool sync)
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(cancellationToken: Token);
        using var capture = new TelemetryCapture(router.BaseUrl);
        using FlexInferenceClient client = RouterClient(router);
        var request = new CreateResponse { Model = "gpt-5.5", Input = Prompt, StartWithin = StartWithin.Default, IncludeCost = true };

        (Response final, ServedRoute route, int spansWhileOpen, Activity? parent, Activity? ambientAfterOpen) = await Task.Run(async () =>
        {
            using Activity? caller = TelemetryCapture.ParentSource.StartActivity("caller");
            ResponseStream stream = sync
                ? client.Responses.CreateStreaming(request, cancellationToken: Token)
                : await client.Responses.CreateStreamingAsync(request, cancellationToken: Token);
            Activity? ambient = Activity.Current;
            int open = capture.Spans.Count;
            using (stream)
            {
                if (sync)
                {
                    foreach (ResponseStreamEvent _ in stream)
                    {
                    }
                }
                else
                {
                    await foreach (ResponseStreamEvent _ in stream)
                    {
                    }
                }

                return (await stream.GetFinalResponseAsync(Token), stream.Routing, open, caller, ambient);
            }
        }, Token);

        Assert.Equal(0, spansWhileOpen); // the span covers the whole stream, not just the headers
        Assert.NotNull(parent);
        Assert.Same(parent, ambientAfterOpen); // opening a stream leaves the caller's own span ambient
        Activity span = Assert.Single(capture.Spans);
        Assert.Equal(parent.SpanId, span.ParentSpanId);
        Assert.Equal(true, span.GetTagItem("flexinference.request.stream"));
        Assert.Equal(true, span.GetTagItem("flexinference.stream.completed"));
        Assert.Equal(final.Id, span.GetTagItem("gen_ai.response.id"));
        Assert.Equal(final.Model, span.GetTagItem("gen_ai.response.model"));
        Assert.Equal((long?)final.Usage!.InputTokens, span.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal((long?)final.Usage.OutputTokens, span.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal(route.CostMicroUsd, span.GetTagItem("flexinference.cost.micro_usd"));
        Assert.Equal(route.ServiceTier?.ToString(), span.GetTagItem("flexinference.response.service_tier"));
        double firstChunk = Assert.IsType<double>(span.GetTagItem("gen_ai.response.time_to_first_chunk"));
        Assert.InRange(firstChunk, 0, span.Duration.TotalSeconds);

        Measured ttfc = Assert.Single(capture.Of("gen_ai.client.operation.time_to_first_chunk"));
        Assert.Equal(firstChunk, ttfc.Value);
        Assert.Equal("s", ttfc.Unit);
        Assert.Single(capture.Of("gen_ai.client.operation.duration"));
        Assert.Equal(2, capture.Of("gen_ai.client.token.usage").Count);
        NoSecretsOrContent(capture);
    }

    [Fact]
    public async Task A_stream_left_early_ends_its_span_on_dispose_without_an_error()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(cancellationToken: Token);
        using var capture = new TelemetryCapture(router.BaseUrl);
        using FlexInferenceClient client = RouterClient(router);

        await using (ResponseStream stream = await client.Responses.CreateStreamingAsync(Request, cancellationToken: Token))
        {
            await foreach (ResponseStreamEvent _ in stream)
            {
                break;
            }
        }

        Activity span = Assert.Single(capture.Spans);
        Assert.Equal(false, span.GetTagItem("flexinference.stream.completed"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Null(span.GetTagItem("error.type"));
        Assert.Single(capture.Of("gen_ai.client.operation.time_to_first_chunk"));
    }

    [Fact]
    public async Task A_stream_that_fails_midway_ends_its_span_with_the_error_class()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(cancellationToken: Token);
        router.Faults.Enqueue(Fault.FailMidStream(afterEvents: 2));
        using var capture = new TelemetryCapture(router.BaseUrl);
        using FlexInferenceClient client = RouterClient(router);

        StreamFailedException failure = await Throws<StreamFailedException>(async () =>
        {
            await using ResponseStream stream = await client.Responses.CreateStreamingAsync(Request, cancellationToken: Token);
            await foreach (ResponseStreamEvent _ in stream)
            {
            }
        });

        Activity span = Assert.Single(capture.Spans);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(failure.Code ?? failure.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), span.GetTagItem("error.type"));
        Assert.Equal(false, span.GetTagItem("flexinference.stream.completed"));
        Assert.Equal(span.GetTagItem("error.type"), Assert.Single(capture.Of("gen_ai.client.operation.duration")).Tag("error.type"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_402_ends_the_span_with_an_error_status_and_the_routers_code_but_no_message(bool sync)
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(cancellationToken: Token);
        router.Faults.Enqueue(Fault.PaymentRequired(message: "MESSAGE-CANARY: top up your balance"));
        using var capture = new TelemetryCapture(router.BaseUrl);
        using FlexInferenceClient client = RouterClient(router);

        PaymentRequiredException error = await Throws<PaymentRequiredException>(() => CallAsync(client, sync));

        Activity span = Assert.Single(capture.Spans);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(FlexInferenceErrorCodes.InsufficientBalance, error.Code);
        Assert.Equal(error.Code, span.GetTagItem("error.type"));
        Assert.Contains("402", span.StatusDescription, StringComparison.Ordinal);
        Measured duration = Assert.Single(capture.Of("gen_ai.client.operation.duration"));
        Assert.Equal(error.Code, duration.Tag("error.type"));
        Assert.Empty(capture.Of("gen_ai.client.token.usage"));
        Assert.DoesNotContain("MESSAGE-CANARY", capture.AllText(), StringComparison.Ordinal); // a message may quote a body: never an attribute
        NoSecretsOrContent(capture);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_retry_is_an_event_on_the_one_span_of_the_call(bool sync)
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(cancellationToken: Token);
        router.Faults.Enqueue(Fault.ServerError(503));
        using var capture = new TelemetryCapture(router.BaseUrl);
        using FlexInferenceClient client = RouterClient(router);
        RecordDelays(client);

        await CallAsync(client, sync);

        Activity span = Assert.Single(capture.Spans);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal(2, span.GetTagItem("flexinference.client.attempts"));
        ActivityEvent retry = Assert.Single(span.Events);
        Assert.Equal("flexinference.retry", retry.Name);
        Dictionary<string, object?> tags = retry.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal(1, tags["flexinference.retry.number"]);
        Assert.Equal("HTTP 503", tags["flexinference.retry.reason"]);
        Assert.InRange((long)tags["flexinference.retry.delay_ms"]!, 100, 500);
        Assert.Null(Assert.Single(capture.Of("gen_ai.client.operation.duration")).Tag("error.type"));
    }

    [Theory]
    [InlineData("chat", false)]
    [InlineData("chat", true)]
    [InlineData("interactions", false)]
    [InlineData("interactions", true)]
    [InlineData("messages", false)]
    [InlineData("messages", true)]
    [InlineData("raw", false)]
    [InlineData("raw", true)]
    public async Task Every_format_reports_its_model_id_and_tokens(string format, bool stream)
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(cancellationToken: Token);
        using var capture = new TelemetryCapture(router.BaseUrl);
        using FlexInferenceClient client = RouterClient(router);

        (string model, string? id, long? input, long? output) = await Call(client, format, stream);

        Activity span = Assert.Single(capture.Spans);
        Assert.Equal("chat " + model, span.DisplayName);
        Assert.Equal(id, span.GetTagItem("gen_ai.response.id"));
        Assert.NotNull(input);
        Assert.NotNull(output);
        Assert.Equal(input, span.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(output, span.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal(stream ? 1 : 0, capture.Of("gen_ai.client.operation.time_to_first_chunk").Count);
        Assert.Equal(2, capture.Of("gen_ai.client.token.usage").Count);
        NoSecretsOrContent(capture);
    }

    [Fact]
    public async Task Model_and_limit_lookups_leave_spans_to_the_HttpClient()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(cancellationToken: Token);
        using var capture = new TelemetryCapture(router.BaseUrl);
        using FlexInferenceClient client = RouterClient(router);

        await client.Models.ListAsync(cancellationToken: Token);

        Assert.Empty(capture.Started);
        Assert.Empty(capture.Measurements);
    }

    [Fact]
    public void Nothing_is_recorded_or_allocated_while_nobody_listens()
    {
        using FlexInferenceClient client = Client(new Uri("http://127.0.0.1:9/v1"));
        var call = new ApiCall(Surface.Responses, "/responses", [], new RequestFacts("gpt-5.5", StartWithin.Default), null);
        Assert.Null(client.Pipeline.Settings.Telemetry.Start(call, streaming: false)); // warm-up, and no listener

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            Assert.Null(client.Pipeline.Settings.Telemetry.Start(call, streaming: i % 2 == 0));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public async Task Metrics_alone_need_no_span_and_a_span_alone_needs_no_metrics()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(cancellationToken: Token);
        using FlexInferenceClient client = RouterClient(router);

        using (var metricsOnly = new TelemetryCapture(router.BaseUrl, activities: false))
        {
            await CallAsync(client, sync: false);
            Assert.Empty(metricsOnly.Started);
            Assert.Single(metricsOnly.Of("gen_ai.client.operation.duration"));
        }

        using var tracingOnly = new TelemetryCapture(router.BaseUrl, metrics: false);
        await CallAsync(client, sync: false);
        Assert.Single(tracingOnly.Spans);
        Assert.Empty(tracingOnly.Measurements);
    }

    private static FlexInferenceClient RouterClient(FlexInferenceTestServer router) =>
        Client(new FlexInferenceClientOptions { BaseUrl = router.BaseUrl, ApiKey = FlexInferenceTestServer.TestApiKey });

    private static void NoSecretsOrContent(TelemetryCapture capture)
    {
        string text = capture.AllText();
        Assert.DoesNotContain(FlexInferenceTestServer.TestApiKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain("PROMPT-CANARY", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", text, StringComparison.Ordinal);
    }

    /// <summary>One call in <paramref name="format"/>: what the answer says about itself, to compare with the span.</summary>
    private static async Task<(string Model, string? Id, long? Input, long? Output)> Call(FlexInferenceClient client, string format, bool stream)
    {
        switch (format)
        {
            case "chat":
            {
                var request = new CreateChatCompletionRequest
                {
                    Model = "gpt-5.5", Messages = [new ChatCompletionRequestUserMessage { Content = Prompt }], StartWithin = StartWithin.Default,
                };
                CreateChatCompletionResponse answer;
                if (stream)
                {
                    await using ChatCompletionStream opened = await client.Chat.Completions.CreateStreamingAsync(request, cancellationToken: Token);
                    answer = await opened.GetFinalCompletionAsync(Token);
                }
                else
                {
                    answer = await client.Chat.Completions.CreateAsync(request, cancellationToken: Token);
                }

                return ("gpt-5.5", answer.Id, answer.Usage?.PromptTokens, answer.Usage?.CompletionTokens);
            }

            case "interactions":
            {
                var request = new InteractionCreateParams { Model = "gemini-3.5-flash", Input = Prompt, StartWithin = StartWithin.Default };
                InteractionObject answer;
                if (stream)
                {
                    await using InteractionStream opened = await client.Interactions.CreateStreamingAsync(request, cancellationToken: Token);
                    answer = await opened.GetFinalInteractionAsync(Token);
                }
                else
                {
                    answer = await client.Interactions.CreateAsync(request, cancellationToken: Token);
                }

                return ("gemini-3.5-flash", answer.Id, answer.Usage?.TotalInputTokens, answer.Usage?.TotalOutputTokens);
            }

            case "messages":
            {
                var request = new MessageCreateParams
                {
                    Model = "claude-opus-4-8", MaxTokens = 256, Messages = [new Message { Role = "user", Content = Prompt }], StartWithin = StartWithin.Default,
                };
                MessageObject answer;
                if (stream)
                {
                    await using MessageStream opened = await client.Messages.CreateStreamingAsync(request, cancellationToken: Token);
                    answer = await opened.GetFinalMessageAsync(Token);
                }
                else
                {
                    answer = await client.Messages.CreateAsync(request, cancellationToken: Token);
                }

                MessageUsage usage = answer.Usage!;
                return ("claude-opus-4-8", answer.Id, usage.InputTokens + (usage.CacheReadInputTokens ?? 0) + (usage.CacheCreationInputTokens ?? 0), usage.OutputTokens);
            }

            default:
            {
                var body = new JsonObject { ["model"] = "gpt-5.4-mini", ["input"] = Prompt, ["start_within"] = "default" };
                if (!stream)
                {
                    JsonObject answer = await client.Responses.CreateAsync(body, cancellationToken: Token);
                    return ("gpt-5.4-mini", (string?)answer["id"], (long?)answer["usage"]?["input_tokens"], (long?)answer["usage"]?["output_tokens"]);
                }

                JsonObject? completed = null;
                await using JsonEventStream opened = await client.Responses.CreateStreamingAsync(body, cancellationToken: Token);
                await foreach (JsonObject item in opened)
                {
                    if ((string?)item["type"] == "response.completed")
                    {
                        completed = item["response"]!.AsObject();
                    }
                }

                Assert.NotNull(completed);
                return ("gpt-5.4-mini", (string?)completed["id"], (long?)completed["usage"]?["input_tokens"], (long?)completed["usage"]?["output_tokens"]);
            }
        }
    }
}
