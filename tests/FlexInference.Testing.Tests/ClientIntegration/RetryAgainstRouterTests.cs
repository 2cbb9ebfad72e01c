using System.Diagnostics;

namespace FlexInference.Testing.Tests.ClientIntegration;

/// <summary>The client's retries against the embedded router's scripted faults, end to end.</summary>
public sealed class RetryAgainstRouterTests : IAsyncLifetime
{
    private FlexInferenceTestServer _router = null!;
    private FlexInferenceClient _client = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _router = await FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions { TimeScale = 0.001 }, Token);
        _client = new FlexInferenceClient(FlexInferenceTestServer.TestApiKey, new FlexInferenceClientOptions
        {
            BaseUrl = _router.BaseUrl,
            InitialRetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        });
    }

    [Fact]
    public async Task A_429_with_retry_after_is_waited_out_and_the_retry_is_served()
    {
        _router.Faults.Enqueue(Fault.RateLimited(TimeSpan.FromSeconds(1)));
        var clock = Stopwatch.StartNew();

        Response response = await _client.Responses.CreateAsync(Request(), cancellationToken: Token);

        Assert.Contains("retry me", response.OutputText(), StringComparison.Ordinal);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.95), $"the retry came after {clock.Elapsed}");
        Assert.Equal([429, 200], _router.Requests.Select(r => r.StatusCode));
        Assert.Equal(["0", "1"], _router.Requests.Select(r => r.Header("x-flexinference-retry-count")));
    }

    [Fact]
    public async Task Three_503s_exhaust_the_default_retries_and_the_last_one_is_thrown()
    {
        _router.Faults.Enqueue(Fault.ServerError(503), times: 3);

        var error = await Assert.ThrowsAsync<UpstreamProviderException>(() => _client.Responses.CreateAsync(Request(), cancellationToken: Token));

        Assert.Equal(503, error.Status);
        Assert.Contains("Sent 3 times", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, _router.Requests.Count);
    }

    [Fact]
    public void A_stream_that_fails_to_open_is_retried_and_a_stream_that_fails_midway_is_not()
    {
        _router.Faults.Enqueue(Fault.ServerError(502));
        using (ResponseStream opened = _client.Responses.CreateStreaming(Request() with { Stream = true }, cancellationToken: Token))
        {
            Assert.Contains("retry me", string.Concat(opened.TextDeltas()), StringComparison.Ordinal);
        }

        _router.Faults.Enqueue(Fault.FailMidStream(afterEvents: 3, statusCode: 503));
        using ResponseStream failing = _client.Responses.CreateStreaming(Request(), cancellationToken: Token);
        Assert.Throws<StreamFailedException>(() => string.Concat(failing.TextDeltas()));

        Assert.Equal([502, 200, 200], _router.Requests.Select(r => r.StatusCode));
    }

    private static CreateResponse Request() => new() { Model = "gpt-5.5", Input = "retry me", StartWithin = StartWithin.Default };

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _router.DisposeAsync();
    }
}
