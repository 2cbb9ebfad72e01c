using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http.Headers;

namespace FlexInference.Pipeline;

/// <summary>
/// Reads the server's wait hints: <c>retry-after-ms</c> first, then <c>Retry-After</c> as (decimal) seconds or an HTTP
/// date, and the <c>x-should-retry</c> override. Everything is parsed culture-invariantly, and anything unreadable
/// (negative, NaN, infinity, too large, a bad date) counts as no hint, so the caller falls back to its own backoff.
/// </summary>
internal static class RetryHint
{
    // Larger values are not a wait anyone means (and would overflow TimeSpan): treat them as garbage.
    private static readonly double MaxSeconds = TimeSpan.FromDays(365).TotalSeconds;

    // RFC 9110 §5.6.7: IMF-fixdate, plus the obsolete RFC 850 and asctime forms a recipient must accept.
    private static readonly string[] HttpDateFormats =
    [
        "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
        "dddd, dd'-'MMM'-'yy HH':'mm':'ss 'GMT'",
        "ddd MMM d HH':'mm':'ss yyyy",
    ];

    /// <summary>The wait the response asks for, or null when it asks for none (or nothing readable); a past date is zero.</summary>
    public static TimeSpan? Read(HttpResponseHeaders headers, DateTimeOffset now) =>
        Parse(First(headers, "retry-after-ms"), First(headers, "Retry-After"), now);

    /// <summary>The wait in <paramref name="retryAfterMs"/>, else in <paramref name="retryAfter"/>; null when neither is readable.</summary>
    public static TimeSpan? Parse(string? retryAfterMs, string? retryAfter, DateTimeOffset now)
    {
        if (Number(retryAfterMs, MaxSeconds * 1000) is { } ms)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        if (Number(retryAfter, MaxSeconds) is { } seconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (retryAfter is not null
            && DateTimeOffset.TryParseExact(retryAfter.Trim(), HttpDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowInnerWhite, out DateTimeOffset date))
        {
            TimeSpan wait = date - now;
            return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait.TotalSeconds > MaxSeconds ? null : wait;
        }

        return null;
    }

    /// <summary>The server's <c>x-should-retry</c>: true forces a retry, false forbids one, null leaves the choice to the SDK.</summary>
    public static bool? ShouldRetry(HttpResponseHeaders headers) =>
        bool.TryParse(First(headers, "x-should-retry")?.Trim(), out bool value) ? value : null;

    private static double? Number(string? text, double max)
    {
        // Digits with an optional decimal point only: no sign, exponent, "Infinity" or "NaN", and no culture's separators.
        if (text is null
            || !double.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value)
            || double.IsNaN(value) || double.IsInfinity(value) || value < 0)
        {
            return null;
        }

        return value <= max ? value : null;
    }

    private static string? First(HttpResponseHeaders headers, string name)
    {
        // NonValidated: a malformed value must read as "no hint", never throw, and never be rewritten by the parser.
        if (headers.NonValidated.TryGetValues(name, out HeaderStringValues values))
        {
            foreach (string value in values)
            {
                return value;
            }
        }

        return null;
    }
}
