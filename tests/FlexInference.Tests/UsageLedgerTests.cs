using System.Diagnostics.Metrics;
using FlexInference.Testing;
using Microsoft.Extensions.DependencyInjection;
using static FlexInference.Tests.Reliability.ReliabilityKit;

namespace FlexInference.Tests;

/// <summary>
/// <see cref="FlexInferenceUsageLedger"/>: exact totals per model and served tier under parallel calls (sync and async,
/// streams included), fallbacks and flex wins, shared between clients, and its observable counters on the meter.
/// </summary>
public sealed class UsageLedgerTests
{
    [Fact]
    public async Task Two_hundred_parallel_calls_add_up_exactly()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions
        {
            TimeScale = 0,
            FlexProfiles = { ["gpt-5.5"] = FlexProfile.AdmittedAfter(TimeSpan.FromSeconds(1)), ["gpt-5.4-mini"] = FlexProfile.NeverAdmitted },
        }, Token);
        var ledger = new FlexInferenceUsageLedger();
        using FlexInferenceClient client = Client(router.BaseUrl, options => options.UsageLedger = ledger);
        string[] models = ["gpt-5.5", "gpt-5.4-mini", "gemini-2.5-flash"];
        StartWithin[] tiers = [StartWithin.Within(TimeSpan.FromSeconds(30)), StartWithin.Default, StartWithin.Priority];

        (ServedRoute Route, long In, long Out)[] calls = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            var request = new CreateResponse { Model = models[i % 3], Input = $"Call number {i} of many", StartWithin = tiers[i / 3 % 3] };
            Response response = i % 2 == 0
                ? client.Responses.Create(request, cancellationToken: Token)
                : await client.Responses.CreateAsync(request, cancellationToken: Token);
            return (response.GetRouting(), (long)response.Usage!.InputTokens!, (long)response.Usage.OutputTokens!);
        }, Token)));
        ServedRoute[] routes = calls.Select(call => call.Route).ToArray();

        FlexInferenceUsageSnapshot snapshot = ledger.Snapshot();
        Assert.Equal(200, snapshot.Total.Requests);
        Assert.Equal(routes.Sum(r => r.CostMicroUsd ?? 0), snapshot.Total.CostMicroUsd);
        Assert.Equal(calls.Sum(call => call.In), snapshot.Total.InputTokens);
        Assert.Equal(calls.Sum(call => call.Out), snapshot.Total.OutputTokens);
        Assert.Equal(routes.Count(r => r.IsFlex), snapshot.Total.FlexWins);
        Assert.True(snapshot.Total.FlexWins > 0);
        Assert.Equal(0, snapshot.Total.ClientFallbacks);
        var expected = routes
            .Select((route, i) => (Model: models[i % 3], Tier: route.ServiceTier!.Value.Value, Route: route))
            .GroupBy(call => (call.Model, call.Tier))
            .OrderBy(group => group.Key.Model, StringComparer.Ordinal).ThenBy(group => group.Key.Tier, StringComparer.Ordinal)
            .Select(group => (group.Key.Model, group.Key.Tier, Requests: (long)group.Count(), Cost: group.Sum(call => call.Route.CostMicroUsd ?? 0)))
            .ToList();
        Assert.Equal(expected, snapshot.Entries.Select(entry => (entry.Model, entry.ServedTier, entry.Requests, entry.CostMicroUsd)).ToList());
        Assert.Equal(snapshot.Total.FlexWins / 200.0, snapshot.FlexShare);
    }

    [Fact]
    public async Task Fallbacks_and_streams_are_counted_once_each_and_clients_can_share_a_ledger()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(
            new FlexInferenceTestServerOptions { TimeScale = 0, BillingPastDue = true }, Token);
        var ledger = new FlexInferenceUsageLedger();
        using FlexInferenceClient fallingBack = Client(router.BaseUrl, options =>
        {
            options.UsageLedger = ledger;
            options.FlexFallback = FlexFallbackPolicy.ToDefault;
        });
        using FlexInferenceClient plain = Client(router.BaseUrl, options => options.UsageLedger = ledger);
        var raced = new CreateResponse { Model = "gpt-5.5", Input = "Hello", StartWithin = StartWithin.Within(TimeSpan.FromSeconds(30)) };

        Response saved = await fallingBack.Responses.CreateAsync(raced, cancellationToken: Token);
        await Assert.ThrowsAsync<PaymentRequiredException>(() => plain.Responses.CreateAsync(raced, cancellationToken: Token));
        await using (ResponseStream stream = await fallingBack.Responses.CreateStreamingAsync(raced with { IncludeCost = true }, cancellationToken: Token))
        {
            await foreach (ResponseStreamEvent _ in stream.WithCancellation(Token))
            {
            }
        }

        FlexInferenceUsageSnapshot snapshot = ledger.Snapshot();
        FlexInferenceUsageEntry entry = Assert.Single(snapshot.Entries);
        Assert.Equal(("gpt-5.5", "default", 2L, 2L, 0L), (entry.Model, entry.ServedTier, entry.Requests, entry.ClientFallbacks, entry.FlexWins));
        Assert.True(entry.CostMicroUsd > saved.GetRouting().CostMicroUsd); // the stream's cost came in its usage frame
        Assert.Contains("gpt-5.5", snapshot.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_meter_reports_an_attached_ledger_as_observable_counters_until_the_client_is_disposed()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions { TimeScale = 0 }, Token);
        using ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var ledger = new FlexInferenceUsageLedger();
        var seen = new List<(string Instrument, long Value, string? Model, string? Tier)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name.StartsWith("flexinference.ledger.", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? model = null, tier = null;
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                model = tag.Key == "gen_ai.request.model" ? tag.Value as string : model;
                tier = tag.Key == "flexinference.response.service_tier" ? tag.Value as string : tier;
            }

            seen.Add((instrument.Name, value, model, tier));
        });
        listener.Start();

        var client = Client(router.BaseUrl, options =>
        {
            options.UsageLedger = ledger;
            options.MeterFactory = factory;
        });
        Response response = await client.Responses.CreateAsync(
            new CreateResponse { Model = "gpt-5.5", Input = "Hello", StartWithin = StartWithin.Priority }, cancellationToken: Token);
        listener.RecordObservableInstruments();
        client.Dispose();
        int whileAttached = seen.Count;
        listener.RecordObservableInstruments();

        Assert.Contains(("flexinference.ledger.requests", 1L, "gpt-5.5", "priority"), seen);
        Assert.Contains(("flexinference.ledger.cost", response.GetRouting().CostMicroUsd!.Value, "gpt-5.5", "priority"), seen);
        Assert.Contains(("flexinference.ledger.client_fallbacks", 0L, "gpt-5.5", "priority"), seen);
        Assert.Equal(3, whileAttached);
        Assert.Equal(whileAttached, seen.Count); // detached with the client: nothing more is reported
    }

    [Fact]
    public void An_empty_ledger_has_zero_totals()
    {
        FlexInferenceUsageSnapshot snapshot = new FlexInferenceUsageLedger().Snapshot();

        Assert.Empty(snapshot.Entries);
        Assert.Equal(0, snapshot.Total.Requests);
        Assert.Equal(0, snapshot.FlexShare);
        Assert.Equal("*", snapshot.Total.Model);
    }
}
