using System.Text;

namespace FlexInference.Testing.Tests;

/// <summary>router.Requests keeps what arrived (method, path, headers, body bytes, JSON, time) but never the API key.</summary>
public sealed class RequestLogTests
{
    [Fact]
    public async Task Every_request_is_recorded_with_its_body_and_a_redacted_key()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions { TimeScale = 0 }, TestContext.Current.CancellationToken);
        using HttpClient client = Api.Client(router);
        client.DefaultRequestHeaders.Add("x-trace", "abc");
        string body = Api.Body(Api.Chat, "gpt-5.5", "default", "remember me").ToJsonString();
        DateTimeOffset before = DateTimeOffset.UtcNow;

        using HttpResponseMessage response = await Api.PostRawAsync(client, Api.Chat, body);
        using HttpResponseMessage models = await client.GetAsync("models?limit=5", TestContext.Current.CancellationToken);

        Assert.Equal(2, router.Requests.Count);
        RecordedRequest recorded = router.Requests[0];
        Assert.Equal(0, recorded.Sequence);
        Assert.Equal("POST", recorded.Method);
        Assert.Equal("/v1/chat/completions", recorded.Path);
        Assert.Equal(Encoding.UTF8.GetBytes(body), recorded.Body);
        Assert.Equal(body, recorded.BodyText);
        Assert.Equal(body.Length, recorded.BodyLength);
        Assert.Equal("remember me", recorded.Json!.Value.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal("gpt-5.5", recorded.Model);
        Assert.Equal("default", recorded.StartWithin);
        Assert.False(recorded.IsStream);
        Assert.Equal("abc", recorded.Header("X-Trace"));
        Assert.Equal("[redacted]", recorded.Header("authorization"));
        Assert.True(recorded.HasAuthorization);
        Assert.True(recorded.IsAuthorizationWellFormed);
        Assert.DoesNotContain(recorded.Headers.Values, value => value.Contains(FlexInferenceTestServer.TestApiKey, StringComparison.Ordinal));
        Assert.InRange(recorded.ReceivedAt, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(200, recorded.StatusCode);
        Assert.Equal("tier_direct", recorded.RoutingReason);

        RecordedRequest get = Assert.Single(router.Requests.ForPath("models"));
        Assert.Equal("GET", get.Method);
        Assert.Equal("?limit=5", get.QueryString);
        Assert.Empty(get.Body);
        Assert.Null(get.Json);
        Assert.Same(get, router.Requests.Last);
    }

    [Fact]
    public async Task Malformed_and_missing_keys_and_non_json_bodies_are_recorded_too()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions { TimeScale = 0 }, TestContext.Current.CancellationToken);
        using HttpClient anonymous = Api.Client(router, apiKey: null);
        using var malformed = new HttpRequestMessage(HttpMethod.Post, Api.Messages) { Content = new StringContent("not json", Encoding.UTF8, "text/plain") };
        malformed.Headers.TryAddWithoutValidation("Authorization", "Token secret-value");

        using HttpResponseMessage first = await anonymous.SendAsync(malformed, TestContext.Current.CancellationToken);
        using HttpResponseMessage second = await Api.PostAsync(anonymous, Api.Responses, Api.Body(Api.Responses));

        RecordedRequest withBadKey = router.Requests[0];
        Assert.True(withBadKey.HasAuthorization);
        Assert.False(withBadKey.IsAuthorizationWellFormed);
        Assert.Equal("[redacted]", withBadKey.Header("Authorization"));
        Assert.DoesNotContain(withBadKey.Headers.Values, value => value.Contains("secret-value", StringComparison.Ordinal));
        Assert.Equal("not json", withBadKey.BodyText);
        Assert.Null(withBadKey.Json);
        Assert.Equal(401, withBadKey.StatusCode);
        Assert.False(router.Requests[1].HasAuthorization);
        Assert.Null(router.Requests[1].Header("Authorization"));
    }

    [Fact]
    public async Task Clear_forgets_requests_but_sequence_numbers_keep_counting()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions { TimeScale = 0 }, TestContext.Current.CancellationToken);
        using HttpClient client = Api.Client(router);

        using (await client.GetAsync("models", TestContext.Current.CancellationToken))
        {
        }

        router.Requests.Clear();
        using (await client.GetAsync("limits", TestContext.Current.CancellationToken))
        {
        }

        RecordedRequest only = Assert.Single(router.Requests);
        Assert.Equal(1, only.Sequence);
    }

    [Fact]
    public async Task Concurrent_requests_are_all_recorded()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions { TimeScale = 0 }, TestContext.Current.CancellationToken);
        using HttpClient client = Api.Client(router);

        HttpResponseMessage[] responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Api.PostAsync(client, Api.Responses, Api.Body(Api.Responses, text: "n" + i))));

        Assert.All(responses, response => Assert.Equal(200, (int)response.StatusCode));
        Assert.Equal(20, router.Requests.Count);
        Assert.Equal(Enumerable.Range(0, 20), router.Requests.Select(request => request.Sequence).Order());
        foreach (HttpResponseMessage response in responses)
        {
            response.Dispose();
        }
    }
}
