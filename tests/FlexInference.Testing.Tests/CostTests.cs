using System.Globalization;
using System.Text.Json;

namespace FlexInference.Testing.Tests;

/// <summary>usage.cost and x-flexinference-cost come from the price table: standard, flex at half, priority doubled, unpriced none.</summary>
public sealed class CostTests
{
    // "one two three" is 3 input tokens; the answer "This is a simulated answer. You said: one two three" is 10 output tokens.
    private const string Prompt = "one two three";
    private const long StandardCost = (3 * 2) + (10 * 8);

    [Theory]
    [InlineData("default", "tier_direct", StandardCost)]
    [InlineData("priority", "tier_direct", StandardCost * 2)]
    [InlineData("00h-00m-30s", "flex_won", StandardCost / 2)]
    public async Task Cost_follows_the_price_table_and_the_served_tier(string startWithin, string reason, long expected)
    {
        await using FlexInferenceTestServer router = await StartAsync(FlexProfile.AdmittedAfter(TimeSpan.FromSeconds(1)));
        using HttpClient client = Api.Client(router);

        using HttpResponseMessage response = await Api.PostAsync(client, Api.Responses, Api.Body(Api.Responses, "gpt-5.5", startWithin, Prompt));
        JsonElement usage = Api.Usage(await Api.JsonAsync(response));

        Assert.Equal(reason, usage.GetProperty("routing").GetProperty("reason").GetString());
        Assert.Equal(3, usage.GetProperty("input_tokens").GetInt64());
        Assert.Equal(10, usage.GetProperty("output_tokens").GetInt64());
        Assert.Equal(expected, usage.GetProperty("cost").GetProperty("total_micro_usd").GetInt64());
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), Api.Header(response, "x-flexinference-cost"));
    }

    [Fact]
    public async Task A_race_that_falls_back_pays_the_standard_price()
    {
        await using FlexInferenceTestServer router = await StartAsync(FlexProfile.NeverAdmitted);
        using HttpClient client = Api.Client(router);

        using HttpResponseMessage response = await Api.PostAsync(client, Api.Chat, Api.Body(Api.Chat, "gpt-5.5", "00h-00m-05s", Prompt));
        JsonElement usage = Api.Usage(await Api.JsonAsync(response));

        Assert.Equal("flex_deadline", usage.GetProperty("routing").GetProperty("reason").GetString());
        Assert.Equal(StandardCost, usage.GetProperty("cost").GetProperty("total_micro_usd").GetInt64());
    }

    [Fact]
    public async Task An_unpriced_model_has_no_cost_field_and_no_cost_header()
    {
        await using FlexInferenceTestServer router = await StartAsync(FlexProfile.Default);
        using HttpClient client = Api.Client(router);

        using HttpResponseMessage response = await Api.PostAsync(client, Api.Messages, Api.Body(Api.Messages, "claude-opus-4-8", "default", Prompt));
        JsonElement usage = Api.Usage(await Api.JsonAsync(response));

        Assert.False(usage.TryGetProperty("cost", out _));
        Assert.True(usage.TryGetProperty("routing", out _));
        Assert.Null(Api.HeaderOrNull(response, "x-flexinference-cost"));
    }

    [Fact]
    public void The_table_matches_exact_ids_before_the_longest_prefix_and_rounds_half_away_from_zero()
    {
        PriceTable table = new PriceTable()
            .Set("gpt-", new ModelPrice(1m, 1m))
            .Set("gpt-5", new ModelPrice(2m, 2m))
            .Set("gpt-5.5", new ModelPrice(3m, 3m));

        Assert.Equal(3, table.CostMicroUsd("gpt-5.5", "default", 1, 0));
        Assert.Equal(2, table.CostMicroUsd("gpt-5-mini", "default", 1, 0));
        Assert.Equal(1, table.CostMicroUsd("gpt-4.1", "default", 1, 0));
        Assert.Equal(2, table.CostMicroUsd("gpt-5.5", "flex", 1, 0)); // 1.5 rounds away from zero
        Assert.Null(table.CostMicroUsd("claude-opus-4-8", "standard", 1, 1));
    }

    private static Task<FlexInferenceTestServer> StartAsync(FlexProfile profile) =>
        FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions
        {
            TimeScale = 0,
            DefaultFlexProfile = profile,
            Prices = new PriceTable().Set("gpt-5.5", new ModelPrice(2m, 8m)),
        }, TestContext.Current.CancellationToken);
}
