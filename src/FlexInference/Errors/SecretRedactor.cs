using System;

namespace FlexInference.Errors;

/// <summary>
/// Replaces the client's own API key wherever server text repeats it (providers do: "Incorrect API key provided: ..."),
/// before that text reaches an exception, a log or a span. The masked form keeps a short prefix and the last four
/// characters, as the providers print it, so a user can still tell which key was refused.
/// </summary>
internal sealed class SecretRedactor
{
    private readonly string _secret;
    private readonly string _masked;

    public SecretRedactor(string secret)
    {
        _secret = secret;
        _masked = secret.Length >= 20 ? secret.Substring(0, 8) + "..." + secret.Substring(secret.Length - 4) : "***";
    }

    public string? Redact(string? text) =>
        text is null || text.IndexOf(_secret, StringComparison.Ordinal) < 0 ? text : text.Replace(_secret, _masked, StringComparison.Ordinal);

    /// <summary>The error with the key masked in every text field the server filled.</summary>
    public FlexInferenceApiError Redact(FlexInferenceApiError error) => error with
    {
        Message = Redact(error.Message)!,
        Code = Redact(error.Code),
        Type = Redact(error.Type),
        Param = Redact(error.Param),
        DocUrl = Redact(error.DocUrl),
        ErrorClass = Redact(error.ErrorClass),
        Origin = Redact(error.Origin),
        Provider = Redact(error.Provider),
        ProviderCode = Redact(error.ProviderCode),
        RequestId = Redact(error.RequestId),
        Body = Redact(error.Body),
    };
}
