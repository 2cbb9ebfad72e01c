using System.Text.Json.Nodes;
using FlexInference.Tests.Infrastructure;

namespace FlexInference.Tests.Reliability;

/// <summary>
/// What hostile-server probes found (issues 18 and 19): each case ends in a documented exception or a clear local
/// refusal, never the runtime's own exception.
/// </summary>
public sealed class HostileServerTests : IDisposable
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly MockRouter _router = MockRouter.Start();

    public void Dispose() => _router.Dispose();

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public async Task A_dot_segment_model_id_is_refused_before_anything_is_sent(string model)
    {
        using FlexInferenceClient client = _router.Client();

        var sync = Assert.Throws<FlexInferenceValidationException>(() => client.Models.Retrieve(model, cancellationToken: Token));
        var async = await Assert.ThrowsAsync<FlexInferenceValidationException>(() => client.Models.RetrieveAsync(model, cancellationToken: Token));

        Assert.Contains("relative path segment", sync.Message, StringComparison.Ordinal);
        Assert.Contains("\"gpt-5.5\"", async.Message, StringComparison.Ordinal);
        Assert.Equal("model", sync.ParamName);
        Assert.Empty(_router.Received);
    }

    [Fact]
    public void A_clock_longer_than_a_timer_can_hold_is_refused_with_the_option_named()
    {
        var error = Assert.Throws<FlexInferenceValidationException>(() =>
            new FlexInferenceClient(MockRouter.ApiKey, new FlexInferenceClientOptions { BaseUrl = _router.BaseUrl, ConnectTimeout = TimeSpan.FromDays(40) }));

        Assert.Equal("ConnectTimeout", error.ParamName);
        Assert.Contains("ConnectTimeout must be at most", error.Message, StringComparison.Ordinal);
        Assert.Contains("Timeout.InfiniteTimeSpan", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_per_call_clock_longer_than_a_timer_can_hold_is_refused_before_anything_is_sent()
    {
        using FlexInferenceClient client = _router.Client();

        var error = await Assert.ThrowsAsync<FlexInferenceValidationException>(() => client.Responses.CreateAsync(Request,
            new RequestOptions { IdleTimeout = TimeSpan.FromDays(30) }, Token));

        Assert.Contains("RequestOptions.IdleTimeout must be at most", error.Message, StringComparison.Ordinal);
        Assert.Empty(_router.Received);
    }

    [Fact]
    public async Task A_JSON_error_body_that_starts_with_a_UTF8_BOM_keeps_its_fields()
    {
        _router.Reply("/responses", 402, "\uFEFF" + """{"error":{"message":"top up","type":"billing_error","code":"insufficient_balance","flexinference":{"class":"billing","retryable":false}}}""");
        using FlexInferenceClient client = _router.Client();

        var error = await Assert.ThrowsAsync<PaymentRequiredException>(() => client.Responses.CreateAsync(Request, cancellationToken: Token));

        Assert.Equal("insufficient_balance", error.Code);
        Assert.Equal("billing_error", error.Type);
        Assert.Equal("billing", error.ErrorClass);
        Assert.False(error.Retryable);
        Assert.StartsWith("FlexInference: top up", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_lone_surrogate_in_a_typed_answer_is_an_invalid_response(bool sync)
    {
        _router.Reply("/responses", 200, """{"id":"resp_\udc00","object":"response","model":"gpt-5.5","output":[]}""");
        using FlexInferenceClient client = _router.Client();

        var error = sync
            ? Assert.Throws<FlexInferenceInvalidResponseException>(() => client.Responses.Create(Request, cancellationToken: Token))
            : await Assert.ThrowsAsync<FlexInferenceInvalidResponseException>(() => client.Responses.CreateAsync(Request, cancellationToken: Token));

        Assert.Contains("not valid JSON for this endpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_raw_answer_with_a_duplicate_key_or_a_lone_surrogate_is_returned_and_reports_its_route_from_the_headers()
    {
        _router.Reply("/responses", 200, """{"id":"a","id":"b","model":"gpt-\udc00","service_tier":"flex","usage":{"input_tokens":1}}""",
            new Dictionary<string, string> { ["x-flexinference-routing-reason"] = "flex_won" });
        using FlexInferenceClient client = _router.Client(options => options.LoggerFactory = new MemoryLoggerFactory());

        JsonObject raw = await client.Responses.CreateAsync(new JsonObject { ["model"] = "gpt-5.5", ["input"] = "hi", ["start_within"] = "default" }, cancellationToken: Token);

        Assert.Equal("flex_won", raw.GetRouting().Reason?.ToString()); // read without throwing, logging on
    }

    [Fact]
    public async Task A_key_the_server_repeats_is_masked_with_a_short_prefix_and_suffix()
    {
        _router.Reply("/responses", 401, $$$"""{"error":{"message":"Incorrect API key provided: {{{MockRouter.ApiKey}}}","type":"invalid_request_error","code":"invalid_api_key","param":"{{{MockRouter.ApiKey}}}"}}""");
        using FlexInferenceClient client = _router.Client();

        var error = await Assert.ThrowsAsync<AuthenticationException>(() => client.Responses.CreateAsync(Request, cancellationToken: Token));

        Assert.Contains("Incorrect API key provided: flex_liv...cdef", error.Message, StringComparison.Ordinal);
        Assert.Equal("flex_liv...cdef", error.Param);
        Assert.DoesNotContain(MockRouter.ApiKey, error.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(MockRouter.ApiKey, error.ToString(), StringComparison.Ordinal);
        Assert.Equal("invalid_api_key", error.Code);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_JSON_answer_to_a_streaming_request_says_what_happened(bool sync)
    {
        _router.Reply("/responses", 200, """{"id":"resp_1","object":"response","output":[]}""");
        using FlexInferenceClient client = _router.Client();

        var error = sync
            ? Assert.Throws<FlexInferenceInvalidResponseException>(() => client.Responses.CreateStreaming(Request, cancellationToken: Token))
            : await Assert.ThrowsAsync<FlexInferenceInvalidResponseException>(() => client.Responses.CreateStreamingAsync(Request, cancellationToken: Token));

        Assert.Contains("answered 200 with a JSON body (application/json) instead of an event stream", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"id\":\"resp_1\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("call CreateAsync instead", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_raw_stream_reads_a_misshapen_usage_frame_a_lone_surrogate_and_a_duplicate_key_without_throwing(bool sync)
    {
        string sse =
            "data: {\"type\":\"response.output_text.delta\",\"delta\":\"Hel\"}\n\n" +
            "data: {\"type\":\"response.output_text.delta\",\"delta\":\"\\udc00\"}\n\n" +
            "data: {\"type\":\"response.output_text.delta\",\"type\":\"response.output_text.delta\",\"delta\":\"x\"}\n\n" +
            "data: {\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"usage\":{\"input_tokens\":1,\"routing\":{\"reason\":5}}}}\n\n";
        var (client, _) = Streaming.StreamKit.InMemoryClient(() => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(sse)), options => options.LoggerFactory = new MemoryLoggerFactory());
        using (client)
        {
            var body = new JsonObject { ["model"] = "gpt-5.5", ["input"] = "hi", ["start_within"] = "default" };
            using JsonEventStream stream = sync ? client.Responses.CreateStreaming(body, cancellationToken: Token) : await client.Responses.CreateStreamingAsync(body, cancellationToken: Token);
            var events = new List<JsonObject>();
            if (sync)
            {
                events.AddRange(stream);
            }
            else
            {
                await foreach (JsonObject item in stream.WithCancellation(Token))
                {
                    events.Add(item);
                }
            }

            Assert.Equal(4, events.Count); // every event delivered, as raw streams do
            Assert.True(stream.IsCompleted);
            Assert.Equal("Hel", stream.TextSoFar); // the unreadable delta and the one that cannot be indexed add nothing
            Assert.Null(stream.Routing.Reason); // a reason that is not a string is not a reason; the block is left out
            Assert.Equal("openai", stream.Routing.Provider); // the headers still report the route
        }
    }

    private static CreateResponse Request => new() { Model = "gpt-5.5", Input = "Hi", StartWithin = StartWithin.Default };
}
