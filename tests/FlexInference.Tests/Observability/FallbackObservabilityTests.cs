using System.Diagnostics;
using FlexInference.Testing;
using FlexInference.Tests.Reliability;
using static FlexInference.Tests.Reliability.FallbackTests;
using static FlexInference.Tests.Reliability.ReliabilityKit;

namespace FlexInference.Tests.Observability;

/// <summary>What a client fallback leaves in the log (event 12) and on the span (attributes and an event).</summary>
[Collection(nameof(TelemetryCollection))]
public sealed class FallbackObservabilityTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_fallback_is_logged_with_its_own_event_and_the_served_line_follows(bool sync)
    {
        await using FlexInferenceTestServer router = await StartRouterAsync(billingPastDue: true);
        var logs = new MemoryLoggerFactory();
        using FlexInferenceClient client = FallbackClient(router, options => options.LoggerFactory = logs);

        await CallAsync(client, Raced(), sync);

        LogLine fallback = Assert.Single(logs.Lines, line => line.EventId.Id == 12);
        Assert.Equal("ClientFallback", fallback.EventId.Name);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, fallback.Level);
        Assert.Equal("gpt-5.5", fallback.Values["Model"]);
        Assert.Equal("00h-00m-30s", fallback.Values["RequestedStartWithin"]);
        Assert.Equal(402, fallback.Values["Status"]);
        Assert.Equal("payment_required", fallback.Values["Code"]);
        Assert.Equal("default", fallback.Values["Tier"]);
        Assert.Equal(2, fallback.Values["Attempt"]);
        LogLine served = Assert.Single(logs.Lines, line => line.EventId.Id == 2);
        Assert.Equal(2, served.Values["Attempts"]);
        Assert.Equal(["00h-00m-30s", "default"], logs.Lines.Where(line => line.EventId.Id == 1).Select(line => line.Values["StartWithin"]));
        Assert.DoesNotContain(FlexInferenceTestServer.TestApiKey, logs.AllText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_fallback_is_an_event_and_attributes_on_the_calls_one_span(bool sync)
    {
        await using FlexInferenceTestServer router = await StartRouterAsync(billingPastDue: true);
        using var capture = new TelemetryCapture(router.BaseUrl);
        using FlexInferenceClient client = FallbackClient(router);

        await CallAsync(client, Raced(), sync);

        Activity span = Assert.Single(capture.Spans);
        Assert.Equal("default", span.GetTagItem("flexinference.client.fallback.tier"));
        Assert.Equal("payment_required", span.GetTagItem("flexinference.client.fallback.code"));
        Assert.Equal(402, span.GetTagItem("flexinference.client.fallback.status"));
        Assert.Equal(2, span.GetTagItem("flexinference.client.attempts"));
        Assert.Equal("00h-00m-30s", span.GetTagItem("flexinference.request.start_within"));
        Assert.Equal("default", span.GetTagItem("flexinference.response.service_tier"));
        ActivityEvent fellBack = Assert.Single(span.Events, e => e.Name == "flexinference.client_fallback");
        Assert.Contains(fellBack.Tags, tag => tag.Key == "flexinference.client.fallback.tier" && Equals(tag.Value, "default"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task A_call_without_a_fallback_has_no_fallback_attributes()
    {
        await using FlexInferenceTestServer router = await StartRouterAsync();
        using var capture = new TelemetryCapture(router.BaseUrl);
        using FlexInferenceClient client = FallbackClient(router);

        Response response = await CallAsync(client, Raced(), sync: false);

        Assert.Null(response.GetRouting().ClientFallback);
        Activity span = Assert.Single(capture.Spans);
        Assert.Null(span.GetTagItem("flexinference.client.fallback.tier"));
        Assert.DoesNotContain(span.Events, e => e.Name == "flexinference.client_fallback");
    }
}
