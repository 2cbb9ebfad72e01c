using System.Text.Json;
using System.Text.Json.Nodes;
using FlexInference.Extensions.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace FlexInference.Extensions.AI.Tests;

/// <summary>What reaches the router's body: mapped ChatOptions, every additional property verbatim, the raw-request factory.</summary>
public sealed class WireMappingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ChatOptions WithExtras() => new ChatOptions
    {
        AdditionalProperties = new()
        {
            ["include_cost"] = true,
            ["retry"] = Router.Element("""{"count":2,"backoff":"exponential","jitter":true}"""),
            ["metadata"] = new Dictionary<string, string> { ["team"] = "search", ["ticket"] = "FI-8" },
            ["brand_new_option"] = JsonNode.Parse("""{"nested":[1,2.5,"x",null,{"deep":true}]}"""),
            ["user"] = "user-1234",
            ["prompt_cache_key"] = "cache-key-7",
            ["top_logprobs"] = 2,
        },
    }.WithStartWithin(StartWithin.Default);

    [Theory]
    [InlineData(FlexInferenceChatApi.Responses)]
    [InlineData(FlexInferenceChatApi.ChatCompletions)]
    public async Task Every_additional_property_reaches_the_body_verbatim(FlexInferenceChatApi api)
    {
        await using Router router = await Router.StartAsync();
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", new FlexInferenceChatClientOptions { Api = api });

        await chat.GetResponseAsync("Hi", WithExtras(), Ct);

        JsonObject body = router.LastBody;
        Assert.True((bool)body["include_cost"]!);
        Assert.True(Router.JsonEquals(Router.Json("""{"count":2,"backoff":"exponential","jitter":true}"""), body["retry"]));
        Assert.True(Router.JsonEquals(Router.Json("""{"team":"search","ticket":"FI-8"}"""), body["metadata"]));
        Assert.True(Router.JsonEquals(Router.Json("""{"nested":[1,2.5,"x",null,{"deep":true}]}"""), body["brand_new_option"]));
        Assert.Equal("user-1234", (string?)body["user"]);
        Assert.Equal("cache-key-7", (string?)body["prompt_cache_key"]);
        Assert.Equal(2, (int?)body["top_logprobs"]);
        Assert.Equal("default", (string?)body["start_within"]);

        // The unknown option keeps its exact bytes (number spelling included).
        Assert.Contains("\"brand_new_option\":{\"nested\":[1,2.5,\"x\",null,{\"deep\":true}]}", router.Server.Requests.Last!.BodyText);
    }

    [Fact]
    public async Task Responses_maps_sampling_instructions_tools_tool_choice_and_reasoning()
    {
        await using Router router = await Router.StartAsync();
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", StartWithin.Default);
        AIFunction weather = AIFunctionFactory.Create((string city) => $"Sunny in {city}", "get_weather", "Gets the weather for a city.");
        var options = new ChatOptions
        {
            Instructions = "Answer in French.",
            Temperature = 0.25f,
            TopP = 0.5f,
            MaxOutputTokens = 200,
            StopSequences = ["END"],
            AllowMultipleToolCalls = false,
            Tools = [weather],
            ToolMode = ChatToolMode.RequireSpecific("get_weather"),
            Reasoning = new ReasoningOptions { Effort = Microsoft.Extensions.AI.ReasoningEffort.High, Output = ReasoningOutput.Summary },
            ModelId = "gpt-5-nano",
        };

        await chat.GetResponseAsync("Hi", options, Ct);

        JsonObject body = router.LastBody;
        Assert.Equal("gpt-5-nano", (string?)body["model"]);
        Assert.Equal("Answer in French.", (string?)body["instructions"]);
        Assert.Equal(0.25, (double)body["temperature"]!, 6);
        Assert.Equal(0.5, (double)body["top_p"]!, 6);
        Assert.Equal(200, (int?)body["max_output_tokens"]);
        Assert.False((bool)body["parallel_tool_calls"]!);
        Assert.False(body.ContainsKey("stop"));   // Responses has no stop sequences; see docs/extensions-ai.md
        Assert.True(Router.JsonEquals(Router.Json("""{"type":"function","name":"get_weather"}"""), body["tool_choice"]));
        Assert.True(Router.JsonEquals(Router.Json("""{"effort":"high","summary":"auto"}"""), body["reasoning"]));

        JsonObject tool = Assert.Single(body["tools"]!.AsArray())!.AsObject();
        Assert.Equal("function", (string?)tool["type"]);
        Assert.Equal("get_weather", (string?)tool["name"]);
        Assert.Equal("Gets the weather for a city.", (string?)tool["description"]);
        Assert.False((bool)tool["strict"]!);
        Assert.True(Router.JsonEquals(JsonNode.Parse(weather.JsonSchema.GetRawText()), tool["parameters"]));
    }

    [Fact]
    public async Task Chat_completions_maps_sampling_stop_seed_penalties_tools_tool_choice_and_instructions()
    {
        await using Router router = await Router.StartAsync();
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", new FlexInferenceChatClientOptions
        {
            Api = FlexInferenceChatApi.ChatCompletions,
            DefaultStartWithin = StartWithin.Default,
        });
        AIFunction weather = AIFunctionFactory.Create((string city) => $"Sunny in {city}", "get_weather", "Gets the weather for a city.");
        var options = new ChatOptions
        {
            Instructions = "Answer in French.",
            Temperature = 0.25f,
            TopP = 0.5f,
            MaxOutputTokens = 200,
            StopSequences = ["END", "STOP"],
            Seed = 7,
            FrequencyPenalty = 0.5f,
            PresencePenalty = 0.25f,
            Tools = [weather],
            ToolMode = ChatToolMode.RequireAny,
            Reasoning = new ReasoningOptions { Effort = Microsoft.Extensions.AI.ReasoningEffort.Low },
        };

        await chat.GetResponseAsync("Hi", options, Ct);

        JsonObject body = router.LastBody;
        Assert.Equal("/v1/chat/completions", router.Server.Requests.Last!.Path);
        Assert.True(Router.JsonEquals(Router.Json("""[{"role":"system","content":"Answer in French."},{"role":"user","content":"Hi"}]"""), body["messages"]));
        Assert.Equal(0.25, (double)body["temperature"]!, 6);
        Assert.Equal(0.5, (double)body["top_p"]!, 6);
        Assert.Equal(200, (int?)body["max_completion_tokens"]);
        Assert.True(Router.JsonEquals(Router.Json("""["END","STOP"]"""), body["stop"]));
        Assert.Equal(7, (long?)body["seed"]);
        Assert.Equal(0.5, (double)body["frequency_penalty"]!, 6);
        Assert.Equal(0.25, (double)body["presence_penalty"]!, 6);
        Assert.Equal("required", (string?)body["tool_choice"]);
        Assert.Equal("low", (string?)body["reasoning_effort"]);
        JsonObject tool = Assert.Single(body["tools"]!.AsArray())!.AsObject();
        Assert.Equal("function", (string?)tool["type"]);
        Assert.Equal("get_weather", (string?)tool["function"]!["name"]);
        Assert.True(Router.JsonEquals(JsonNode.Parse(weather.JsonSchema.GetRawText()), tool["function"]!["parameters"]));
    }

    [Fact]
    public async Task Raw_representation_factory_starts_the_body_and_its_fields_win_over_mapped_options()
    {
        await using Router router = await Router.StartAsync();
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", StartWithin.Default);
        var options = new ChatOptions
        {
            Temperature = 0.9f,
            RawRepresentationFactory = _ => new CreateResponse
            {
                Model = "gpt-5-mini",
                Input = "First turn from the raw request",
                Temperature = 0.1,
                IncludeCost = true,
            },
        };

        await chat.GetResponseAsync("Second turn", options, Ct);

        JsonObject body = router.LastBody;
        Assert.Equal("gpt-5-mini", (string?)body["model"]);
        Assert.Equal(0.1, (double)body["temperature"]!, 6);
        Assert.True((bool)body["include_cost"]!);
        Assert.Equal(["First turn from the raw request", "Second turn"],
            body["input"]!.AsArray().Select(item => (string?)item!["content"]![0]!["text"]));
    }

    [Fact]
    public async Task A_stream_entry_in_additional_properties_is_refused_before_sending()
    {
        await using Router router = await Router.StartAsync();
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", StartWithin.Default);

        FlexInferenceValidationException error = await Assert.ThrowsAsync<FlexInferenceValidationException>(() =>
            chat.GetResponseAsync("Hi", new ChatOptions { AdditionalProperties = new() { ["stream"] = true } }, Ct));

        Assert.Equal("stream", error.ParamName);
        Assert.Contains("GetStreamingResponseAsync", error.Message);
        Assert.Empty(router.Server.Requests);
    }

    [Fact]
    public async Task No_model_anywhere_is_refused_with_a_clear_message()
    {
        await using Router router = await Router.StartAsync();
        IChatClient chat = router.Client.AsIChatClient(model: null, StartWithin.Default);

        FlexInferenceValidationException error = await Assert.ThrowsAsync<FlexInferenceValidationException>(() => chat.GetResponseAsync("Hi", cancellationToken: Ct));

        Assert.Equal(FlexInferenceErrorCodes.MissingModel, error.Code);
        Assert.Contains("ChatOptions.ModelId", error.Message);
        Assert.Empty(router.Server.Requests);

        ChatResponse response = await chat.GetResponseAsync("Hi", new ChatOptions { ModelId = "gpt-5.5" }, Ct);
        Assert.Equal("gpt-5.5", response.ModelId);
    }

    [Fact]
    public async Task Service_tier_in_additional_properties_gets_the_clients_refusal()
    {
        await using Router router = await Router.StartAsync();
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", StartWithin.Default);

        FlexInferenceValidationException error = await Assert.ThrowsAsync<FlexInferenceValidationException>(() =>
            chat.GetResponseAsync("Hi", new ChatOptions { AdditionalProperties = new() { ["service_tier"] = "flex" } }, Ct));

        Assert.Equal(FlexInferenceErrorCodes.ServiceTierNotAllowed, error.Code);
        Assert.Empty(router.Server.Requests);
    }

    [Fact]
    public async Task A_raw_request_of_the_other_surface_is_refused_with_what_to_return_instead()
    {
        await using Router router = await Router.StartAsync();
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", new FlexInferenceChatClientOptions
        {
            Api = FlexInferenceChatApi.ChatCompletions,
            DefaultStartWithin = StartWithin.Default,
        });
        var options = new ChatOptions { RawRepresentationFactory = _ => new CreateResponse { Model = "gpt-5.5", Input = "x" } };

        FlexInferenceValidationException error = await Assert.ThrowsAsync<FlexInferenceValidationException>(() => chat.GetResponseAsync("Hi", options, Ct));

        Assert.Contains("CreateChatCompletionRequest", error.Message);
        Assert.Empty(router.Server.Requests);
    }
}
