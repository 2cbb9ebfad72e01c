using FlexInference.Tests.Infrastructure;
using static FlexInference.Tests.Reliability.ReliabilityKit;

namespace FlexInference.Tests.Reliability;

/// <summary>
/// A 429 that says the quota or budget is used up is not sent again: waiting cannot clear it (the catalogue marks
/// <c>insufficient_quota</c> <c>"retryable": false</c>). A rate limit still is, and the router's own flag wins.
/// </summary>
public sealed class ExhaustedQuotaTests
{
    public static TheoryData<string, bool> ExhaustedBodies()
    {
        var data = new TheoryData<string, bool>();
        string[] bodies =
        [
            // OpenAI's own answer, passed through in its envelope.
            """{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}""",

            // The router's block naming the provider's code, without a retryable flag.
            """{"error":{"message":"upstream quota","type":"rate_limit_error","code":null,"flexinference":{"code":null,"class":"quota","origin":"provider","status":429,"provider":"openai","provider_code":"insufficient_quota"}}}""",

            // The Anthropic envelope on /messages carries it in the block too.
            """{"type":"error","error":{"type":"rate_limit_error","message":"quota","flexinference":{"class":"quota","origin":"provider","status":429,"provider_code":"insufficient_quota"}}}""",
        ];
        foreach (string body in bodies)
        {
            data.Add(body, false);
            data.Add(body, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExhaustedBodies))]
    public async Task An_exhausted_quota_is_sent_once(string body, bool sync)
    {
        await using var server = RecordingServer.Answering(HttpResponse(429, body), HttpResponse(200, Fixtures.Read("responses.response.json")));
        using FlexInferenceClient client = Client(server.BaseUrl);
        var delays = RecordDelays(client);

        var error = await Throws<RateLimitException>(() => CallAsync(client, sync));

        Assert.Equal(1, server.Count);
        Assert.Empty(delays);
        Assert.Contains("Not retried: the server says insufficient_quota, which waiting does not clear.", error.Message, StringComparison.Ordinal);
        Assert.True(FlexInferenceErrorCatalog.TryGet("insufficient_quota", out FlexInferenceErrorCodeInfo? info));
        Assert.False(info.Retryable); // the spec's catalogue is where the code is marked
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_routers_retryable_flag_wins_over_the_catalogue(bool sync)
    {
        string body = """{"error":{"message":"quota refreshes","type":"rate_limit_error","code":"insufficient_quota","flexinference":{"status":429,"retryable":true}}}""";
        await using var server = RecordingServer.Answering(HttpResponse(429, body), HttpResponse(200, Fixtures.Read("responses.response.json")));
        using FlexInferenceClient client = Client(server.BaseUrl);
        var delays = RecordDelays(client);

        await CallAsync(client, sync);

        Assert.Equal(2, server.Count);
        Assert.Single(delays);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_rate_limit_is_still_retried(bool sync)
    {
        await using var server = RecordingServer.Answering(HttpResponse(429, ErrorBody(429, "rate_limit_exceeded")), HttpResponse(200, Fixtures.Read("responses.response.json")));
        using FlexInferenceClient client = Client(server.BaseUrl);
        var delays = RecordDelays(client);

        await CallAsync(client, sync);

        Assert.Equal(2, server.Count);
        Assert.Single(delays);
    }
}
