using System.Text.Json;
using FlexInference.Testing;
using Router = Consumer.Router;

namespace FlexInference.ConsumerTypes.Tests;

/// <summary>
/// A consumer's own types, generated from a newer spec into Consumer.Router, go through the client: every field they
/// know reaches the wire and comes back typed, validated like the SDK's own types, with the route report.
/// </summary>
public sealed class SendingConsumerTypesTests : IDisposable
{
    private const string ResponseBody = """
        {"id":"resp_1","object":"response","created_at":1763971200,"status":"completed","model":"gpt-5.5-2026-08-14",
         "output":[{"type":"message","role":"assistant","content":[{"type":"output_text","text":"Hi!"}]}],
         "service_tier":"flex","end_user":"user-42","top_logprobs":2.5,"prompt_cache_retention":"24h",
         "usage":{"input_tokens":3,"output_tokens":2,"total_tokens":5,"cost":{"total_micro_usd":17,"currency":"USD"},
                  "routing":{"provider":"openai","requested_provider":"openai","tier":"flex","reason":"flex_won","fallback_attempts":0,"mode":"byok"}},
         "a_field_nobody_knows":{"nested":[1,2.50,"x"]}}
        """;

    private static readonly Dictionary<string, string> RouterHeaders = new()
    {
        ["x-flexinference-served-provider"] = "openai",
        ["x-flexinference-retries"] = "1",
        ["x-request-id"] = "req_consumer_1",
    };

    private readonly ConsumerRouter _router = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Router.CreateResponse NewRequest() => new()
    {
        Model = "gpt-5.5",
        Input = "Say hi.",
        StartWithin = Router.StartWithin.Within(TimeSpan.FromSeconds(30)),
        PromptCacheRetention = "24h",
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_newer_request_is_sent_with_its_new_field_and_the_newer_response_is_read_back_typed(bool sync)
    {
        _router.Reply("/responses", ResponseBody, headers: RouterHeaders);
        using FlexInferenceClient client = _router.Client();
        Router.FlexInferenceJsonContext json = Router.FlexInferenceJsonContext.Default;

        Router.Response response = sync
            ? client.Responses.Create(NewRequest(), json.CreateResponse, json.Response, cancellationToken: Token)
            : await client.Responses.CreateAsync(NewRequest(), json.CreateResponse, json.Response, cancellationToken: Token);

        Assert.Equal(
            """{"model":"gpt-5.5","input":"Say hi.","start_within":"00h-00m-30s","prompt_cache_retention":"24h"}""",
            _router.LastBody);
        Assert.Equal("24h", response.PromptCacheRetention);
        Assert.Equal("user-42", response.User);
        Assert.Equal(2.5, response.TopLogprobs);
        Assert.Equal(Router.ServiceTier.Flex, response.ServiceTier);
        Assert.Equal(17, response.Usage!.Cost!.TotalMicroUsd);

        // Nothing lost: the one field even the consumer's spec does not know is kept byte for byte.
        Assert.Equal("a_field_nobody_knows", Assert.Single(response.AdditionalProperties!).Key);
        Assert.Equal("""{"nested":[1,2.50,"x"]}""", response.AdditionalProperties!["a_field_nobody_knows"].GetRawText());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetRouting_works_on_the_consumers_response_from_body_and_headers(bool sync)
    {
        _router.Reply("/responses", ResponseBody, headers: RouterHeaders);
        using FlexInferenceClient client = _router.Client();
        Router.FlexInferenceJsonContext json = Router.FlexInferenceJsonContext.Default;

        Router.Response response = sync
            ? client.Responses.Create(NewRequest(), json.CreateResponse, json.Response, cancellationToken: Token)
            : await client.Responses.CreateAsync(NewRequest(), json.CreateResponse, json.Response, cancellationToken: Token);
        ServedRoute route = response.GetRouting();

        Assert.Equal(ServiceTier.Flex, route.ServiceTier);
        Assert.Equal("openai", route.Provider);
        Assert.Equal(RoutingReason.FlexWon, route.Reason);
        Assert.Equal(17, route.CostMicroUsd);
        Assert.Equal("USD", route.Currency);
        Assert.Equal(1, route.RouterRetries);
        Assert.Equal("req_consumer_1", route.RequestId);
    }

    [Fact]
    public void GetRouting_on_an_object_that_did_not_come_from_the_client_says_why_there_is_no_report()
    {
        Router.Response built = JsonSerializer.Deserialize(ResponseBody, Router.FlexInferenceJsonContext.Default.Response)!;

        var error = Assert.Throws<InvalidOperationException>(() => built.GetRouting());

        Assert.Contains("did not come from a FlexInference client call", error.Message, StringComparison.Ordinal);
        Assert.Contains("CreateAsync(request, MyJsonContext.Default.CreateResponse, MyJsonContext.Default.Response)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_consumers_request_is_validated_locally_like_the_sdks_own_and_nothing_is_sent(bool sync)
    {
        using FlexInferenceClient client = _router.Client();
        Router.FlexInferenceJsonContext json = Router.FlexInferenceJsonContext.Default;
        Router.CreateResponse noWindow = NewRequest() with { StartWithin = null };
        Router.CreateResponse durationOnClaude = NewRequest() with { Model = "claude-opus-4-8" };

        var missing = sync
            ? Assert.Throws<FlexInferenceValidationException>(() => client.Responses.Create(noWindow, json.CreateResponse, json.Response, cancellationToken: Token))
            : await Assert.ThrowsAsync<FlexInferenceValidationException>(() => client.Responses.CreateAsync(noWindow, json.CreateResponse, json.Response, cancellationToken: Token));
        var claude = await Assert.ThrowsAsync<FlexInferenceValidationException>(() => client.Responses.CreateAsync(durationOnClaude, json.CreateResponse, json.Response, cancellationToken: Token));

        Assert.Equal("start_within", missing.ParamName);
        Assert.Equal(FlexInferenceErrorCodes.FlexUnsupportedForAnthropic, claude.Code);
        Assert.Empty(_router.Received);
    }

    [Fact]
    public async Task Null_metadata_is_refused_with_the_parameter_name()
    {
        using FlexInferenceClient client = _router.Client();

        var error = await Assert.ThrowsAsync<ArgumentNullException>(
            () => client.Responses.CreateAsync(NewRequest(), Router.FlexInferenceJsonContext.Default.CreateResponse, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<Router.Response>)null!, cancellationToken: Token));

        Assert.Equal("responseType", error.ParamName);
        Assert.Empty(_router.Received);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stream_reads_the_consumers_event_type_with_text_and_route_report(bool sync)
    {
        const string Sse = """
            event: response.created
            data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_2","object":"response","status":"in_progress"}}

            event: response.output_text.delta
            data: {"type":"response.output_text.delta","sequence_number":1,"delta":"Hel"}

            event: response.output_text.delta
            data: {"type":"response.output_text.delta","sequence_number":2,"delta":"lo"}

            event: response.completed
            data: {"type":"response.completed","sequence_number":3,"response":{"id":"resp_2","object":"response","status":"completed","service_tier":"flex","prompt_cache_retention":"24h","usage":{"total_tokens":5,"cost":{"total_micro_usd":9,"currency":"USD"},"routing":{"provider":"openai","tier":"flex","reason":"flex_won"}}}}


            """;
        _router.Reply("/responses", Sse.Replace("\r\n", "\n", StringComparison.Ordinal), "text/event-stream", RouterHeaders);
        using FlexInferenceClient client = _router.Client();
        Router.FlexInferenceJsonContext json = Router.FlexInferenceJsonContext.Default;

        var events = new List<Router.ResponseStreamEvent>();
        FlexInferenceEventStream<Router.ResponseStreamEvent> stream = sync
            ? client.Responses.CreateStreaming(NewRequest(), json.CreateResponse, json.ResponseStreamEvent, cancellationToken: Token)
            : await client.Responses.CreateStreamingAsync(NewRequest(), json.CreateResponse, json.ResponseStreamEvent, cancellationToken: Token);
        using (stream)
        {
            Assert.Equal("openai", stream.Routing.Provider); // from the headers, before any event
            if (sync)
            {
                events.AddRange(stream);
            }
            else
            {
                await foreach (Router.ResponseStreamEvent item in stream.WithCancellation(Token))
                {
                    events.Add(item);
                }
            }

            Assert.True(stream.IsCompleted);
            Assert.Equal("Hello", stream.TextSoFar);
            Assert.Equal(9, stream.Routing.CostMicroUsd);
            Assert.Equal(RoutingReason.FlexWon, stream.Routing.Reason);
        }

        using JsonDocument sent = JsonDocument.Parse(_router.LastBody);
        Assert.True(sent.RootElement.GetProperty("stream").GetBoolean());
        Assert.Equal("24h", sent.RootElement.GetProperty("prompt_cache_retention").GetString());
        Assert.Equal(["response.created", "response.output_text.delta", "response.output_text.delta", "response.completed"], events.Select(e => e.Type));
        Assert.Equal("24h", events[^1].Response!.PromptCacheRetention);
    }

    [Fact]
    public async Task The_embedded_router_serves_the_consumers_types_with_a_real_flex_race_report()
    {
        await using FlexInferenceTestServer server = await FlexInferenceTestServer.StartAsync(cancellationToken: Token);
        using var client = new FlexInferenceClient(FlexInferenceTestServer.TestApiKey, new FlexInferenceClientOptions { BaseUrl = server.BaseUrl });
        Router.FlexInferenceJsonContext json = Router.FlexInferenceJsonContext.Default;

        Router.Response response = await client.Responses.CreateAsync(NewRequest() with { StartWithin = Router.StartWithin.Default }, json.CreateResponse, json.Response, cancellationToken: Token);
        ServedRoute route = response.GetRouting();

        RecordedRequest recorded = Assert.Single(server.Requests);
        Assert.Equal("24h", recorded.Json!.Value.GetProperty("prompt_cache_retention").GetString());
        Assert.Equal("default", recorded.StartWithin);
        Assert.Equal(response.ServiceTier?.Value, route.ServiceTier?.Value);
        Assert.NotNull(route.Provider);
        Assert.False(string.IsNullOrEmpty(response.Id));
    }

    public void Dispose() => _router.Dispose();
}
