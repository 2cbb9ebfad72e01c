using System.Reflection;
using System.Text.RegularExpressions;
using FlexInference.Observability;
using FlexInference.Tests.Infrastructure;
using FlexInference.Tests.Reliability;
using FlexInference.Tests.Streaming;
using Microsoft.Extensions.Logging;
using static FlexInference.Tests.Reliability.ReliabilityKit;

namespace FlexInference.Tests.Observability;

/// <summary>
/// The logging contract beside <see cref="LoggingTests"/>: the documented event table is the code's, response headers
/// are allow-listed (only the named router headers and the request id reach a log line), and the served-route and
/// stream-end events carry the route report (tier, reason, cost) but no content.
/// </summary>
public sealed partial class LoggingContractTests
{
    [Fact]
    public void The_event_table_in_docs_logging_md_is_the_codes()
    {
        var code = typeof(ClientLog).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(method => method.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .Select(attribute => $"{attribute.EventId} {attribute.EventName} {attribute.Level}")
            .Order(StringComparer.Ordinal)
            .ToList();
        string docs = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "logging.md"));
        var documented = EventRow().Matches(docs).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value} {m.Groups[3].Value}").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(10, code.Count);
        Assert.Equal(code, documented);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Only_the_named_router_headers_and_the_request_id_reach_a_log_line(bool sync)
    {
        const string Headers =
            "x-request-id: req_allow_1\r\nx-flexinference-served-provider: openai\r\nx-flexinference-routing-reason: flex_won\r\n" +
            "x-flexinference-cost: 1234\r\n" +
            "set-cookie: session=SECRET-COOKIE\r\nx-upstream-token: SECRET-UPSTREAM\r\nx-flexinference-debug-trace: SECRET-ROUTER-DEBUG\r\n" +
            "www-authenticate: Bearer SECRET-CHALLENGE\r\n";
        await using var server = RecordingServer.Answering(HttpResponse(200, Fixtures.Read("responses.response.json"), Headers));
        var logs = new MemoryLoggerFactory();
        using FlexInferenceClient client = Client(server.BaseUrl, options => options.LoggerFactory = logs);

        Response response = await CallAsync(client, sync);

        Assert.DoesNotContain("SECRET-", logs.AllText(), StringComparison.Ordinal);
        LogLine served = Assert.Single(logs.Lines, line => line.EventId.Id == 2);
        Assert.Equal("req_allow_1", served.Values["RequestId"]);
        Assert.Equal(response.GetRouting().CostMicroUsd, served.Values["CostMicroUsd"]); // the body's usage.cost wins over the header
        Assert.Equal(response.GetRouting().FallbackAttempts, served.Values["FallbackAttempts"]);
        Assert.All(logs.Lines, line => Assert.DoesNotContain(line.Values.Keys, key => key.Contains("Header", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task A_streams_end_is_logged_with_the_route_its_events_reported()
    {
        await using var server = SseServer.Chunked(StreamKit.FixtureText("responses.sse"));
        var logs = new MemoryLoggerFactory();
        using FlexInferenceClient client = server.Client(options => options.LoggerFactory = logs);

        ServedRoute route;
        await using (ResponseStream stream = await client.Responses.CreateStreamingAsync(Request, cancellationToken: Token))
        {
            await foreach (ResponseStreamEvent _ in stream)
            {
            }

            route = stream.Routing;
        }

        LogLine ended = Assert.Single(logs.Lines, line => line.EventId.Id == 5);
        Assert.True((bool)ended.Values["Completed"]!);
        Assert.Equal(route.ServiceTier?.ToString(), ended.Values["Tier"]);
        Assert.Equal(route.Reason?.ToString(), ended.Values["Reason"]);
        Assert.Equal(route.CostMicroUsd, ended.Values["CostMicroUsd"]);
    }

    [GeneratedRegex(@"^\| (\d+) \| `(\w+)` \| (\w+) \|", RegexOptions.Multiline)]
    private static partial Regex EventRow();
}
