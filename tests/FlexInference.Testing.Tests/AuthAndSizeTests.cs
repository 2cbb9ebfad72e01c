using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace FlexInference.Testing.Tests;

/// <summary>Authentication (401 missing/invalid key) and the request body cap (413), on every surface.</summary>
public sealed class AuthAndSizeTests(FastRouter fast) : IClassFixture<FastRouter>
{
    public static TheoryData<string> Surfaces() => new(Api.Surfaces);

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task No_authorization_header_is_401_missing_api_key(string surface)
    {
        using HttpClient client = Api.Client(fast.Server, apiKey: null);

        using HttpResponseMessage response = await Api.PostAsync(client, surface, Api.Body(surface));

        await ErrorAssert.ResponseAsync(surface, response, 401, FlexInferenceErrorCodes.MissingApiKey);
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer")]
    [InlineData("flex_live_0123456789abcdef01234567abcdef")]
    public async Task A_header_not_shaped_bearer_key_is_401_missing_api_key(string authorization)
    {
        using HttpClient client = Api.Client(fast.Server, apiKey: null);
        foreach (string surface in Api.Surfaces)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, surface) { Content = new StringContent(Api.Body(surface).ToJsonString(), Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Authorization", authorization);

            using HttpResponseMessage response = await client.SendAsync(request, TestContext.Current.CancellationToken);

            await ErrorAssert.ResponseAsync(surface, response, 401, FlexInferenceErrorCodes.MissingApiKey);
        }
    }

    [Fact]
    public async Task The_google_and_anthropic_envelopes_use_their_401_words()
    {
        using HttpClient client = Api.Client(fast.Server, apiKey: null);

        using HttpResponseMessage google = await Api.PostAsync(client, Api.Interactions, Api.Body(Api.Interactions));
        using HttpResponseMessage anthropic = await Api.PostAsync(client, Api.Messages, Api.Body(Api.Messages));

        Assert.Equal("UNAUTHENTICATED", (await Api.JsonAsync(google)).GetProperty("error").GetProperty("status").GetString());
        Assert.Equal("authentication_error", (await Api.JsonAsync(anthropic)).GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task With_accepted_keys_only_those_keys_pass()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions
        {
            TimeScale = 0,
            AcceptedApiKeys = ["flex_live_aaaaaaaaaaaaaaaaaaaaaaaabbbbbb"],
        }, TestContext.Current.CancellationToken);

        foreach (string surface in Api.Surfaces)
        {
            using HttpClient wrong = Api.Client(router, "flex_live_000000000000000000000000cccccc");
            using HttpResponseMessage refused = await Api.PostAsync(wrong, surface, Api.Body(surface));
            string body = await ErrorAssert.ResponseAsync(surface, refused, 401, FlexInferenceErrorCodes.InvalidApiKey).ContinueWith(task => task.Result.GetRawText());
            Assert.DoesNotContain("cccccc", body, StringComparison.Ordinal);

            using HttpClient right = Api.Client(router, "flex_live_aaaaaaaaaaaaaaaaaaaaaaaabbbbbb");
            using HttpResponseMessage served = await Api.PostAsync(right, surface, Api.Body(surface));
            Assert.Equal(200, (int)served.StatusCode);
        }
    }

    [Fact]
    public async Task Read_endpoints_need_a_key_too()
    {
        using HttpClient client = Api.Client(fast.Server, apiKey: null);

        using HttpResponseMessage response = await client.GetAsync("models", TestContext.Current.CancellationToken);

        await ErrorAssert.ResponseAsync("models", response, 401, FlexInferenceErrorCodes.MissingApiKey);
    }

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task A_declared_body_over_1000000_bytes_is_413(string surface)
    {
        JsonObject body = Api.Body(surface);
        body["padding"] = new string('x', 1_000_001);
        using HttpClient client = Api.Client(fast.Server);

        using HttpResponseMessage response = await Api.PostAsync(client, surface, body);

        await ErrorAssert.ResponseAsync(surface, response, 413, FlexInferenceErrorCodes.RequestTooLarge);
        Assert.True(fast.Server.Requests.Last!.BodyLength > 1_000_000);
    }

    [Fact]
    public async Task The_cap_also_counts_the_bytes_of_a_chunked_body_and_the_limit_itself_passes()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions { TimeScale = 0, MaxBodyBytes = 300 }, TestContext.Current.CancellationToken);
        using HttpClient client = Api.Client(router);

        // No Content-Length: the server must count what arrives.
        JsonObject big = Api.Body(Api.Responses, text: new string('y', 400));
        using var chunked = new HttpRequestMessage(HttpMethod.Post, Api.Responses) { Content = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(big.ToJsonString()))) };
        chunked.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using HttpResponseMessage tooLarge = await client.SendAsync(chunked, TestContext.Current.CancellationToken);
        await ErrorAssert.ResponseAsync(Api.Responses, tooLarge, 413, FlexInferenceErrorCodes.RequestTooLarge);
        Assert.Null(chunked.Content.Headers.ContentLength);

        JsonObject exact = Api.Body(Api.Responses, text: "a");
        exact["pad"] = "";
        int missing = 300 - Encoding.UTF8.GetByteCount(exact.ToJsonString());
        exact["pad"] = new string('p', missing);
        Assert.Equal(300, Encoding.UTF8.GetByteCount(exact.ToJsonString()));
        using HttpResponseMessage atLimit = await Api.PostAsync(client, Api.Responses, exact);
        Assert.Equal(200, (int)atLimit.StatusCode);
    }

    /// <summary>A stream that hides its length, so HttpClient sends the body chunked.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
