using System.Text.Json;
using FlexInference.Tests.Infrastructure;

namespace FlexInference.Tests;

/// <summary>Construction checks, disposal rules, and the key never showing up where it should not.</summary>
public sealed class LifetimeAndSecretsTests : IDisposable
{
    private const string Canary = "flex_live_CANARY0000000000000000000000000";
    private readonly MockRouter _router = MockRouter.Start();

    [Fact]
    public async Task A_supplied_HttpClient_is_never_disposed()
    {
        _router.Reply("/responses", 200, Fixtures.Read("responses.response.json"));
        using var http = new HttpClient();
        FlexInferenceClient client = _router.Client(options => options.HttpClient = http);

        await client.DisposeAsync();

        using HttpResponseMessage stillWorks = await http.GetAsync(_router.Server.Url, TestContext.Current.CancellationToken);
        Assert.NotNull(stillWorks);
    }

    [Fact]
    public async Task A_disposed_client_refuses_calls()
    {
        FlexInferenceClient client = _router.Client();
        client.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.Responses.CreateAsync(
            new CreateResponse { Model = "gpt-5.5", Input = "x", StartWithin = StartWithin.Default }, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("flex_live_abc\n")]
    [InlineData("flex_live_abc def")]
    [InlineData("flex_live_abc\u0000")]
    public void Unusable_keys_are_refused_at_construction_without_echoing_them(string key)
    {
        var error = Assert.Throws<FlexInferenceValidationException>(() => new FlexInferenceClient(key, new FlexInferenceClientOptions { BaseUrl = _router.BaseUrl }));

        Assert.Equal("apiKey", error.ParamName);
        if (key.Trim().Length > 0)
        {
            Assert.DoesNotContain(key.Trim(), error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("http://api.example.com/v1", "clear text")]
    [InlineData("ftp://api.example.com/v1", "http or https")]
    [InlineData("https://api.example.com/v1?x=1", "query")]
    public void Unsafe_or_unusable_base_urls_are_refused(string url, string fragment)
    {
        var error = Assert.Throws<FlexInferenceValidationException>(() => new FlexInferenceClient(Canary, new FlexInferenceClientOptions { BaseUrl = new Uri(url) }));

        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.Contains("for example", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_http_is_allowed_to_loopback_or_when_explicitly_allowed_and_trailing_slashes_are_trimmed()
    {
        using var loopback = new FlexInferenceClient(Canary, new FlexInferenceClientOptions { BaseUrl = new Uri("http://127.0.0.1:9/v1/") });
        using var allowed = new FlexInferenceClient(Canary, new FlexInferenceClientOptions { BaseUrl = new Uri("http://router.internal/v1"), AllowInsecureHttp = true });

        Assert.Equal("http://127.0.0.1:9/v1", loopback.BaseUrl.AbsoluteUri);
        Assert.Equal("http://router.internal/v1", allowed.BaseUrl.AbsoluteUri);
    }

    [Fact]
    public async Task The_key_appears_only_in_the_authorization_header()
    {
        _router.Reply("/responses", 401, """{"error":{"message":"invalid key","type":"authentication_error","code":"invalid_api_key"}}""");
        var options = new FlexInferenceClientOptions { BaseUrl = _router.BaseUrl, ApiKey = Canary };
        using var client = new FlexInferenceClient(options);

        var error = await Assert.ThrowsAsync<AuthenticationException>(() => client.Responses.CreateAsync(
            new CreateResponse { Model = "gpt-5.5", Input = "x", StartWithin = StartWithin.Default }, cancellationToken: TestContext.Current.CancellationToken));

        string everything = string.Join("\n", error.ToString(), error.Message, error.Body, client.ToString(), options.ToString(),
            JsonSerializer.Serialize(options, new JsonSerializerOptions { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() }));
        Assert.DoesNotContain("CANARY", everything, StringComparison.Ordinal);
        Assert.Equal("Bearer " + Canary, _router.Received.Single().RequestMessage.Headers!["Authorization"].Single());
        Assert.DoesNotContain("CANARY", _router.LastBody, StringComparison.Ordinal);
    }

    [Fact]
    public void The_key_and_base_url_fall_back_to_the_environment()
    {
        lock (EnvironmentLock.Instance)
        {
            Environment.SetEnvironmentVariable("FLEX_API_KEY", Canary);
            Environment.SetEnvironmentVariable("FLEX_BASE_URL", _router.BaseUrl.AbsoluteUri);
            try
            {
                using var client = new FlexInferenceClient();
                Assert.Equal(_router.BaseUrl.AbsoluteUri, client.BaseUrl.AbsoluteUri);

                Environment.SetEnvironmentVariable("FLEX_API_KEY", null);
                var error = Assert.Throws<FlexInferenceValidationException>(() => new FlexInferenceClient());
                Assert.Contains("FLEX_API_KEY", error.Message, StringComparison.Ordinal);
            }
            finally
            {
                Environment.SetEnvironmentVariable("FLEX_API_KEY", null);
                Environment.SetEnvironmentVariable("FLEX_BASE_URL", null);
            }
        }
    }

    public void Dispose() => _router.Dispose();
}

/// <summary>Serialises tests that change process-wide environment variables.</summary>
internal static class EnvironmentLock
{
    public static readonly object Instance = new();
}
