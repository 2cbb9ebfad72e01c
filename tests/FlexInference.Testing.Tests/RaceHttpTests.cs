using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlexInference.Testing.Tests;

/// <summary>
/// Real HTTP races with a scaled-down clock: the outcome, the served tier, and that the response headers arrive only
/// after the simulated admission or fallback time. Timing asserts are lower bounds only (a busy machine is only slower).
/// </summary>
public sealed class RaceHttpTests
{
    private const double Scale = 0.1;

    // Task.Delay never fires early by more than timer granularity; leave a wide margin below the scaled wait.
    private static TimeSpan AtLeast(double simulatedSeconds) => TimeSpan.FromSeconds(simulatedSeconds * Scale * 0.8);

    [Fact]
    public async Task Flex_admitted_inside_the_window_serves_flex_and_withholds_headers_until_admission()
    {
        await using FlexInferenceTestServer router = await StartAsync(FlexProfile.AdmittedAfter(TimeSpan.FromSeconds(3)));
        using HttpClient client = Api.Client(router);

        (HttpResponseMessage response, TimeSpan headersAfter) = await Api.TimeHeadersAsync(client, Api.Responses, Api.Body(Api.Responses, "gpt-5.5", "00h-00m-10s"));
        using (response)
        {
            JsonElement body = await Api.JsonAsync(response);

            Assert.True(headersAfter >= AtLeast(3), $"Headers arrived after {headersAfter.TotalMilliseconds} ms, before the 300 ms admission.");
            Assert.Equal("flex", body.GetProperty("service_tier").GetString());
            AssertRouting(body, "openai", "flex", "flex_won", 0);
            Assert.Equal("flex_won", Api.Header(response, "x-flexinference-routing-reason"));
        }
    }

    [Theory]
    [InlineData("gpt-5.5", "openai", "default")]
    [InlineData("gemini-2.5-flash", "google", "standard")]
    public async Task Flex_that_never_starts_falls_back_up_after_the_whole_window(string model, string provider, string standardTier)
    {
        await using FlexInferenceTestServer router = await StartAsync(FlexProfile.NeverAdmitted);
        using HttpClient client = Api.Client(router);

        (HttpResponseMessage response, TimeSpan headersAfter) = await Api.TimeHeadersAsync(client, Api.Interactions, Api.Body(Api.Interactions, model, "00h-00m-05s"));
        using (response)
        {
            JsonElement body = await Api.JsonAsync(response);

            Assert.True(headersAfter >= AtLeast(5), $"Headers arrived after {headersAfter.TotalMilliseconds} ms, before the 500 ms window ended.");
            Assert.Equal(standardTier, body.GetProperty("service_tier").GetString());
            AssertRouting(body, provider, standardTier, "flex_deadline", 1);
            Assert.Equal(provider, Api.Header(response, "x-flexinference-served-provider"));
        }
    }

    [Fact]
    public async Task A_capacity_refusal_falls_back_when_the_refusal_arrives()
    {
        await using FlexInferenceTestServer router = await StartAsync(FlexProfile.RefusedAfter(TimeSpan.FromSeconds(2)));
        using HttpClient client = Api.Client(router);

        (HttpResponseMessage response, TimeSpan headersAfter) = await Api.TimeHeadersAsync(client, Api.Chat, Api.Body(Api.Chat, "o4-mini", "00h-01m-00s"));
        using (response)
        {
            JsonElement body = await Api.JsonAsync(response);

            Assert.True(headersAfter >= AtLeast(2));
            Assert.Equal("default", body.GetProperty("service_tier").GetString());
            AssertRouting(body, "openai", "default", "flex_capacity", 1);
        }
    }

    [Fact]
    public async Task Stream_headers_are_withheld_during_the_race_too()
    {
        await using FlexInferenceTestServer router = await StartAsync(FlexProfile.NeverAdmitted);
        using HttpClient client = Api.Client(router);
        JsonObject body = Api.Body(Api.Messages, "gpt-5.5", "00h-00m-05s");
        body["stream"] = true;

        (HttpResponseMessage response, TimeSpan headersAfter) = await Api.TimeHeadersAsync(client, Api.Messages, body);
        using (response)
        {
            Assert.True(headersAfter >= AtLeast(5), $"Stream headers arrived after {headersAfter.TotalMilliseconds} ms, during the race.");
            Assert.Equal("flex_deadline", Api.Header(response, "x-flexinference-routing-reason"));
            List<SseFrame> frames = await Sse.ReadAllAsync(response);
            Assert.Equal("message_stop", frames[^1].Kind);
        }
    }

    [Fact]
    public async Task Profiles_are_chosen_per_model_id_then_longest_prefix()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions
        {
            TimeScale = 0,
            DefaultFlexProfile = FlexProfile.AdmittedAfter(TimeSpan.Zero),
            FlexProfiles =
            {
                ["gemini-"] = FlexProfile.NeverAdmitted,
                ["gemini-2.5-pro"] = FlexProfile.RefusedAfter(TimeSpan.FromSeconds(1)),
            },
        }, TestContext.Current.CancellationToken);
        using HttpClient client = Api.Client(router);

        Assert.Equal("flex_won", await ReasonAsync(client, "gpt-5"));
        Assert.Equal("flex_deadline", await ReasonAsync(client, "gemini-2.5-flash"));
        Assert.Equal("flex_capacity", await ReasonAsync(client, "gemini-2.5-pro"));
    }

    private static async Task<string> ReasonAsync(HttpClient client, string model)
    {
        using HttpResponseMessage response = await Api.PostAsync(client, Api.Responses, Api.Body(Api.Responses, model, "00h-00m-30s"));
        return Api.Header(response, "x-flexinference-routing-reason");
    }

    private static void AssertRouting(JsonElement body, string provider, string tier, string reason, int fallbackAttempts)
    {
        JsonElement routing = Api.Usage(body).GetProperty("routing");
        Assert.Equal(provider, routing.GetProperty("provider").GetString());
        Assert.Equal(tier, routing.GetProperty("tier").GetString());
        Assert.Equal(reason, routing.GetProperty("reason").GetString());
        Assert.Equal(fallbackAttempts, routing.GetProperty("fallback_attempts").GetInt32());
    }

    private static Task<FlexInferenceTestServer> StartAsync(FlexProfile profile) =>
        FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions { TimeScale = Scale, DefaultFlexProfile = profile }, TestContext.Current.CancellationToken);
}
