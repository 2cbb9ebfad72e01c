using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using FlexInference.Tests.Infrastructure;
using static FlexInference.Tests.Reliability.ReliabilityKit;

namespace FlexInference.Tests.Reliability;

/// <summary>
/// Where the key may travel: only over https (or loopback, or an explicit opt-in), only in <c>Authorization: Bearer</c>,
/// never through a redirect to another origin or down to http, and never in a header value that could split the request.
/// </summary>
public sealed class TransportSafetyTests
{
    private const string Key = MockRouter.ApiKey;

    [Theory]
    [InlineData("http://127.0.0.1:9/v1", true)]
    [InlineData("http://127.0.0.2:9/v1", true)]
    [InlineData("http://localhost:9/v1", true)]
    [InlineData("http://[::1]:9/v1", true)]
    [InlineData("https://api.example.com/v1", true)]
    [InlineData("http://api.example.com/v1", false)]
    [InlineData("http://10.0.0.7/v1", false)]
    [InlineData("http://localhost.example.com/v1", false)]
    [InlineData("http://127.0.0.1.example.com/v1", false)]
    public void Plain_http_is_refused_at_construction_unless_the_host_is_loopback(string url, bool allowed)
    {
        FlexInferenceClient Build() => new(Key, new FlexInferenceClientOptions { BaseUrl = new Uri(url) });

        if (allowed)
        {
            Build().Dispose();
            return;
        }

        var error = Assert.Throws<FlexInferenceValidationException>(Build);
        Assert.Contains("clear text", error.Message, StringComparison.Ordinal);
        new FlexInferenceClient(Key, new FlexInferenceClientOptions { BaseUrl = new Uri(url), AllowInsecureHttp = true }).Dispose();
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\n")]
    [InlineData("\r\nX-Injected: yes")]
    [InlineData("\0")]
    [InlineData("\t")]
    [InlineData("\u007f")]
    [InlineData("\u0085")]
    [InlineData("é")]
    [InlineData("\u2028")]
    public void A_key_with_CR_LF_NUL_or_another_unsendable_character_is_refused_naming_the_header_not_the_value(string bad)
    {
        string key = "flex_live_SECRETPART0123456789" + bad + "abcdef";

        var error = Assert.Throws<FlexInferenceValidationException>(() => new FlexInferenceClient(key, new FlexInferenceClientOptions { BaseUrl = new Uri("http://127.0.0.1:9/v1") }));

        Assert.Contains("Authorization header", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETPART", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("abcdef", error.Message, StringComparison.Ordinal);
        Assert.Equal("apiKey", error.ParamName);
    }

    [Fact]
    public void A_key_from_the_environment_with_a_line_break_is_refused_too()
    {
        lock (EnvironmentLock.Instance)
        {
            Environment.SetEnvironmentVariable("FLEX_API_KEY", "flex_live_SECRETPART0123456789\r\n");
            try
            {
                var error = Assert.Throws<FlexInferenceValidationException>(() => new FlexInferenceClient(new FlexInferenceClientOptions { BaseUrl = new Uri("http://127.0.0.1:9/v1") }));
                Assert.Contains("FLEX_API_KEY", error.Message, StringComparison.Ordinal);
                Assert.Contains("Authorization header", error.Message, StringComparison.Ordinal);
                Assert.DoesNotContain("SECRETPART", error.Message, StringComparison.Ordinal);
            }
            finally
            {
                Environment.SetEnvironmentVariable("FLEX_API_KEY", null);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_key_travels_only_in_the_authorization_header_on_every_attempt(bool sync)
    {
        await using var server = RecordingServer.Answering(HttpResponse(503, ErrorBody(503)), HttpResponse(503, ErrorBody(503)), HttpResponse(200, Fixtures.Read("responses.response.json")));
        using FlexInferenceClient client = Client(server.BaseUrl);
        RecordDelays(client);

        await CallAsync(client, sync);

        Assert.Equal(3, server.Count);
        foreach (RecordedRequest attempt in server.Requests)
        {
            Assert.Equal("Bearer " + Key, attempt.Header("Authorization"));
            Assert.DoesNotContain(Key, attempt.RequestLine, StringComparison.Ordinal);
            Assert.DoesNotContain(Key, Encoding.UTF8.GetString(attempt.Body), StringComparison.Ordinal);
            Assert.All(attempt.Headers.Where(h => !h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)), h => Assert.DoesNotContain(Key, h.Value, StringComparison.Ordinal));
        }
    }

    public static TheoryData<int, string, bool> Redirects()
    {
        var data = new TheoryData<int, string, bool>();
        foreach (int status in new[] { 301, 302, 303, 307, 308 })
        {
            foreach (string target in new[] { "other-origin", "same-origin", "other-port-userinfo" })
            {
                data.Add(status, target, status % 2 == 0);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Redirects))]
    public async Task The_sdks_own_handler_follows_no_redirect_so_the_key_stays_put(int status, string target, bool sync)
    {
        await using var elsewhere = RecordingServer.Answering(HttpResponse(200, Fixtures.Read("responses.response.json")));
        string location = target switch
        {
            "other-origin" => elsewhere.BaseUrl + "/responses",
            "other-port-userinfo" => $"http://127.0.0.1@localhost:{elsewhere.BaseUrl.Port}/v1/responses",
            _ => "/v1/final",
        };
        await using var origin = RecordingServer.Answering(HttpResponse(status, string.Empty, $"Location: {location}\r\n"), HttpResponse(200, Fixtures.Read("responses.response.json")));
        using FlexInferenceClient client = Client(origin.BaseUrl);

        var error = await Throws<FlexInferenceApiException>(() => CallAsync(client, sync));

        Assert.Equal(status, error.Status);
        Assert.Contains("does not follow redirects", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, origin.Count); // not followed, not retried
        Assert.Equal(0, elsewhere.Count);
    }

    [Theory]
    [InlineData(302, false)]
    [InlineData(307, true)]
    [InlineData(308, false)]
    [InlineData(301, true)]
    public async Task A_supplied_HttpClient_that_follows_a_cross_origin_redirect_drops_the_key(int status, bool sync)
    {
        await using var elsewhere = RecordingServer.Answering(HttpResponse(200, Fixtures.Read("responses.response.json")));
        await using var origin = RecordingServer.Answering(HttpResponse(status, string.Empty, $"Location: {elsewhere.BaseUrl}/responses\r\n"));
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true }) { Timeout = Timeout.InfiniteTimeSpan };
        using FlexInferenceClient client = Client(origin.BaseUrl, options => options.HttpClient = http);

        await CallAsync(client, sync);

        RecordedRequest followed = Assert.Single(elsewhere.Requests);
        Assert.Null(followed.Header("Authorization"));
        Assert.All(followed.Headers, h => Assert.DoesNotContain(Key, h.Value, StringComparison.Ordinal));
        Assert.DoesNotContain(Key, Encoding.UTF8.GetString(followed.Body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_https_to_http_redirect_is_never_followed_even_by_a_supplied_HttpClient_that_follows_redirects(bool sync)
    {
        await using var plain = RecordingServer.Answering(HttpResponse(200, Fixtures.Read("responses.response.json")));
        using X509Certificate2 certificate = LoopbackCertificate();
        await using var tls = new TlsServer(certificate, HttpResponse(302, string.Empty, $"Location: {plain.BaseUrl}/responses\r\n"));
        using var http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == certificate.GetCertHashString() },
        })
        { Timeout = Timeout.InfiniteTimeSpan };
        using FlexInferenceClient client = Client(tls.BaseUrl, options => options.HttpClient = http);

        var error = await Throws<FlexInferenceApiException>(() => CallAsync(client, sync));

        Assert.Equal(302, error.Status);
        Assert.Equal(0, plain.Count);
        Assert.True(tls.Requests > 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_untrusted_certificate_fails_as_a_connection_error_and_is_not_retried(bool sync)
    {
        using X509Certificate2 certificate = LoopbackCertificate();
        await using var tls = new TlsServer(certificate, HttpResponse(200, Fixtures.Read("responses.response.json")));
        using FlexInferenceClient client = Client(tls.BaseUrl);
        RecordDelays(client);

        var error = await Throws<FlexInferenceConnectionException>(() => CallAsync(client, sync));

        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal(1, tls.Connections);
    }

    /// <summary>A self-signed certificate for 127.0.0.1, made in the test.</summary>
    internal static X509Certificate2 LoopbackCertificate()
    {
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}

/// <summary>A loopback https server that answers every request with the same bytes and counts what it saw.</summary>
internal sealed class TlsServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;
    private int _connections;

    public TlsServer(X509Certificate2 certificate, byte[] response)
    {
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                Interlocked.Increment(ref _connections);
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        try
                        {
                            await using var tls = new SslStream(client.GetStream());
                            await tls.AuthenticateAsServerAsync(certificate);
                            var buffer = new byte[8192];
                            var head = new StringBuilder();
                            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                            {
                                int read = await tls.ReadAsync(buffer, _stop.Token);
                                if (read == 0)
                                {
                                    return;
                                }

                                head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                            }

                            Interlocked.Increment(ref _requests);
                            await tls.WriteAsync(response, _stop.Token);
                        }
                        catch (Exception exception) when (exception is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
                        {
                            // The client refused the certificate or hung up.
                        }
                    }
                });
            }
        });
    }

    public Uri BaseUrl => new($"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1");

    public int Requests => Volatile.Read(ref _requests);

    public int Connections => Volatile.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
