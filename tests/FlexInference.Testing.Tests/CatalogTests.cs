using System.Text.Json;

namespace FlexInference.Testing.Tests;

/// <summary><c>GET /v1/models</c>, <c>/v1/models/{model}</c>, <c>/v1/limits</c> and paths the router does not serve.</summary>
public sealed class CatalogTests(FastRouter fast) : IClassFixture<FastRouter>
{
    [Fact]
    public async Task Models_lists_the_flex_capable_aliases_and_claude_with_the_flexinference_block()
    {
        using HttpClient client = Api.Client(fast.Server);

        using HttpResponseMessage response = await client.GetAsync("models", TestContext.Current.CancellationToken);
        JsonElement json = await Api.JsonAsync(response);
        ModelList list = json.Deserialize(FlexInferenceJsonContext.Default.ModelList)!;

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("list", list.Object);
        Model gpt = Assert.Single(list.Data, model => model.Id == "gpt-5.5");
        Assert.True(gpt.Flexinference!.FlexRace);
        Assert.Equal(["default", "priority", "auto"], gpt.Flexinference.Tiers);
        Assert.Equal("openai", gpt.Flexinference.Providers!.Single().ToString());
        Model gemini = Assert.Single(list.Data, model => model.Id == "gemini-2.5-flash");
        Assert.DoesNotContain("auto", gemini.Flexinference!.Tiers!);
        Assert.Equal("google", gemini.OwnedBy);
        Assert.Contains(list.Data, model => model.Id.StartsWith("claude-", StringComparison.Ordinal) && model.Flexinference!.FlexRace == false);
        Assert.Equal(21, list.Data.Count(model => model.Flexinference!.FlexRace == true));
        Assert.Single(list.Data.Select(model => model.Created).Distinct());
    }

    [Fact]
    public async Task A_model_can_be_retrieved_and_an_unknown_one_is_404_model_not_found()
    {
        using HttpClient client = Api.Client(fast.Server);

        using HttpResponseMessage found = await client.GetAsync("models/o4-mini", TestContext.Current.CancellationToken);
        using HttpResponseMessage missing = await client.GetAsync("models/gpt-5.5-2026-01-01", TestContext.Current.CancellationToken);

        Model model = (await Api.JsonAsync(found)).Deserialize(FlexInferenceJsonContext.Default.Model)!;
        Assert.Equal("o4-mini", model.Id);
        Assert.Equal("model", model.Object);
        await ErrorAssert.ResponseAsync("models", missing, 404, FlexInferenceErrorCodes.ModelNotFound);
    }

    [Fact]
    public async Task Limits_reports_the_body_cap_and_unpublished_rates()
    {
        using HttpClient client = Api.Client(fast.Server);

        using HttpResponseMessage response = await client.GetAsync("limits", TestContext.Current.CancellationToken);
        Limits limits = (await Api.JsonAsync(response)).Deserialize(FlexInferenceJsonContext.Default.Limits)!;

        Assert.Equal("limits", limits.Object);
        Assert.Equal(1_000_000, limits.AbuseLimits!.RequestBodyBytes);
        Assert.True(limits.OwnKeys!.Unlimited);
        Assert.Equal("degrade_to_standard", limits.OwnKeys.FlexRaceSlots!.OnExceed!.Value.ToString());
        Assert.All(limits.AbuseLimits.Rates!, rate => Assert.Null(rate.Limit));
        Assert.Null(limits.Managed);
        Assert.True(limits.AsOf > 0);
    }

    [Fact]
    public async Task Unknown_paths_are_404_and_wrong_methods_405_in_the_openai_envelope()
    {
        using HttpClient client = Api.Client(fast.Server);

        using HttpResponseMessage unknown = await client.GetAsync("embeddings", TestContext.Current.CancellationToken);
        using HttpResponseMessage wrongMethod = await client.GetAsync("responses", TestContext.Current.CancellationToken);

        await ErrorAssert.ResponseAsync(Api.Responses, unknown, 404, "not_found");
        await ErrorAssert.ResponseAsync(Api.Responses, wrongMethod, 405, "method_not_allowed");
    }
}
