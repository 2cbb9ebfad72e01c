namespace FlexInference.Testing;

/// <summary>Turns an error fault's settings into the <see cref="ErrorSpec"/> the server sends.</summary>
internal static class FaultErrors
{
    /// <param name="fault">The fault.</param>
    /// <param name="model">The request's model, which names the provider of a passed-through provider error.</param>
    /// <param name="defaultMessage">The message of a provider error when the fault sets none.</param>
    public static ErrorSpec Build(Fault fault, string? model, string defaultMessage)
    {
        ErrorSpec error;
        if (fault.Code is null)
        {
            string provider = ProviderRoutes.ErrorProviderName(ProviderRoutes.FamilyOf(model ?? string.Empty));
            error = Errors.FromProvider(fault.StatusCode, provider, providerCode: null, fault.Message ?? defaultMessage);
        }
        else if (fault.Message is not null)
        {
            error = Errors.FromCode(fault.Code, fault.Message, status: fault.StatusCode, includeCatalogText: false);
        }
        else
        {
            error = Errors.FromCode(fault.Code, $"Simulated by FlexInferenceTestServer (HTTP {fault.StatusCode}).", status: fault.StatusCode);
        }

        return error with { RetryAfter = fault.RetryAfter };
    }
}
