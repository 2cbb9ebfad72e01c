namespace FlexInference.Pipeline;

/// <summary>Adds to the final error why the call was not retried, and how often it was sent.</summary>
internal static class RetryNote
{
    public static FlexInferenceApiError Add(FlexInferenceApiError error, RetryDecision decision, int retries, int maxRetries, ClientFallback? fallback = null) =>
        Note(decision, retries, maxRetries, fallback) is { } note ? error with { Message = error.Message + note } : error;

    public static System.Exception Add(System.Exception translated, RetryDecision decision, int retries, int maxRetries, ClientFallback? fallback = null) =>
        translated is FlexInferenceConnectionException && Note(decision, retries, maxRetries, fallback) is { } note
            ? new FlexInferenceConnectionException(translated.Message + note, translated.InnerException)
            : translated;

    private static string? Note(RetryDecision decision, int retries, int maxRetries, ClientFallback? fallback)
    {
        string? sent = retries > 0 ? $" Sent {retries + 1} times (MaxRetries = {maxRetries})." : null;
        string? note = decision.Reason is { } reason ? $" Not retried: {reason}.{sent}" : sent;
        return fallback is null ? note : note + FallbackPolicy.Note(fallback);
    }
}
