namespace FlexInference.Testing.Tests;

/// <summary>
/// The race logic run in-process (no HTTP) over 1,000 seeded draws: the outcome shares must match the profile, and the
/// server over HTTP must make exactly the decisions the same logic predicts for the same seed.
/// </summary>
public sealed class RaceDistributionTests
{
    private const int Draws = 1000;
    private const double Tolerance = 0.04;

    [Theory]
    [InlineData(0.5, 10.0, 0.2, 5)]
    [InlineData(0.5, 10.0, 0.2, 30)]
    [InlineData(2.0, 20.0, 0.0, 11)]
    [InlineData(0.0, 4.0, 0.5, 5)]
    public void Outcomes_over_1000_draws_match_the_configured_distribution(double minSeconds, double maxSeconds, double refusalRate, int windowSeconds)
    {
        var profile = new FlexProfile
        {
            MinAdmissionDelay = TimeSpan.FromSeconds(minSeconds),
            MaxAdmissionDelay = TimeSpan.FromSeconds(maxSeconds),
            CapacityRefusalRate = refusalRate,
        };
        TimeSpan window = TimeSpan.FromSeconds(windowSeconds);
        var counts = new Dictionary<string, int> { ["flex_won"] = 0, ["flex_capacity"] = 0, ["flex_deadline"] = 0 };

        for (int sequence = 0; sequence < Draws; sequence++)
        {
            RaceOutcome outcome = FlexRace.Run(profile, window, FlexRace.RandomFor(42, sequence));
            counts[outcome.Reason]++;
            if (outcome.Reason == "flex_deadline")
            {
                Assert.Equal(window, outcome.DecidedAfter);
            }
            else
            {
                Assert.InRange(outcome.DecidedAfter, profile.MinAdmissionDelay, profile.MaxAdmissionDelay);
                Assert.True(outcome.DecidedAfter < window);
            }
        }

        double inTime = Math.Clamp((windowSeconds - minSeconds) / (maxSeconds - minSeconds), 0, 1);
        Assert.InRange(counts["flex_deadline"] / (double)Draws, 1 - inTime - Tolerance, 1 - inTime + Tolerance);
        Assert.InRange(counts["flex_capacity"] / (double)Draws, (refusalRate * inTime) - Tolerance, (refusalRate * inTime) + Tolerance);
        Assert.InRange(counts["flex_won"] / (double)Draws, ((1 - refusalRate) * inTime) - Tolerance, ((1 - refusalRate) * inTime) + Tolerance);
    }

    [Fact]
    public void The_same_seed_replays_the_same_races_and_another_seed_does_not()
    {
        TimeSpan window = TimeSpan.FromSeconds(5);
        string[] Run(int seed) => Enumerable.Range(0, 200).Select(i => FlexRace.Run(FlexProfile.Default, window, FlexRace.RandomFor(seed, i)).Reason).ToArray();

        Assert.Equal(Run(42), Run(42));
        Assert.NotEqual(Run(42), Run(43));
    }

    [Fact]
    public void The_presets_always_give_their_outcome()
    {
        TimeSpan window = TimeSpan.FromSeconds(5);
        for (int i = 0; i < 50; i++)
        {
            Random random = FlexRace.RandomFor(1, i);
            Assert.Equal("flex_won", FlexRace.Run(FlexProfile.AdmittedAfter(TimeSpan.FromSeconds(1)), window, random).Reason);
            Assert.Equal("flex_deadline", FlexRace.Run(FlexProfile.NeverAdmitted, window, random).Reason);
            Assert.Equal("flex_capacity", FlexRace.Run(FlexProfile.RefusedAfter(TimeSpan.FromSeconds(1)), window, random).Reason);
            Assert.Equal("flex_deadline", FlexRace.Run(FlexProfile.AdmittedAfter(TimeSpan.FromSeconds(5)), window, random).Reason);
        }
    }

    [Fact]
    public void Profiles_reject_impossible_values()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FlexProfile { CapacityRefusalRate = 1.5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new FlexProfile { MinAdmissionDelay = TimeSpan.FromSeconds(-1) });
    }

    [Fact]
    public async Task Over_HTTP_the_server_makes_the_decisions_the_race_logic_predicts()
    {
        const int Seed = 7;
        var profile = new FlexProfile { MinAdmissionDelay = TimeSpan.FromSeconds(1), MaxAdmissionDelay = TimeSpan.FromSeconds(9), CapacityRefusalRate = 0.25 };
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions
        {
            Seed = Seed,
            TimeScale = 0,
            DefaultFlexProfile = profile,
        }, TestContext.Current.CancellationToken);
        using HttpClient client = Api.Client(router);

        var seen = new HashSet<string>();
        for (int i = 0; i < 60; i++)
        {
            using HttpResponseMessage response = await Api.PostAsync(client, Api.Responses, Api.Body(Api.Responses, "gpt-5-mini", "00h-00m-05s"));
            RecordedRequest recorded = router.Requests.Last!;
            string expected = FlexRace.Run(profile, TimeSpan.FromSeconds(5), FlexRace.RandomFor(Seed, recorded.Sequence)).Reason;

            Assert.Equal(expected, Api.Header(response, "x-flexinference-routing-reason"));
            Assert.Equal(expected, recorded.RoutingReason);
            seen.Add(expected);
        }

        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public async Task Options_reject_impossible_values()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions { TimeScale = -1 }, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions { MaxBodyBytes = 0 }, TestContext.Current.CancellationToken));
    }
}
