using System.Text.Json;

namespace FlexInference.Testing.Tests;

/// <summary>Checks an error body against the envelope of the surface that was called (§5.1) and its flexinference block.</summary>
internal static class ErrorAssert
{
    public const string DocBase = "https://flexinference.mintlify.app/errors#";

    /// <summary>Asserts the envelope and returns its <c>flexinference</c> block.</summary>
    /// <param name="path">The surface called (<c>responses</c>, <c>messages</c>, <c>interactions</c>, ... or <c>models</c>).</param>
    /// <param name="body">The error body.</param>
    /// <param name="status">The expected HTTP status (also in the block).</param>
    /// <param name="code">The expected code; null for a provider error passed through.</param>
    public static JsonElement Envelope(string path, JsonElement body, int status, string? code)
    {
        JsonElement error = body.GetProperty("error");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        switch (path)
        {
            case Api.Messages:
                Assert.Equal("error", body.GetProperty("type").GetString());
                Assert.False(string.IsNullOrEmpty(error.GetProperty("type").GetString()));
                Assert.False(error.TryGetProperty("code", out _), "The Anthropic envelope has no code field.");
                Assert.Null(FlexInferenceJsonContextCheck.Anthropic(body));
                break;
            case Api.Interactions:
                Assert.Equal(status, error.GetProperty("code").GetInt32());
                Assert.Matches("^[A-Z_]+$", error.GetProperty("status").GetString());
                Assert.Null(FlexInferenceJsonContextCheck.Google(body));
                break;
            default:
                Assert.False(string.IsNullOrEmpty(error.GetProperty("type").GetString()));
                Assert.True(error.TryGetProperty("param", out _), "The OpenAI envelope always has param.");
                if (code is not null)
                {
                    Assert.Equal(code, error.GetProperty("code").GetString());
                }

                Assert.Null(FlexInferenceJsonContextCheck.OpenAI(body));
                break;
        }

        JsonElement block = error.GetProperty("flexinference");
        Assert.Equal(status, block.GetProperty("status").GetInt32());
        Assert.True(block.GetProperty("retryable").ValueKind is JsonValueKind.True or JsonValueKind.False);
        Assert.False(string.IsNullOrEmpty(block.GetProperty("class").GetString()));
        foreach (string field in new[] { "code", "origin", "provider", "provider_code", "doc_url" })
        {
            Assert.True(block.TryGetProperty(field, out _), $"The flexinference block lacks {field}.");
        }

        if (code is null)
        {
            Assert.Equal(JsonValueKind.Null, block.GetProperty("code").ValueKind);
            Assert.Equal("provider", block.GetProperty("origin").GetString());
            return block;
        }

        Assert.Equal(code, block.GetProperty("code").GetString());
        Assert.Equal("flexinference", block.GetProperty("origin").GetString());
        Assert.Equal(JsonValueKind.Null, block.GetProperty("provider").ValueKind);
        Assert.Equal(JsonValueKind.Null, block.GetProperty("provider_code").ValueKind);
        if (FlexInferenceErrorCatalog.TryGet(code, out FlexInferenceErrorCodeInfo? info))
        {
            Assert.Equal(DocBase + code, block.GetProperty("doc_url").GetString());
            Assert.Equal(info.ErrorClass, block.GetProperty("class").GetString());
            if (path is not Api.Messages and not Api.Interactions)
            {
                Assert.Equal(DocBase + code, error.GetProperty("doc_url").GetString());
            }
        }
        else
        {
            Assert.Equal(JsonValueKind.Null, block.GetProperty("doc_url").ValueKind);
        }

        return block;
    }

    public static async Task<JsonElement> ResponseAsync(string path, HttpResponseMessage response, int status, string? code)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(Api.HeaderOrNull(response, "x-request-id"));
        JsonElement body = await Api.JsonAsync(response);
        Envelope(path, body, status, code);
        return body;
    }
}

/// <summary>Reads an error envelope with the SDK's generated types; returns the failure, or null when it fits.</summary>
internal static class FlexInferenceJsonContextCheck
{
    public static string? OpenAI(JsonElement body) => Try(() => body.Deserialize(FlexInferenceJsonContext.Default.FlexError)?.Error.Flexinference?.Status);

    public static string? Anthropic(JsonElement body) => Try(() => body.Deserialize(FlexInferenceJsonContext.Default.AnthropicErrorEnvelope)?.Error?.Flexinference?.Status);

    public static string? Google(JsonElement body) => Try(() => body.Deserialize(FlexInferenceJsonContext.Default.GoogleErrorEnvelope)?.Error?.Flexinference?.Status);

    private static string? Try(Func<int?> read)
    {
        try
        {
            return read() is null ? "no flexinference.status after deserialising" : null;
        }
        catch (Exception exception)
        {
            return exception.ToString();
        }
    }
}
