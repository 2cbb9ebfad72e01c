using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlexInference.Testing.Tests;

/// <summary>Plain-HttpClient helpers: request bodies per surface, sending them, reading the answers.</summary>
internal static class Api
{
    public const string Responses = "responses";
    public const string Chat = "chat/completions";
    public const string Interactions = "interactions";
    public const string Messages = "messages";

    public static readonly string[] Surfaces = [Responses, Chat, Interactions, Messages];

    /// <summary>A valid body for <paramref name="surface"/> in its own request shape.</summary>
    public static JsonObject Body(string surface, string model = "gpt-5.5", string startWithin = "default", string text = "Hello there")
    {
        JsonObject body = surface switch
        {
            Chat => new JsonObject { ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text }) },
            Messages => new JsonObject
            {
                ["max_tokens"] = 256,
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text }),
            },
            _ => new JsonObject { ["input"] = text },
        };
        body["model"] = model;
        body["start_within"] = startWithin;
        return body;
    }

    public static HttpClient Client(FlexInferenceTestServer router, string? apiKey = FlexInferenceTestServer.TestApiKey)
    {
        // A plain HttpClient: BaseUrl + "/" so relative paths resolve under /v1/.
        var client = new HttpClient { BaseAddress = new Uri(router.BaseUrl.AbsoluteUri + "/"), Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string surface, JsonNode body, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead) =>
        PostRawAsync(client, surface, body.ToJsonString(), completion);

    public static Task<HttpResponseMessage> PostRawAsync(HttpClient client, string surface, string body, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, surface)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        return client.SendAsync(request, completion, TestContext.Current.CancellationToken);
    }

    /// <summary>Sends and measures how long the response headers took (nothing is read past them).</summary>
    public static async Task<(HttpResponseMessage Response, TimeSpan HeadersAfter)> TimeHeadersAsync(HttpClient client, string surface, JsonNode body)
    {
        var stopwatch = Stopwatch.StartNew();
        HttpResponseMessage response = await PostAsync(client, surface, body, HttpCompletionOption.ResponseHeadersRead);
        return (response, stopwatch.Elapsed);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using JsonDocument document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? string.Join(",", values) : throw new Xunit.Sdk.XunitException($"The response has no {name} header.");

    public static string? HeaderOrNull(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? string.Join(",", values) : null;

    /// <summary>The usage object of a non-streamed body, wherever the surface keeps it.</summary>
    public static JsonElement Usage(JsonElement body) => body.GetProperty("usage");

    /// <summary>The answer text of a non-streamed body of any surface.</summary>
    public static string Text(string surface, JsonElement body) => surface switch
    {
        Chat => body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!,
        Messages => body.GetProperty("content")[0].GetProperty("text").GetString()!,
        Interactions => body.GetProperty("steps")[0].GetProperty("content")[0].GetProperty("text").GetString()!,
        _ => body.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString()!,
    };
}
