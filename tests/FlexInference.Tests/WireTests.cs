using System.Text.Json;
using System.Text.Json.Nodes;
using FlexInference.Tests.Infrastructure;

namespace FlexInference.Tests;

/// <summary>The exact bytes and headers that reach the router.</summary>
public sealed class WireTests : IDisposable
{
    private readonly MockRouter _router = MockRouter.Start();

    public WireTests()
    {
        _router.Reply("/responses", 200, Fixtures.Read("responses.response.json"));
        _router.Reply("/chat/completions", 200, Fixtures.Read("chat.completion.json"));
        _router.Reply("/interactions", 200, Fixtures.Read("interactions.interaction.json"));
        _router.Reply("/messages", 200, Fixtures.Read("messages.message.json"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_typed_request_is_sent_as_exactly_its_json_with_the_headers(bool sync)
    {
        using FlexInferenceClient client = _router.Client();
        var request = new CreateResponse { Model = "gpt-5.5", Input = "Write a haiku.", StartWithin = StartWithin.Within(TimeSpan.FromSeconds(30)) };

        _ = sync ? client.Responses.Create(request, cancellationToken: TestContext.Current.CancellationToken) : await client.Responses.CreateAsync(request, cancellationToken: TestContext.Current.CancellationToken);

        var received = _router.Received.Single().RequestMessage;
        Assert.Equal("""{"model":"gpt-5.5","input":"Write a haiku.","start_within":"00h-00m-30s"}""", received.Body);
        Assert.Equal("/v1/responses", received.Path);
        Assert.Equal("Bearer " + MockRouter.ApiKey, received.Headers!["Authorization"].Single());
        Assert.Contains("text/event-stream", received.Headers!["Accept"].Single(), StringComparison.Ordinal);
        Assert.StartsWith("application/json", received.Headers!["Content-Type"].Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_raw_body_is_sent_byte_for_byte_with_unknown_fields_and_never_gains_service_tier(bool sync)
    {
        using FlexInferenceClient client = _router.Client();
        string json = Fixtures.Read("chat.request.json");
        JsonObject body = JsonNode.Parse(json)!.AsObject();

        JsonObject result = sync ? client.Chat.Completions.Create(body, cancellationToken: TestContext.Current.CancellationToken) : await client.Chat.Completions.CreateAsync(body, cancellationToken: TestContext.Current.CancellationToken);

        string sent = _router.LastBody;
        Assert.Equal(body.ToJsonString(), sent);
        Assert.DoesNotContain("service_tier", sent, StringComparison.Ordinal);
        using JsonDocument original = JsonDocument.Parse(json);
        using JsonDocument onWire = JsonDocument.Parse(sent);
        Assert.Equal(original.RootElement.EnumerateObject().Select(p => p.Name), onWire.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonNode.Parse(Fixtures.Read("chat.completion.json"))!.ToJsonString(), result.ToJsonString());
    }

    [Fact]
    public async Task Typed_requests_keep_their_unknown_fields_on_the_wire()
    {
        using FlexInferenceClient client = _router.Client();
        CreateResponse request = JsonSerializer.Deserialize(Fixtures.Read("responses.request.json"), FlexInferenceJsonContext.Default.CreateResponse)!;

        await client.Responses.CreateAsync(request, cancellationToken: TestContext.Current.CancellationToken);

        using JsonDocument sent = JsonDocument.Parse(_router.LastBody);
        foreach (string unknown in request.AdditionalProperties!.Keys)
        {
            Assert.Equal(request.AdditionalProperties[unknown].GetRawText(), sent.RootElement.GetProperty(unknown).GetRawText());
        }

        Assert.False(sent.RootElement.TryGetProperty("service_tier", out _));
    }

    public void Dispose() => _router.Dispose();
}
