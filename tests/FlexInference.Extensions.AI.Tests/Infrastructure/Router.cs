using System.Text.Json;
using System.Text.Json.Nodes;
using FlexInference.Testing;

namespace FlexInference.Extensions.AI.Tests.Infrastructure;

/// <summary>The embedded router and a client for it; every test starts its own, so tests never share a request log.</summary>
internal sealed class Router : IAsyncDisposable
{
    private Router(FlexInferenceTestServer server, FlexInferenceClient client)
    {
        Server = server;
        Client = client;
    }

    public FlexInferenceTestServer Server { get; }

    /// <summary>A client with retries off: these tests script one exchange per call and assert on it.</summary>
    public FlexInferenceClient Client { get; }

    public static async Task<Router> StartAsync(FlexInferenceTestServerOptions? options = null)
    {
        FlexInferenceTestServer server = await FlexInferenceTestServer.StartAsync(options, TestContext.Current.CancellationToken);
        var client = new FlexInferenceClient(FlexInferenceTestServer.TestApiKey, new FlexInferenceClientOptions { BaseUrl = server.BaseUrl, MaxRetries = 0 });
        return new Router(server, client);
    }

    /// <summary>The JSON body of the last request the router received.</summary>
    public JsonObject LastBody => Body(Server.Requests.Last ?? throw new InvalidOperationException("The router received no request."));

    public static JsonObject Body(RecordedRequest request) => JsonNode.Parse(request.BodyText)!.AsObject();

    /// <summary>Plays a recorded provider body (from Fixtures/) as the next answer, for shapes the router never produces (function calls).</summary>
    public void PlayFixture(string name)
    {
        string contentType = name.EndsWith(".sse", StringComparison.Ordinal) ? "text/event-stream" : "application/json";
        Server.Faults.Enqueue(Fault.Raw(200, Fixture(name), contentType));
    }

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static bool JsonEquals(JsonNode? expected, JsonNode? actual) => JsonNode.DeepEquals(expected, actual);

    public static JsonNode? Json(string text) => JsonNode.Parse(text);

    public static JsonElement Element(string text) => JsonDocument.Parse(text).RootElement.Clone();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
