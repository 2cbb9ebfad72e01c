using System.Text.Json.Nodes;
using FlexInference.Tests.Infrastructure;

namespace FlexInference.Tests;

/// <summary>Every non-2xx becomes a typed exception with every field the server sent, whatever the envelope.</summary>
public sealed class ErrorMappingTests : IDisposable
{
    private readonly MockRouter _router = MockRouter.Start();

    public static TheoryData<string, string> CodesOnEverySurface()
    {
        var data = new TheoryData<string, string>();
        foreach (FlexInferenceErrorCodeInfo info in FlexInferenceErrorCatalog.All)
        {
            foreach (string surface in new[] { "openai", "anthropic", "google" })
            {
                data.Add(info.Code, surface);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CodesOnEverySurface))]
    public async Task Every_code_maps_to_its_exception_with_every_field_filled(string code, string envelope)
    {
        FlexInferenceErrorCatalog.TryGet(code, out FlexInferenceErrorCodeInfo? info);
        string path = envelope switch { "anthropic" => "/messages", "google" => "/interactions", _ => "/responses" };
        string body = Envelope(envelope, info!);
        _router.Reply(path, info!.Status, body, new Dictionary<string, string> { ["x-request-id"] = "req_123", ["Retry-After"] = "7" });
        using FlexInferenceClient client = _router.Client();

        FlexInferenceApiException error = await Assert.ThrowsAnyAsync<FlexInferenceApiException>(() => Call(client, envelope));

        Assert.IsAssignableFrom(ExpectedType(info), error);
        Assert.Equal(info.Status, error.Status);
        Assert.Equal(code, error.Code);
        Assert.Equal(envelope == "google" ? "GOOGLE_STATUS" : "some_type", error.Type);
        Assert.Equal($"https://flexinference.mintlify.app/errors#{code}", error.DocUrl);
        Assert.Equal(info.ErrorClass, error.ErrorClass);
        Assert.Equal("flexinference", error.Origin);
        Assert.Equal("openai", error.Provider);
        Assert.Equal("upstream_code", error.ProviderCode);
        Assert.True(error.Retryable);
        Assert.Equal("req_123", error.RequestId);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Equal(body, error.Body);
        Assert.Contains(info.Fix, error.Message, StringComparison.Ordinal);
        Assert.Contains($"[HTTP {info.Status}, {code}]", error.Message, StringComparison.Ordinal);
        if (envelope == "openai")
        {
            Assert.Equal("the_param", error.Param);
        }
    }

    [Fact]
    public async Task The_misspelled_alias_is_the_same_error()
    {
        _router.Reply("/responses", 400, """{"error":{"message":"no flex","type":"invalid_request_error","code":"model_not_flex_capable","param":null}}""");
        using FlexInferenceClient client = _router.Client();

        var error = await Assert.ThrowsAsync<CapabilityNotSupportedException>(() => Call(client, "openai"));

        Assert.Equal(FlexInferenceErrorCodes.FlexModelNotCapable, error.Code); // one constant matches both spellings
        Assert.Equal(FlexInferenceErrorCodes.FlexModelNotCapable, error.CodeInfo!.Code);
        Assert.Contains("model_not_flex_capable", error.Body, StringComparison.Ordinal); // the raw body keeps what was sent
    }

    [Theory]
    [InlineData(402, typeof(PaymentRequiredException))]
    [InlineData(401, typeof(AuthenticationException))]
    [InlineData(403, typeof(PermissionDeniedException))]
    [InlineData(404, typeof(NotFoundException))]
    [InlineData(413, typeof(RequestTooLargeException))]
    [InlineData(429, typeof(RateLimitException))]
    [InlineData(500, typeof(ServerException))]
    [InlineData(503, typeof(UpstreamProviderException))]
    public async Task A_non_json_body_is_mapped_by_status_and_quoted(int status, Type expected)
    {
        _router.Reply("/responses", status, "<html><body>Bad gateway from the edge proxy</body></html>");
        using FlexInferenceClient client = _router.Client();

        FlexInferenceApiException error = await Assert.ThrowsAnyAsync<FlexInferenceApiException>(() => Call(client, "openai"));

        Assert.IsType(expected, error);
        Assert.Null(error.Code);
        Assert.Contains($"HTTP {status}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Bad gateway from the edge proxy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_error_body_still_says_what_happened()
    {
        _router.Reply("/responses", 502, string.Empty);
        using FlexInferenceClient client = _router.Client();

        var error = await Assert.ThrowsAsync<UpstreamProviderException>(() => Call(client, "openai"));

        Assert.Contains("HTTP 502", error.Message, StringComparison.Ordinal);
        Assert.Contains("(empty body)", error.Message, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error.Body);
    }

    [Fact]
    public async Task A_huge_error_body_is_quoted_at_most_4_KB()
    {
        _router.Reply("/responses", 500, new string('x', 100_000));
        using FlexInferenceClient client = _router.Client();

        var error = await Assert.ThrowsAsync<ServerException>(() => Call(client, "openai"));

        Assert.True(error.Message.Length < 4096 + 200, $"The message is {error.Message.Length} characters.");
        Assert.Contains("more characters", error.Message, StringComparison.Ordinal);
        Assert.Equal(100_000, error.Body!.Length);
    }

    [Theory]
    [InlineData("Retry-After", "12", 12_000)]
    [InlineData("retry-after-ms", "1500", 1_500)]
    public async Task Retry_after_is_read_from_either_header(string header, string value, int expectedMs)
    {
        _router.Reply("/responses", 429, """{"error":{"message":"slow down","type":"rate_limit_error","code":"rate_limit_exceeded"}}""", new Dictionary<string, string> { [header] = value });
        using FlexInferenceClient client = _router.Client();

        var error = await Assert.ThrowsAsync<RateLimitException>(() => Call(client, "openai"));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), error.RetryAfter);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_read_culture_invariantly()
    {
        string date = DateTimeOffset.UtcNow.AddSeconds(30).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        _router.Reply("/responses", 429, """{"error":{"message":"slow down"}}""", new Dictionary<string, string> { ["Retry-After"] = date });
        using FlexInferenceClient client = _router.Client();

        var error = await Assert.ThrowsAsync<RateLimitException>(() => Call(client, "openai"));

        Assert.InRange(error.RetryAfter!.Value, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(31));
    }

    [Fact]
    public void The_synchronous_twin_throws_the_same_typed_error()
    {
        _router.Reply("/messages", 402, """{"type":"error","error":{"type":"billing_error","message":"top up","flexinference":{"code":"insufficient_balance","class":"billing","status":402}}}""");
        using FlexInferenceClient client = _router.Client();

        var error = Assert.Throws<PaymentRequiredException>(() => client.Messages.Create(
            new MessageCreateParams { Model = "claude-opus-4-8", Messages = [], StartWithin = StartWithin.Default }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("insufficient_balance", error.Code);
        Assert.Equal("billing_error", error.Type);
    }

    /// <summary>The family each code must land in, from the status and class the catalogue documents.</summary>
    private static Type ExpectedType(FlexInferenceErrorCodeInfo info) => info.Code switch
    {
        "moderation_blocked" => typeof(ModerationBlockedException),
        "pii_masking_failed" => typeof(PiiMaskingFailedException),
        _ => info.Status switch
        {
            401 => typeof(AuthenticationException),
            402 => typeof(PaymentRequiredException),
            403 => typeof(PermissionDeniedException),
            404 => typeof(NotFoundException),
            413 => typeof(RequestTooLargeException),
            429 => typeof(RateLimitException),
            >= 500 => typeof(ServerException),
            _ when info.ErrorClass == "capability" => typeof(CapabilityNotSupportedException),
            _ => typeof(FlexInferenceBadRequestException),
        },
    };

    private static string Envelope(string envelope, FlexInferenceErrorCodeInfo info)
    {
        var block = new JsonObject
        {
            ["code"] = info.Code, ["class"] = info.ErrorClass, ["origin"] = "flexinference", ["status"] = info.Status, ["provider"] = "openai",
            ["provider_code"] = "upstream_code", ["retryable"] = true, ["doc_url"] = $"https://flexinference.mintlify.app/errors#{info.Code}",
        };
        JsonObject root = envelope switch
        {
            "anthropic" => new JsonObject { ["type"] = "error", ["error"] = new JsonObject { ["type"] = "some_type", ["message"] = info.Fix, ["flexinference"] = block } },
            "google" => new JsonObject { ["error"] = new JsonObject { ["code"] = info.Status, ["message"] = info.Fix, ["status"] = "GOOGLE_STATUS", ["flexinference"] = block } },
            _ => new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["message"] = info.Fix, ["type"] = "some_type", ["code"] = info.Code, ["param"] = "the_param",
                    ["doc_url"] = $"https://flexinference.mintlify.app/errors#{info.Code}", ["flexinference"] = block,
                },
            },
        };
        return root.ToJsonString();
    }

    private static Task Call(FlexInferenceClient client, string envelope) => envelope switch
    {
        "anthropic" => client.Messages.CreateAsync(new MessageCreateParams { Model = "claude-opus-4-8", Messages = [], StartWithin = StartWithin.Default }, cancellationToken: TestContext.Current.CancellationToken),
        "google" => client.Interactions.CreateAsync(new InteractionCreateParams { Model = "gemini-2.5-flash", Input = "hi", StartWithin = StartWithin.Default }, cancellationToken: TestContext.Current.CancellationToken),
        _ => client.Responses.CreateAsync(new CreateResponse { Model = "gpt-5.5", Input = "hi", StartWithin = StartWithin.Default }, cancellationToken: TestContext.Current.CancellationToken),
    };

    public void Dispose() => _router.Dispose();
}
