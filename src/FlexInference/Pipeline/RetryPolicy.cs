using System;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace FlexInference.Pipeline;

/// <summary>
/// Decides whether a failed attempt is sent again and how long to wait first. Time, sleeping and randomness come in
/// through replaceable delegates, so tests check the exact delays without sleeping.
/// </summary>
/// <remarks>
/// Backoff before retry <c>k</c> (0 for the first retry): <c>max(100 ms, min(initial · 2^k, max) · (1 − 0.25·u))</c> with
/// <c>u</c> uniform in [0, 1), so jitter only ever shortens a delay, by at most a quarter. A server hint replaces it.
/// </remarks>
internal sealed class RetryPolicy
{
    /// <summary>No retry is ever sent sooner than this after the failure, whatever the hint or the jitter.</summary>
    public static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(100);

    private readonly TimeSpan _initialDelay;
    private readonly TimeSpan _maxDelay;
    private readonly TimeSpan _maxRetryAfter;

    public RetryPolicy(TimeSpan initialDelay, TimeSpan maxDelay, TimeSpan maxRetryAfter)
    {
        _initialDelay = initialDelay;
        _maxDelay = maxDelay;
        _maxRetryAfter = maxRetryAfter;
    }

    /// <summary>A uniform number in [0, 1) for the jitter.</summary>
    public Func<double> NextRandom { get; init; } = static () => Random.Shared.NextDouble();

    /// <summary>The current time, for <c>Retry-After</c> dates.</summary>
    public Func<DateTimeOffset> UtcNow { get; init; } = static () => DateTimeOffset.UtcNow;

    /// <summary>Waits asynchronously; throws <see cref="OperationCanceledException"/> when the token fires.</summary>
    public Func<TimeSpan, CancellationToken, Task> DelayAsync { get; init; } = static (delay, token) => Task.Delay(delay, token);

    /// <summary>Waits synchronously (the sync API never blocks on a task); throws when the token fires.</summary>
    public Action<TimeSpan, CancellationToken> Delay { get; init; } = static (delay, token) =>
    {
        token.WaitHandle.WaitOne(delay);
        token.ThrowIfCancellationRequested();
    };

    /// <summary>The backoff before retry <paramref name="retry"/> (0-based), without a server hint.</summary>
    public TimeSpan Backoff(int retry)
    {
        // 2^k is capped before it is computed, so a huge retry count cannot overflow.
        double ceiling = Math.Min(_initialDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 40)), _maxDelay.TotalMilliseconds);
        double jittered = ceiling * (1 - (0.25 * NextRandom()));
        return jittered < Floor.TotalMilliseconds ? Floor : TimeSpan.FromMilliseconds(jittered);
    }

    /// <summary>Whether an error status is retried, after how long, or why not.</summary>
    /// <param name="error">What the server said (status, the router's <c>retryable</c> flag, the parsed wait hint).</param>
    /// <param name="shouldRetry">The server's <c>x-should-retry</c> header, if any.</param>
    /// <param name="retries">Retries already made for this call.</param>
    /// <param name="maxRetries">The call's retry budget.</param>
    /// <param name="remaining">What is left of the call's total budget, or null for none.</param>
    public RetryDecision ForStatus(FlexInferenceApiError error, bool? shouldRetry, int retries, int maxRetries, TimeSpan? remaining)
    {
        if (retries >= maxRetries)
        {
            return RetryDecision.Stop(null);
        }

        TimeSpan? hint = error.RetryAfter;
        if (hint > _maxRetryAfter)
        {
            return RetryDecision.Stop($"the server asked to wait {Seconds(hint.Value)}, longer than MaxRetryAfter ({Seconds(_maxRetryAfter)})");
        }

        if (shouldRetry == false)
        {
            return RetryDecision.Stop("the server sent x-should-retry: false");
        }

        if (shouldRetry != true)
        {
            if (error.Retryable == false)
            {
                return RetryDecision.Stop("the router marked the error as not retryable");
            }

            // A 429 can mean "not now" (a rate limit) or "not until something changes" (an exhausted quota): the
            // catalogue marks the codes of the second kind, and the router's own retryable flag wins over it.
            if (error.Retryable != true && (Exhausted(error.Code) ?? Exhausted(error.ProviderCode)) is { } exhausted)
            {
                return RetryDecision.Stop($"the server says {exhausted}, which waiting does not clear");
            }

            if (!IsRetryableStatus(error.Status))
            {
                return RetryDecision.Stop(null);
            }
        }

        TimeSpan delay = hint > TimeSpan.Zero ? (hint.Value < Floor ? Floor : hint.Value) : Backoff(retries);
        return WithinBudget(delay, remaining, $"HTTP {error.Status}");
    }

    /// <summary>The code, when the catalogue says an error with it cannot succeed by waiting.</summary>
    private static string? Exhausted(string? code) =>
        code is not null && FlexInferenceErrorCatalog.TryGet(code, out FlexInferenceErrorCodeInfo? info) && info.Retryable == false ? code : null;

    /// <summary>Whether a transport failure before the response headers is retried.</summary>
    public RetryDecision ForFailure(Exception original, int retries, int maxRetries, TimeSpan? remaining)
    {
        if (retries >= maxRetries || !IsRetryableFailure(original))
        {
            return RetryDecision.Stop(null);
        }

        return WithinBudget(Backoff(retries), remaining, ((HttpRequestException)original).HttpRequestError.ToString());
    }

    /// <summary>408, 409, 429 and every 5xx: answers that say "not now" rather than "never".</summary>
    public static bool IsRetryableStatus(int status) => status is 408 or 409 or 429 or >= 500 and <= 599;

    /// <summary>
    /// Failures that mean the request never got an answer: no connection, a name that did not resolve (yet), a connection
    /// closed before the headers. A TLS failure, an unreadable response or a configured limit would fail the same way again.
    /// </summary>
    public static bool IsRetryableFailure(Exception exception) => exception is HttpRequestException
    {
        HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ResponseEnded or HttpRequestError.Unknown,
    };

    private static RetryDecision WithinBudget(TimeSpan delay, TimeSpan? remaining, string reason) =>
        remaining is { } left && delay >= left
            ? RetryDecision.Stop($"waiting {Seconds(delay)} before a retry would pass the call's TotalTimeout ({Seconds(left < TimeSpan.Zero ? TimeSpan.Zero : left)} left)")
            : RetryDecision.Retry(delay, reason);

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}

/// <summary>The outcome of <see cref="RetryPolicy"/>: retry after <see cref="Delay"/>, or stop (with a reason worth telling).</summary>
internal readonly record struct RetryDecision(bool ShouldRetry, TimeSpan Delay, string? Reason)
{
    public static RetryDecision Retry(TimeSpan delay, string reason) => new(true, delay, reason);

    public static RetryDecision Stop(string? reason) => new(false, TimeSpan.Zero, reason);
}
