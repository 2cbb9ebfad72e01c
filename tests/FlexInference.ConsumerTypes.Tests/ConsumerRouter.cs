using System.Text;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMockResponse = WireMock.ResponseBuilders.Response;

namespace FlexInference.ConsumerTypes.Tests;

/// <summary>A WireMock server on 127.0.0.1 standing in for the router: scripted answers, and the bytes it received.</summary>
internal sealed class ConsumerRouter : IDisposable
{
    public const string ApiKey = "flex_live_0123456789abcdef01234567abcdef";

    private readonly WireMockServer _server =
        WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"], StartAdminInterface = false });

    public FlexInferenceClient Client() =>
        new(ApiKey, new FlexInferenceClientOptions { BaseUrl = new Uri(_server.Url! + "/v1"), MaxRetries = 0 });

    public void Reply(string path, string body, string contentType = "application/json", IDictionary<string, string>? headers = null)
    {
        var response = WireMockResponse.Create().WithStatusCode(200).WithBody(body, encoding: Encoding.UTF8).WithHeader("Content-Type", contentType);
        foreach (KeyValuePair<string, string> header in headers ?? new Dictionary<string, string>())
        {
            response = response.WithHeader(header.Key, header.Value);
        }

        _server.Given(Request.Create().WithPath("/v1" + path).UsingPost()).RespondWith(response);
    }

    public IReadOnlyList<ILogEntry> Received => _server.LogEntries.ToList();

    public string LastBody => Received.Last().RequestMessage.Body!;

    public void Dispose() => _server.Stop();
}
