using System.Text.Json;

namespace FlexInference.Testing.Tests;

/// <summary><see cref="FlexInferenceTestServerOptions.BillingPastDue"/>: flex paused with 402 on every surface, tier words still served.</summary>
public sealed class BillingPastDueTests
{
    public static TheoryData<string> Surfaces() => new(Api.Surfaces);

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task A_flex_race_is_refused_with_402_payment_required_and_a_tier_word_is_served(string surface)
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(
            new FlexInferenceTestServerOptions { TimeScale = 0, BillingPastDue = true }, TestContext.Current.CancellationToken);
        using HttpClient client = Api.Client(router);

        using HttpResponseMessage raced = await Api.PostAsync(client, surface, Api.Body(surface, startWithin: "00h-00m-30s"));
        using HttpResponseMessage standard = await Api.PostAsync(client, surface, Api.Body(surface, startWithin: "default"));

        JsonElement block = (await ErrorAssert.ResponseAsync(surface, raced, 402, FlexInferenceErrorCodes.PaymentRequired)).GetProperty("error").GetProperty("flexinference");
        Assert.Equal("billing", block.GetProperty("class").GetString());
        Assert.Equal(200, (int)standard.StatusCode);
        Assert.Equal([402, 200], router.Requests.Select(request => request.StatusCode));
    }

    [Fact]
    public async Task It_is_off_by_default()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(
            new FlexInferenceTestServerOptions { TimeScale = 0 }, TestContext.Current.CancellationToken);
        using HttpClient client = Api.Client(router);

        using HttpResponseMessage raced = await Api.PostAsync(client, Api.Responses, Api.Body(Api.Responses, startWithin: "00h-00m-30s"));

        Assert.Equal(200, (int)raced.StatusCode);
    }
}
