using System.Text.Json;
using System.Text.Json.Nodes;
using FlexInference.Tests.Infrastructure;

namespace FlexInference.Tests;

/// <summary>Every local rule refuses the request before a byte is sent, with a message that says how to fix it.</summary>
public sealed class ValidationTests : IDisposable
{
    private readonly MockRouter _router = MockRouter.Start();

    public ValidationTests() => _router.Reply("/responses", 200, Fixtures.Read("responses.response.json"));

    public static TheoryData<string, string, string, string?, string> Rules => new()
    {
        // surface, body, param, code, a fragment of the message
        { "responses", """{"input":"x","start_within":"default"}""", "model", "missing_model", "model is required" },
        { "responses", """{"model":"","input":"x","start_within":"default"}""", "model", "missing_model", "it is empty" },
        { "responses", """{"model":5,"input":"x","start_within":"default"}""", "model", "missing_model", "it is a number" },
        { "responses", """{"model":"gpt-5.5","input":"x"}""", "start_within", "missing_start_within", "required on every request" },
        { "responses", """{"model":"gpt-5.5","input":"x","start_within":30}""", "start_within", "invalid_start_within", "must be a string" },
        { "responses", """{"model":"gpt-5.5","input":"x","start_within":"standard"}""", "start_within", "invalid_start_within", "replaced by \"default\"" },
        { "responses", """{"model":"gpt-5.5","input":"x","start_within":"0h-5m-0s"}""", "start_within", "invalid_start_within", "two digits each" },
        { "responses", """{"model":"gpt-5.5","input":"x","start_within":"00h-00m-04s"}""", "start_within", "invalid_start_within", "outside the allowed window" },
        { "responses", """{"model":"gpt-5.5","input":"x","start_within":"00h-11m-00s"}""", "start_within", "invalid_start_within", "660 s" },
        { "responses", """{"model":"gpt-5.5","input":"x","start_within":"default","retry":3}""", "retry", null, "retry must be an object" },
        { "responses", """{"model":"gpt-5.5","input":"x","start_within":"default","retry":{"count":2,"max":9}}""", "retry", null, "unknown key \"max\"" },
        { "responses", """{"model":"gpt-5.5","input":"x","start_within":"default","retry":{"count":6}}""", "retry.count", null, "from 1 to 5" },
        { "responses", """{"model":"gpt-5.5","input":"x","start_within":"default","retry":{"count":1.5}}""", "retry.count", null, "but it is 1.5" },
        { "responses", """{"model":"gpt-5.5","input":"x","start_within":"default","retry":{"backoff":"linear"}}""", "retry.count", null, "it is missing" },
        { "responses", """{"model":"gpt-5.5","input":"x","start_within":"default","retry":{"count":2,"backoff":"fibonacci"}}""", "retry.backoff", null, "\"fibonacci\"" },
        { "responses", """{"model":"gpt-5.5","input":"x","start_within":"default","retry":{"count":2,"jitter":"yes"}}""", "retry.jitter", null, "must be a boolean" },
        { "responses", """{"model":"gpt-5.5","input":"x","start_within":"default","provider":"openai"}""", "provider", "invalid_provider_chain", "must be an array" },
        { "responses", """{"model":"gpt-5.5","input":"x","start_within":"default","provider":[]}""", "provider", "invalid_provider_chain", "1 to 3 routes" },
        { "responses", """{"model":"gpt-5.5","input":"x","start_within":"default","provider":["openai","foundry","vertex","bedrock"]}""", "provider", "invalid_provider_chain", "it lists 4" },
        { "responses", """{"model":"gpt-5.5","input":"x","start_within":"default","provider":["azure"]}""", "provider", "invalid_provider_chain", "unknown route \"azure\"" },
        { "responses", """{"model":"gpt-5.5","input":"x","start_within":"default","provider":["openai","openai"]}""", "provider", "invalid_provider_chain", "twice" },
        { "responses", """{"model":"gpt-5.5","input":"x","start_within":"default","include_cost":"true"}""", "include_cost", null, "must be a boolean" },
        { "responses", """{"model":"gpt-5.5","start_within":"default"}""", "input", null, "input is required" },
        { "interactions", """{"model":"gemini-2.5-flash","start_within":"default"}""", "input", null, "input is required" },
        { "chat", """{"model":"gpt-5.5","start_within":"default"}""", "messages", null, "messages is required" },
        { "messages", """{"model":"claude-opus-4-8","start_within":"default","messages":{"role":"user"}}""", "messages", null, "must be an array" },
        { "responses", """{"model":"gpt-5.5","input":"x","start_within":"default","service_tier":"flex"}""", "service_tier", "service_tier_not_allowed", "router owns the tier" },
        { "messages", """{"model":"claude-opus-4-8","start_within":"00h-00m-30s","messages":[]}""", "start_within", "flex_unsupported_for_anthropic", "Anthropic has no flex tier" },
        { "chat", """{"model":"claude-sonnet-4-6","start_within":"00h-01m-00s","messages":[]}""", "start_within", "flex_unsupported_for_anthropic", "\"default\", \"priority\" or \"auto\"" },
        { "interactions", """{"model":"gemini-2.5-flash","start_within":"auto","input":"x"}""", "start_within", "auto_unsupported_for_gemini", "Gemini has no auto tier" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task A_rule_violation_is_refused_locally_with_a_helpful_message(string surface, string body, string param, string? code, string fragment)
    {
        using FlexInferenceClient client = _router.Client();
        JsonObject request = JsonNode.Parse(body)!.AsObject();
        string before = request.ToJsonString();

        FlexInferenceValidationException error = await Assert.ThrowsAsync<FlexInferenceValidationException>(() => Send(client, surface, request));

        Assert.Equal(param, error.ParamName);
        Assert.Equal(code, error.Code);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("FlexInference: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("for example", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.IsAssignableFrom<ArgumentException>(error);
        Assert.Empty(_router.Received);
        Assert.Equal(before, request.ToJsonString()); // the caller's object is untouched
    }

    [Fact]
    public void A_body_that_is_not_an_object_is_refused()
    {
        var error = Assert.Throws<FlexInferenceValidationException>(() =>
            FlexInference.Validation.RequestValidator.Validate("[1,2]"u8, FlexInference.Surfaces.Surface.Responses, startWithinRequired: true));

        Assert.Contains("must be a JSON object", error.Message, StringComparison.Ordinal);
        Assert.Contains("for example", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_synchronous_twin_validates_the_same_way()
    {
        using FlexInferenceClient client = _router.Client();

        var error = Assert.Throws<FlexInferenceValidationException>(() => client.Responses.Create(new CreateResponse { Model = "gpt-5.5", Input = "x" }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(FlexInferenceErrorCodes.MissingStartWithin, error.Code);
        Assert.Empty(_router.Received);
    }

    [Fact]
    public async Task A_typed_request_with_service_tier_smuggled_in_extra_fields_is_refused()
    {
        using FlexInferenceClient client = _router.Client();
        var request = new CreateResponse
        {
            Model = "gpt-5.5",
            Input = "x",
            StartWithin = StartWithin.Default,
            AdditionalProperties = new Dictionary<string, JsonElement> { ["service_tier"] = JsonDocument.Parse("\"flex\"").RootElement },
        };

        var error = await Assert.ThrowsAsync<FlexInferenceValidationException>(() => client.Responses.CreateAsync(request, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(FlexInferenceErrorCodes.ServiceTierNotAllowed, error.Code);
        Assert.Empty(_router.Received);
    }

    [Fact]
    public async Task Keys_with_a_default_start_within_can_opt_out_of_the_local_requirement()
    {
        using FlexInferenceClient client = _router.Client(options => options.AllowMissingStartWithin = true);

        Response response = await client.Responses.CreateAsync(new CreateResponse { Model = "gpt-5.5", Input = "x" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotNull(response);
        Assert.DoesNotContain("start_within", _router.LastBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Null_input_counts_as_present_and_unknown_fields_pass_through()
    {
        using FlexInferenceClient client = _router.Client();
        var body = new JsonObject { ["model"] = "gpt-5.5", ["input"] = null, ["start_within"] = "priority", ["brand_new"] = new JsonObject { ["x"] = 1 } };

        await client.Responses.CreateAsync(body, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("""{"model":"gpt-5.5","input":null,"start_within":"priority","brand_new":{"x":1}}""", _router.LastBody);
    }

    private static Task Send(FlexInferenceClient client, string surface, JsonObject request) => surface switch
    {
        "responses" => client.Responses.CreateAsync(request, cancellationToken: TestContext.Current.CancellationToken),
        "chat" => client.Chat.Completions.CreateAsync(request, cancellationToken: TestContext.Current.CancellationToken),
        "interactions" => client.Interactions.CreateAsync(request, cancellationToken: TestContext.Current.CancellationToken),
        _ => client.Messages.CreateAsync(request, cancellationToken: TestContext.Current.CancellationToken),
    };

    public void Dispose() => _router.Dispose();
}
