namespace FlexInference.Generated.Tests;

/// <summary>The error types and catalogue generated from the spec's x-flexinference-error-* extensions.</summary>
public sealed class ErrorCatalogTests
{
    [Fact]
    public void Every_code_has_a_constant_and_a_catalogue_entry_with_a_fix()
    {
        Assert.Equal("missing_start_within", FlexInferenceErrorCodes.MissingStartWithin);
        Assert.True(FlexInferenceErrorCatalog.All.Count >= 34);
        Assert.All(FlexInferenceErrorCatalog.All, info => Assert.False(string.IsNullOrWhiteSpace(info.Fix)));
        Assert.True(FlexInferenceErrorCatalog.TryGet("insufficient_balance", out FlexInferenceErrorCodeInfo? info));
        Assert.Equal(402, info.Status);
        Assert.Equal("billing", info.ErrorClass);
    }

    [Fact]
    public void The_misspelled_alias_is_the_same_error()
    {
        Assert.True(FlexInferenceErrorCatalog.TryGet("model_not_flex_capable", out FlexInferenceErrorCodeInfo? alias));
        Assert.Equal(FlexInferenceErrorCodes.FlexModelNotCapable, alias.Code);
    }

    [Theory]
    [InlineData(402, null, typeof(PaymentRequiredException))] // every 402, whatever the body says
    [InlineData(402, "some_future_billing_code", typeof(PaymentRequiredException))]
    [InlineData(429, null, typeof(RateLimitException))]
    [InlineData(401, "invalid_api_key", typeof(AuthenticationException))]
    [InlineData(404, null, typeof(NotFoundException))]
    [InlineData(404, "model_not_found", typeof(NotFoundException))]
    [InlineData(413, "request_too_large", typeof(RequestTooLargeException))]
    [InlineData(500, null, typeof(ServerException))]
    [InlineData(403, "moderation_blocked", typeof(ModerationBlockedException))]
    [InlineData(500, "pii_masking_failed", typeof(PiiMaskingFailedException))]
    [InlineData(400, "model_not_flex_capable", typeof(CapabilityNotSupportedException))]
    [InlineData(503, null, typeof(UpstreamProviderException))]
    [InlineData(418, null, typeof(FlexInferenceBadRequestException))]
    public void Exceptions_are_chosen_by_code_first_then_by_status(int status, string? code, Type expected)
    {
        var error = new FlexInferenceApiError { Message = "m", Status = status, Code = code };

        FlexInferenceApiException exception = FlexInferenceErrorCatalog.CreateException(error);

        Assert.IsType(expected, exception);
        Assert.Equal(status, exception.Status);
        Assert.Equal("m", exception.Message);
        Assert.NotNull(exception.Error.ErrorClass);
    }

    [Fact]
    public void An_alias_is_reported_as_its_canonical_code()
    {
        var exception = FlexInferenceErrorCatalog.CreateException(new FlexInferenceApiError { Message = "m", Status = 400, Code = "model_not_flex_capable" });

        Assert.Equal(FlexInferenceErrorCodes.FlexModelNotCapable, exception.Code);
    }

    [Fact]
    public void The_error_class_reported_by_the_router_decides_when_the_code_is_unknown()
    {
        var error = new FlexInferenceApiError { Message = "m", Status = 400, Code = "brand_new_code", ErrorClass = "capability" };

        Assert.IsType<CapabilityNotSupportedException>(FlexInferenceErrorCatalog.CreateException(error));
    }

    [Fact]
    public void The_hierarchy_lets_callers_catch_broad_families()
    {
        Assert.IsAssignableFrom<ServerException>(FlexInferenceErrorCatalog.CreateException(new FlexInferenceApiError { Message = "m", Status = 502 }));
        Assert.IsAssignableFrom<ServerException>(FlexInferenceErrorCatalog.CreateException(new FlexInferenceApiError { Message = "m", Status = 500, Code = "pii_masking_failed" }));
        Assert.IsAssignableFrom<FlexInferenceBadRequestException>(FlexInferenceErrorCatalog.CreateException(new FlexInferenceApiError { Message = "m", Status = 400, Code = "auto_unsupported_for_gemini" }));
        Assert.IsAssignableFrom<PermissionDeniedException>(FlexInferenceErrorCatalog.CreateException(new FlexInferenceApiError { Message = "m", Status = 403, Code = "moderation_blocked" }));
    }

    [Fact]
    public void Every_field_the_server_sent_is_on_the_exception()
    {
        var error = new FlexInferenceApiError
        {
            Message = "m", Status = 429, Code = "rate_limit_exceeded", Type = "rate_limit_error", Param = "p", DocUrl = "https://d",
            Origin = "flexinference", Provider = "openai", ProviderCode = "pc", Retryable = true, RequestId = "req_1",
            RetryAfter = TimeSpan.FromSeconds(5), Body = "{}",
        };

        FlexInferenceApiException exception = FlexInferenceErrorCatalog.CreateException(error);

        var rateLimit = Assert.IsType<RateLimitException>(exception);
        Assert.Equal((429, "rate_limit_exceeded", "rate_limit_error", "p", "https://d"), (rateLimit.Status, rateLimit.Code, rateLimit.Type, rateLimit.Param, rateLimit.DocUrl));
        Assert.Equal(("quota", "flexinference", "openai", "pc", (bool?)true), (rateLimit.ErrorClass, rateLimit.Origin, rateLimit.Provider, rateLimit.ProviderCode, rateLimit.Retryable));
        Assert.Equal(("req_1", (TimeSpan?)TimeSpan.FromSeconds(5), "{}"), (rateLimit.RequestId, rateLimit.RetryAfter, rateLimit.Body));
    }

    [Fact]
    public void A_known_code_exposes_its_catalogue_entry()
    {
        var exception = FlexInferenceErrorCatalog.CreateException(new FlexInferenceApiError { Message = "m", Status = 400, Code = "missing_start_within" });

        Assert.Equal("start_within", exception.CodeInfo!.Param);
        Assert.IsAssignableFrom<FlexInferenceException>(exception);
    }
}
