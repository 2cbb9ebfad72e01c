using System.Text.Json.Nodes;
using FlexInference.Tests.Infrastructure;

namespace FlexInference.Tests;

/// <summary>The four text helpers, the served-route report and the read endpoints, on real payload shapes.</summary>
public sealed class ResultTests : IDisposable
{
    private static readonly Dictionary<string, string> RouterHeaders = new()
    {
        ["x-flexinference-served-provider"] = "openai",
        ["x-flexinference-routing-reason"] = "flex_won",
        ["x-flexinference-pricing"] = "byok",
        ["x-flexinference-cost"] = "4200",
        ["x-flexinference-retries"] = "1",
        ["x-flexinference-spend-remaining"] = "unlimited",
        ["x-flexinference-spend-as-of"] = "1763971200000",
        ["x-request-id"] = "req_abc",
    };

    private readonly MockRouter _router = MockRouter.Start();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Responses_output_text_and_route_come_from_body_and_headers(bool sync)
    {
        _router.Reply("/responses", 200, Fixtures.Read("responses.response.json"), RouterHeaders);
        using FlexInferenceClient client = _router.Client();
        var request = new CreateResponse { Model = "gpt-5.5", Input = "x", StartWithin = StartWithin.Within(TimeSpan.FromSeconds(30)) };

        Response response = sync ? client.Responses.Create(request, cancellationToken: TestContext.Current.CancellationToken) : await client.Responses.CreateAsync(request, cancellationToken: TestContext.Current.CancellationToken);
        ServedRoute route = response.GetRouting();

        Assert.Equal(ExpectedText(Fixtures.Read("responses.response.json")), response.OutputText());
        Assert.NotEmpty(response.OutputText());
        Assert.Equal(response.ServiceTier, route.ServiceTier);
        Assert.Equal(response.Usage!.Routing!.Reason, route.Reason);
        Assert.Equal(response.Usage.Cost!.TotalMicroUsd, route.CostMicroUsd); // the body wins over the header
        Assert.Equal(1, route.RouterRetries);
        Assert.Equal("unlimited", route.SpendRemaining);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1763971200000), route.SpendAsOf);
        Assert.Equal("req_abc", route.RequestId);
        Assert.NotNull(route.TimeToFirstByte);
        Assert.Equal("flex_won", route.Headers["x-flexinference-routing-reason"]);
    }

    [Fact]
    public async Task Without_routing_in_the_body_the_headers_fill_the_report()
    {
        _router.Reply("/chat/completions", 200, """{"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Hi"}}],"service_tier":"flex"}""", RouterHeaders);
        using FlexInferenceClient client = _router.Client();

        CreateChatCompletionResponse completion = await client.Chat.Completions.CreateAsync(
            new CreateChatCompletionRequest { Model = "gpt-5.5", Messages = [], StartWithin = StartWithin.Default }, cancellationToken: TestContext.Current.CancellationToken);
        ServedRoute route = completion.GetRouting();

        Assert.Equal("Hi", completion.OutputText());
        Assert.True(route.IsFlex);
        Assert.Equal("openai", route.Provider);
        Assert.Equal(RoutingReason.FlexWon, route.Reason);
        Assert.Equal(RoutingMode.Byok, route.Mode);
        Assert.Equal(4200, route.CostMicroUsd);
        Assert.Equal(0.0042m, route.CostUsd);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Chat_interaction_and_message_helpers_read_their_own_shapes(bool sync)
    {
        _router.Reply("/chat/completions", 200, Fixtures.Read("chat.completion.json"));
        _router.Reply("/interactions", 200, Fixtures.Read("interactions.interaction.json"));
        _router.Reply("/messages", 200, Fixtures.Read("messages.message.json"));
        using FlexInferenceClient client = _router.Client();
        var chat = new CreateChatCompletionRequest { Model = "gpt-5.5", Messages = [], StartWithin = StartWithin.Default };
        var interaction = new InteractionCreateParams { Model = "gemini-2.5-flash", Input = "x", StartWithin = StartWithin.Default };
        var message = new MessageCreateParams { Model = "claude-opus-4-8", Messages = [], StartWithin = StartWithin.Default };
        CancellationToken token = TestContext.Current.CancellationToken;

        CreateChatCompletionResponse c = sync ? client.Chat.Completions.Create(chat, cancellationToken: token) : await client.Chat.Completions.CreateAsync(chat, cancellationToken: token);
        InteractionObject i = sync ? client.Interactions.Create(interaction, cancellationToken: token) : await client.Interactions.CreateAsync(interaction, cancellationToken: token);
        MessageObject m = sync ? client.Messages.Create(message, cancellationToken: token) : await client.Messages.CreateAsync(message, cancellationToken: token);

        Assert.Equal(ExpectedText(Fixtures.Read("chat.completion.json")), c.OutputText());
        Assert.Equal(ExpectedText(Fixtures.Read("interactions.interaction.json")), i.InteractionOutputText());
        Assert.Equal(ExpectedText(Fixtures.Read("messages.message.json")), m.MessageOutputText());
        Assert.Equal(i.Usage?.Routing?.Provider, i.GetRouting().Provider);
        Assert.Equal(m.ServiceTier ?? m.Usage?.ServiceTier, m.GetRouting().ServiceTier);
    }

    [Theory]
    [InlineData("responses.response.json")]
    [InlineData("chat.completion.json")]
    [InlineData("interactions.interaction.json")]
    [InlineData("messages.message.json")]
    public async Task Raw_results_have_the_same_helpers(string fixture)
    {
        string path = fixture.Split('.')[0] switch { "responses" => "/responses", "chat" => "/chat/completions", "interactions" => "/interactions", _ => "/messages" };
        _router.Reply(path, 200, Fixtures.Read(fixture), RouterHeaders);
        using FlexInferenceClient client = _router.Client();
        var body = new JsonObject { ["model"] = "gpt-5.5", ["start_within"] = "default", ["input"] = "x", ["messages"] = new JsonArray() };
        CancellationToken token = TestContext.Current.CancellationToken;

        JsonObject result = path switch
        {
            "/responses" => await client.Responses.CreateAsync(body, cancellationToken: token),
            "/chat/completions" => await client.Chat.Completions.CreateAsync(body, cancellationToken: token),
            "/interactions" => await client.Interactions.CreateAsync(body, cancellationToken: token),
            _ => await client.Messages.CreateAsync(body, cancellationToken: token),
        };

        Assert.Equal(ExpectedText(Fixtures.Read(fixture)), result.OutputText());
        Assert.Equal("req_abc", result.GetRouting().RequestId);
        Assert.Equal(Text(JsonNode.Parse(Fixtures.Read(fixture))!["service_tier"]), result.GetRouting().ServiceTier?.Value);
    }

    [Fact]
    public void Helpers_return_empty_text_when_there_is_none()
    {
        Assert.Equal(string.Empty, new Response { Id = "r", Object = "response" }.OutputText());
        Assert.Equal(string.Empty, new CreateChatCompletionResponse { Id = "c", Object = "chat.completion" }.OutputText());
        Assert.Equal(string.Empty, new InteractionObject { Id = "i" }.InteractionOutputText());
        Assert.Equal(string.Empty, new MessageObject { Id = "m" }.MessageOutputText());
        Assert.Equal(string.Empty, new JsonObject().OutputText());
        Assert.Null(new Response { Id = "r", Object = "response" }.GetRouting().TimeToFirstByte); // not produced by a client
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Models_and_limits_are_read_with_typed_results(bool sync)
    {
        _router.Reply("/models", 200, """{"object":"list","data":[{"id":"gpt-5.5","object":"model","created":1,"owned_by":"openai","flexinference":{"flex_race":true,"tiers":["default","flex"]}}]}""", method: "GET");
        _router.Reply("/models/gpt-5.5", 200, """{"id":"gpt-5.5","object":"model","created":1,"owned_by":"openai"}""", method: "GET");
        _router.Reply("/models/nope", 404, """{"error":{"message":"unknown model","type":"invalid_request_error","code":"model_not_found"}}""", method: "GET");
        _router.Reply("/limits", 200, """{"object":"limits","as_of":1763971200000}""", method: "GET");
        using FlexInferenceClient client = _router.Client();
        CancellationToken token = TestContext.Current.CancellationToken;

        ModelList list = sync ? client.Models.List(cancellationToken: token) : await client.Models.ListAsync(cancellationToken: token);
        Model model = sync ? client.Models.Retrieve("gpt-5.5", cancellationToken: token) : await client.Models.RetrieveAsync("gpt-5.5", cancellationToken: token);
        Limits limits = sync ? client.Limits.Get(cancellationToken: token) : await client.Limits.GetAsync(cancellationToken: token);

        Assert.Equal("gpt-5.5", Assert.Single(list.Data).Id);
        Assert.True(list.Data[0].Flexinference!.FlexRace);
        Assert.Equal("gpt-5.5", model.Id);
        Assert.Equal("limits", limits.Object);
        await Assert.ThrowsAsync<NotFoundException>(() => client.Models.RetrieveAsync("nope", cancellationToken: token));
        Assert.Throws<FlexInferenceValidationException>(() => client.Models.Retrieve(" ", cancellationToken: token));
    }

    /// <summary>The text a reference helper would return, computed straight from the JSON.</summary>
    private static string ExpectedText(string json)
    {
        JsonNode root = JsonNode.Parse(json)!;
        if (root["choices"] is JsonArray choices)
        {
            return Text(choices[0]!["message"]!["content"]) ?? string.Empty;
        }

        IEnumerable<JsonNode?> parts = root["output"] is JsonArray output
            ? output.Where(item => Text(item!["type"]) == "message").SelectMany(item => item!["content"]!.AsArray()).Where(part => Text(part!["type"]) == "output_text")
            : root["steps"] is JsonArray steps
                ? steps.Where(step => Text(step!["type"]) == "model_output").SelectMany(step => step!["content"]!.AsArray()).Where(part => Text(part!["type"]) == "text")
                : root["content"]!.AsArray().Where(block => Text(block!["type"]) == "text");
        return string.Concat(parts.Select(part => Text(part!["text"])));
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    public void Dispose() => _router.Dispose();
}
