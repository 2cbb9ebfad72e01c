using System.Text;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMockResponse = WireMock.ResponseBuilders.Response;
using WireMock.Server;
using WireMock.Settings;

namespace FlexInference.Tests.Infrastructure;

/// <summary>A WireMock server on 127.0.0.1 standing in for the router, with helpers to script answers and read what it got.</summary>
internal sealed class MockRouter : IDisposable
{
    public const string ApiKey = "flex_live_0123456789abcdef01234567abcdef";

    private MockRouter(WireMockServer server) => Server = server;

    public WireMockServer Server { get; }

    public Uri BaseUrl => new(Server.Url! + "/v1");

    public static MockRouter Start() =>
        new(WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"], StartAdminInterface = false }));

    /// <summary>
    /// A client for this server. Its retries are off (<c>MaxRetries = 0</c>): these tests script one exchange each and
    /// assert on it; the reliability tests turn retries on where they are the subject.
    /// </summary>
    public FlexInferenceClient Client(Action<FlexInferenceClientOptions>? configure = null)
    {
        var options = new FlexInferenceClientOptions { BaseUrl = BaseUrl, MaxRetries = 0 };
        configure?.Invoke(options);
        return new FlexInferenceClient(ApiKey, options);
    }

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> (below /v1) with a JSON body.</summary>
    public void Reply(string path, int status, string body, IDictionary<string, string>? headers = null, TimeSpan? delay = null, string method = "POST")
    {
        IResponseBuilder response = WireMockResponse.Create().WithStatusCode(status).WithBody(body, encoding: Encoding.UTF8);
        if (!body.TrimStart().StartsWith('<') && body.Length > 0)
        {
            response = response.WithHeader("Content-Type", "application/json");
        }

        foreach (KeyValuePair<string, string> header in headers ?? new Dictionary<string, string>())
        {
            response = response.WithHeader(header.Key, header.Value);
        }

        if (delay is { } wait)
        {
            response = response.WithDelay(wait);
        }

        Server.Given(Request.Create().WithPath("/v1" + path).UsingMethod(method)).RespondWith(response);
    }

    public IReadOnlyList<ILogEntry> Received => Server.LogEntries.ToList();

    public string LastBody => Received.Last().RequestMessage.Body!;

    public void Dispose() => Server.Stop();
}
