using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlexInference.Testing.Tests;

/// <summary>Non-streamed answers: each surface's own shape (read back with the SDK's generated types), routing and headers.</summary>
public sealed class BodyShapeTests(FastRouter fast) : IClassFixture<FastRouter>
{
    public static TheoryData<string, string> SurfacesAndModels()
    {
        var data = new TheoryData<string, string>();
        foreach (string surface in Api.Surfaces)
        {
            foreach (string model in new[] { "gpt-5.5", "gemini-2.5-flash", "claude-sonnet-4-6" })
            {
                data.Add(surface, model);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SurfacesAndModels))]
    public async Task Any_surface_serves_any_model_in_its_own_shape(string surface, string model)
    {
        using HttpClient client = Api.Client(fast.Server);

        using HttpResponseMessage response = await Api.PostAsync(client, surface, Api.Body(surface, model, "default", "What is flex?"));
        JsonElement body = await Api.JsonAsync(response);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("This is a simulated answer. You said: What is flex?", Api.Text(surface, body));
        Assert.Equal(model, body.GetProperty("model").GetString());
        string family = model.Split('-')[0] switch { "gemini" => "google", "claude" => "anthropic", _ => "openai" };
        string tier = family == "openai" ? "default" : "standard";
        Assert.Equal(tier, body.GetProperty("service_tier").GetString());

        JsonElement routing = Api.Usage(body).GetProperty("routing");
        Assert.Equal(family, routing.GetProperty("provider").GetString());
        Assert.Equal(family, routing.GetProperty("requested_provider").GetString());
        Assert.Equal(tier, routing.GetProperty("tier").GetString());
        Assert.Equal("tier_direct", routing.GetProperty("reason").GetString());
        Assert.Equal(0, routing.GetProperty("fallback_attempts").GetInt32());
        Assert.Equal("byok", routing.GetProperty("mode").GetString());
        Assert.Equal("USD", Api.Usage(body).GetProperty("cost").GetProperty("currency").GetString());

        Assert.Equal(family, Api.Header(response, "x-flexinference-served-provider"));
        Assert.Equal("tier_direct", Api.Header(response, "x-flexinference-routing-reason"));
        Assert.Equal("byok", Api.Header(response, "x-flexinference-pricing"));
        Assert.Equal("0", Api.Header(response, "x-flexinference-retries"));
        Assert.Equal("unlimited", Api.Header(response, "x-flexinference-spend-remaining"));
        Assert.True(long.Parse(Api.Header(response, "x-flexinference-spend-as-of"), System.Globalization.CultureInfo.InvariantCulture) > 1_700_000_000_000);
        Assert.Equal(Api.Usage(body).GetProperty("cost").GetProperty("total_micro_usd").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), Api.Header(response, "x-flexinference-cost"));
        Assert.StartsWith("req_", Api.Header(response, "x-request-id"), StringComparison.Ordinal);

        AssertFitsGeneratedType(surface, body);
    }

    [Fact]
    public async Task Tier_words_map_to_each_providers_served_tier()
    {
        using HttpClient client = Api.Client(fast.Server);

        Assert.Equal("priority", await TierAsync(client, "gpt-5.5", "priority"));
        Assert.Equal("default", await TierAsync(client, "gpt-5.5", "auto"));
        Assert.Equal("priority", await TierAsync(client, "gemini-2.5-pro", "priority"));
        Assert.Equal("standard", await TierAsync(client, "gemini-2.5-pro", "default"));
        Assert.Equal("standard", await TierAsync(client, "claude-opus-4-8", "priority"));
        Assert.Equal("standard", await TierAsync(client, "claude-opus-4-8", "auto"));
    }

    [Fact]
    public async Task A_provider_chain_names_the_served_route()
    {
        using HttpClient client = Api.Client(fast.Server);
        JsonObject body = Api.Body(Api.Messages, "claude-sonnet-4-6");
        body["provider"] = new JsonArray("bedrock", "anthropic");

        using HttpResponseMessage response = await Api.PostAsync(client, Api.Messages, body);
        JsonElement json = await Api.JsonAsync(response);

        Assert.Equal("bedrock", Api.Header(response, "x-flexinference-served-provider"));
        Assert.Equal("bedrock", json.GetProperty("usage").GetProperty("routing").GetProperty("provider").GetString());
    }

    [Theory]
    [InlineData(Api.Responses, "max_output_tokens", "status", "incomplete")]
    [InlineData(Api.Chat, "max_completion_tokens", null, "length")]
    [InlineData(Api.Messages, "max_tokens", "stop_reason", "max_tokens")]
    public async Task The_output_token_cap_cuts_the_answer_one_word_per_token(string surface, string capField, string? statusField, string expected)
    {
        using HttpClient client = Api.Client(fast.Server);
        JsonObject body = Api.Body(surface);
        body[capField] = 3;

        using HttpResponseMessage response = await Api.PostAsync(client, surface, body);
        JsonElement json = await Api.JsonAsync(response);

        Assert.Equal("This is a ", Api.Text(surface, json));
        string actual = statusField is null
            ? json.GetProperty("choices")[0].GetProperty("finish_reason").GetString()!
            : json.GetProperty(statusField).GetString()!;
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Interactions_accept_a_step_list_and_echo_the_last_user_turn()
    {
        using HttpClient client = Api.Client(fast.Server);
        var body = new JsonObject
        {
            ["model"] = "gemini-2.5-flash",
            ["start_within"] = "default",
            ["input"] = new JsonArray(
                new JsonObject { ["type"] = "user_input", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "first" }) },
                new JsonObject { ["type"] = "model_output", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "ok" }) },
                new JsonObject { ["type"] = "user_input", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "second" }) }),
        };

        using HttpResponseMessage response = await Api.PostAsync(client, Api.Interactions, body);

        Assert.EndsWith("You said: second", Api.Text(Api.Interactions, await Api.JsonAsync(response)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_factory_replaces_the_canned_answer()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions
        {
            TimeScale = 0,
            ReplyFactory = (model, prompt) => $"{model} heard {prompt.ToUpperInvariant()}",
        }, TestContext.Current.CancellationToken);
        using HttpClient client = Api.Client(router);

        using HttpResponseMessage response = await Api.PostAsync(client, Api.Chat, Api.Body(Api.Chat, text: "hi"));

        Assert.Equal("gpt-5.5 heard HI", Api.Text(Api.Chat, await Api.JsonAsync(response)));
    }

    private static async Task<string> TierAsync(HttpClient client, string model, string startWithin)
    {
        using HttpResponseMessage response = await Api.PostAsync(client, Api.Responses, Api.Body(Api.Responses, model, startWithin));
        JsonElement body = await Api.JsonAsync(response);
        Assert.Equal(body.GetProperty("service_tier").GetString(), Api.Usage(body).GetProperty("routing").GetProperty("tier").GetString());
        return body.GetProperty("service_tier").GetString()!;
    }

    private static void AssertFitsGeneratedType(string surface, JsonElement body)
    {
        switch (surface)
        {
            case Api.Responses:
                Response response = body.Deserialize(FlexInferenceJsonContext.Default.Response)!;
                Assert.Equal("response", response.Object);
                Assert.True(response.Output![0].IsOutputMessage);
                Assert.NotNull(response.Usage!.Routing);
                break;
            case Api.Chat:
                CreateChatCompletionResponse chat = body.Deserialize(FlexInferenceJsonContext.Default.CreateChatCompletionResponse)!;
                Assert.Equal("chat.completion", chat.Object);
                Assert.NotNull(chat.Usage!.Cost);
                break;
            case Api.Interactions:
                InteractionObject interaction = body.Deserialize(FlexInferenceJsonContext.Default.InteractionObject)!;
                Assert.Equal("interaction", interaction.Object);
                Assert.NotNull(interaction.Usage!.Routing);
                break;
            default:
                MessageObject message = body.Deserialize(FlexInferenceJsonContext.Default.MessageObject)!;
                Assert.Equal("message", message.Type);
                Assert.NotNull(message.Usage!.Routing);
                break;
        }
    }
}
