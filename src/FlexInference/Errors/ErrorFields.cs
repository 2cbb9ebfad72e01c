namespace FlexInference.Errors;

/// <summary>The fields of one error object, whichever envelope's record it was read with.</summary>
internal readonly record struct ErrorFields
{
    public string? Message { get; init; }

    public string? Type { get; init; }

    public string? Code { get; init; }

    public string? Param { get; init; }

    public string? DocUrl { get; init; }

    public FlexErrorDetail? Block { get; init; }

    /// <summary>
    /// OpenAI and Anthropic name the category <c>type</c>; Google puts its canonical status string in <c>status</c>. The
    /// code and documentation link come from the <c>flexinference</c> block when the envelope has none.
    /// </summary>
    public static ErrorFields From(object record) => record switch
    {
        OpenAIError e => new() { Message = e.Message, Type = e.Type, Code = e.Code ?? e.Flexinference?.Code, Param = e.Param, DocUrl = e.DocUrl ?? e.Flexinference?.DocUrl, Block = e.Flexinference },
        AnthropicError e => new() { Message = e.Message, Type = e.Type, Code = e.Flexinference?.Code, DocUrl = e.Flexinference?.DocUrl, Block = e.Flexinference },
        GoogleError e => new() { Message = e.Message, Type = e.Status, Code = e.Flexinference?.Code, DocUrl = e.Flexinference?.DocUrl, Block = e.Flexinference },
        _ => default,
    };

    public FlexInferenceApiError ToError(string message, int status, string body) => new()
    {
        Message = message,
        Status = status,
        Code = Code,
        Type = Type,
        Param = Param,
        DocUrl = DocUrl,
        ErrorClass = Block?.Class?.ToString(),
        Origin = Block?.Origin?.ToString(),
        Provider = Block?.Provider,
        ProviderCode = Block?.ProviderCode,
        Retryable = Block?.Retryable,
        Body = body,
    };
}
