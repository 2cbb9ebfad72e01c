namespace FlexInference.Testing;

/// <summary>
/// Builds <see cref="ErrorSpec"/>s from the SDK's own error catalogue (<see cref="FlexInferenceErrorCatalog"/>), so the
/// status, class, type and fix text the server sends are exactly what the client knows.
/// </summary>
internal static class Errors
{
    /// <summary>
    /// An error for a catalogued code. The message is the specific <paramref name="what"/>, then the catalogue's
    /// rule and fix (which carries the example); pass <paramref name="includeCatalogText"/> false when
    /// <paramref name="what"/> already says all of that.
    /// </summary>
    public static ErrorSpec FromCode(string code, string? what = null, string? param = null, int? status = null, bool includeCatalogText = true)
    {
        if (!FlexInferenceErrorCatalog.TryGet(code, out FlexInferenceErrorCodeInfo? info))
        {
            return Uncatalogued(status ?? 400, code, what ?? code, param);
        }

        int effectiveStatus = status ?? info.Status;
        string message = includeCatalogText || string.IsNullOrEmpty(what)
            ? Join(what, Sentence(info.When), info.Fix)
            : what!;
        string errorClass = status is null ? info.ErrorClass : FlexInferenceErrorCatalog.GetClassForStatus(effectiveStatus) ?? info.ErrorClass;
        return new ErrorSpec
        {
            Status = effectiveStatus,
            Code = info.Code,
            Message = message,
            ErrorClass = errorClass,
            OpenAIType = info.Type ?? EnvelopeVocabulary.OpenAIType(effectiveStatus),
            Param = param ?? info.Param,
            Retryable = IsRetryable(errorClass),
            DocUrl = ErrorSpec.DocUrlBase + info.Code,
        };
    }

    /// <summary>
    /// An error whose code the contract does not list (for example <c>invalid_json</c>): <c>doc_url</c> is null, as the
    /// router sends for unknown codes, and the class follows the status.
    /// </summary>
    public static ErrorSpec Uncatalogued(int status, string code, string message, string? param = null)
    {
        string errorClass = FlexInferenceErrorCatalog.GetClassForStatus(status) ?? "validation";
        return new ErrorSpec
        {
            Status = status,
            Code = code,
            Message = message,
            ErrorClass = errorClass,
            OpenAIType = EnvelopeVocabulary.OpenAIType(status),
            Param = param,
            Retryable = IsRetryable(errorClass),
            DocUrl = null,
        };
    }

    /// <summary>A provider error passed through: <c>code</c> null, origin <c>provider</c>, the provider's own code kept.</summary>
    public static ErrorSpec FromProvider(int status, string provider, string? providerCode, string message, string? param = null)
    {
        string errorClass = status >= 500 ? "upstream" : FlexInferenceErrorCatalog.GetClassForStatus(status) ?? "validation";
        return new ErrorSpec
        {
            Status = status,
            Code = null,
            Message = message,
            ErrorClass = errorClass,
            OpenAIType = status >= 500 ? "server_error" : EnvelopeVocabulary.OpenAIType(status),
            Param = param,
            Origin = "provider",
            Provider = provider,
            ProviderCode = providerCode,
            Retryable = IsRetryable(errorClass),
            DocUrl = null,
        };
    }

    /// <summary>Ceilings that clear and server faults may succeed unchanged later; everything else needs a change first.</summary>
    public static bool IsRetryable(string errorClass) => errorClass is "quota" or "upstream" or "internal";

    private static string Join(params string?[] parts) =>
        string.Join(" ", System.Array.FindAll(parts, part => !string.IsNullOrWhiteSpace(part)));

    private static string Sentence(string text) => text.EndsWith('.') ? text : text + ".";
}
