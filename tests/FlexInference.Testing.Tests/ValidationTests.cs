using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlexInference.Testing.Tests;

/// <summary>Every body rule of the router, on every surface: the status, the code and the surface's own envelope.</summary>
public sealed class ValidationTests(FastRouter fast) : IClassFixture<FastRouter>
{
    private static readonly Dictionary<string, (Action<JsonObject> Mutate, int Status, string Code)> Rules = new()
    {
        ["model missing"] = (body => body.Remove("model"), 400, FlexInferenceErrorCodes.MissingModel),
        ["model empty"] = (body => body["model"] = "", 400, FlexInferenceErrorCodes.MissingModel),
        ["model not a string"] = (body => body["model"] = 5, 400, FlexInferenceErrorCodes.MissingModel),
        ["start_within missing"] = (body => body.Remove("start_within"), 400, FlexInferenceErrorCodes.MissingStartWithin),
        ["start_within standard"] = (body => body["start_within"] = "standard", 400, FlexInferenceErrorCodes.InvalidStartWithin),
        ["start_within one digit"] = (body => body["start_within"] = "0h-5m-0s", 400, FlexInferenceErrorCodes.InvalidStartWithin),
        ["start_within too short"] = (body => body["start_within"] = "00h-00m-04s", 400, FlexInferenceErrorCodes.InvalidStartWithin),
        ["start_within too long"] = (body => body["start_within"] = "00h-10m-01s", 400, FlexInferenceErrorCodes.InvalidStartWithin),
        ["start_within upper case"] = (body => body["start_within"] = "DEFAULT", 400, FlexInferenceErrorCodes.InvalidStartWithin),
        ["start_within number"] = (body => body["start_within"] = 30, 400, FlexInferenceErrorCodes.InvalidStartWithin),
        ["start_within empty"] = (body => body["start_within"] = "", 400, FlexInferenceErrorCodes.InvalidStartWithin),
        ["service_tier sent"] = (body => body["service_tier"] = "flex", 400, FlexInferenceErrorCodes.ServiceTierNotAllowed),
        ["duration on claude"] = (body => { body["model"] = "claude-sonnet-4-6"; body["start_within"] = "00h-00m-30s"; }, 400, FlexInferenceErrorCodes.FlexUnsupportedForAnthropic),
        ["auto on gemini"] = (body => { body["model"] = "gemini-2.5-flash"; body["start_within"] = "auto"; }, 400, FlexInferenceErrorCodes.AutoUnsupportedForGemini),
        ["duration on a model without flex"] = (body => { body["model"] = "gpt-4.1"; body["start_within"] = "00h-00m-30s"; }, 400, FlexInferenceErrorCodes.FlexModelNotCapable),
        ["duration on an unlisted model"] = (body => { body["model"] = "gpt-unknown"; body["start_within"] = "00h-00m-30s"; }, 400, FlexInferenceErrorCodes.FlexModelNotCapable),
        ["provider not an array"] = (body => body["provider"] = "openai", 400, FlexInferenceErrorCodes.InvalidProviderChain),
        ["provider empty"] = (body => body["provider"] = new JsonArray(), 400, FlexInferenceErrorCodes.InvalidProviderChain),
        ["provider too long"] = (body => body["provider"] = new JsonArray("openai", "foundry", "vertex", "bedrock"), 400, FlexInferenceErrorCodes.InvalidProviderChain),
        ["provider unknown route"] = (body => body["provider"] = new JsonArray("azure"), 400, FlexInferenceErrorCodes.InvalidProviderChain),
        ["provider repeated"] = (body => body["provider"] = new JsonArray("openai", "openai"), 400, FlexInferenceErrorCodes.InvalidProviderChain),
        ["provider cannot serve model"] = (body => body["provider"] = new JsonArray("bedrock"), 400, FlexInferenceErrorCodes.ProviderModelMismatch),
        ["duration on a cloud route"] = (body => { body["provider"] = new JsonArray("foundry", "openai"); body["start_within"] = "00h-00m-30s"; }, 400, FlexInferenceErrorCodes.FlexUnsupportedOnCloud),
        ["retry count zero"] = (body => body["retry"] = new JsonObject { ["count"] = 0 }, 400, "invalid_retry"),
        ["retry not an object"] = (body => body["retry"] = 3, 400, "invalid_retry"),
        ["retry unknown key"] = (body => body["retry"] = new JsonObject { ["count"] = 2, ["delay"] = 1 }, 400, "invalid_retry"),
        ["retry bad backoff"] = (body => body["retry"] = new JsonObject { ["count"] = 2, ["backoff"] = "random" }, 400, "invalid_retry"),
        ["include_cost not boolean"] = (body => body["include_cost"] = "yes", 400, "invalid_include_cost"),
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string surface in Api.Surfaces)
        {
            foreach (string rule in Rules.Keys)
            {
                data.Add(surface, rule);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_rule_answers_its_status_code_and_the_surface_envelope(string surface, string rule)
    {
        (Action<JsonObject> mutate, int status, string code) = Rules[rule];
        JsonObject body = Api.Body(surface);
        mutate(body);
        using HttpClient client = Api.Client(fast.Server);

        using HttpResponseMessage response = await Api.PostAsync(client, surface, body);

        JsonElement json = await ErrorAssert.ResponseAsync(surface, response, status, code);
        Assert.Null(Api.HeaderOrNull(response, "x-flexinference-routing-reason"));
        string message = json.GetProperty("error").GetProperty("message").GetString()!;
        if (FlexInferenceErrorCatalog.TryGet(code, out FlexInferenceErrorCodeInfo? info) && code != FlexInferenceErrorCodes.InvalidStartWithin)
        {
            Assert.Contains(info.Fix, message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(Api.Responses, "type", "flexinference_error")]
    [InlineData(Api.Chat, "type", "flexinference_error")]
    [InlineData(Api.Messages, "type", "invalid_request_error")]
    [InlineData(Api.Interactions, "status", "INVALID_ARGUMENT")]
    public async Task A_FlexInference_400_uses_the_category_word_of_the_called_surface(string surface, string field, string expected)
    {
        JsonObject body = Api.Body(surface);
        body.Remove("start_within");
        using HttpClient client = Api.Client(fast.Server);

        using HttpResponseMessage response = await Api.PostAsync(client, surface, body);
        JsonElement error = (await Api.JsonAsync(response)).GetProperty("error");

        Assert.Equal(expected, error.GetProperty(field).GetString());
        if (surface is Api.Responses or Api.Chat)
        {
            Assert.Equal("start_within", error.GetProperty("param").GetString());
        }
    }

    [Fact]
    public async Task Invalid_start_within_messages_say_what_why_and_how_with_an_example()
    {
        JsonObject body = Api.Body(Api.Responses, startWithin: "standard");
        using HttpClient client = Api.Client(fast.Server);

        using HttpResponseMessage response = await Api.PostAsync(client, Api.Responses, body);
        string message = (await Api.JsonAsync(response)).GetProperty("error").GetProperty("message").GetString()!;

        Assert.Equal(FlexInference.StartWithin.Validate("standard"), message);
        Assert.Contains("\"default\"", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00h-00m-05s")]
    [InlineData("00h-10m-00s")]
    [InlineData("00h-00m-90s")]
    [InlineData("priority")]
    [InlineData("auto")]
    public async Task Accepted_start_within_values_are_served(string startWithin)
    {
        using HttpClient client = Api.Client(fast.Server);

        using HttpResponseMessage response = await Api.PostAsync(client, Api.Responses, Api.Body(Api.Responses, startWithin: startWithin));

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Theory]
    [InlineData(Api.Responses, "input", "missing_required_parameter")]
    [InlineData(Api.Chat, "messages", "missing_required_parameter")]
    [InlineData(Api.Interactions, "input", null)]
    [InlineData(Api.Messages, "messages", null)]
    public async Task A_missing_provider_field_comes_back_as_a_passed_through_provider_error(string surface, string field, string? openAICode)
    {
        JsonObject body = Api.Body(surface);
        body.Remove(field);
        using HttpClient client = Api.Client(fast.Server);

        using HttpResponseMessage response = await Api.PostAsync(client, surface, body);

        JsonElement json = await ErrorAssert.ResponseAsync(surface, response, 400, code: null);
        JsonElement block = json.GetProperty("error").GetProperty("flexinference");
        Assert.Equal("openai", block.GetProperty("provider").GetString());
        Assert.Equal(JsonValueKind.Null, block.GetProperty("doc_url").ValueKind);
        if (openAICode is not null)
        {
            Assert.Equal(openAICode, json.GetProperty("error").GetProperty("code").GetString());
            Assert.Equal(field, json.GetProperty("error").GetProperty("param").GetString());
        }
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1, 2]")]
    [InlineData("")]
    public async Task A_body_that_is_not_a_JSON_object_is_a_400(string raw)
    {
        using HttpClient client = Api.Client(fast.Server);

        foreach (string surface in Api.Surfaces)
        {
            using HttpResponseMessage response = await Api.PostRawAsync(client, surface, raw);
            await ErrorAssert.ResponseAsync(surface, response, 400, "invalid_json");
        }
    }
}
