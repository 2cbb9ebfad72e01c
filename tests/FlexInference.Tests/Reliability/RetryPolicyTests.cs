using System.Globalization;
using FlexInference.Pipeline;

namespace FlexInference.Tests.Reliability;

/// <summary>
/// The retry rules without a network: the exact backoff bounds over many seeded draws, the server-hint table, the
/// ceiling, the overrides, and culture independence. Nothing here sleeps.
/// </summary>
public sealed class RetryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero); // a Monday

    private static RetryPolicy Policy(Random random) =>
        new(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(60)) { NextRandom = random.NextDouble, UtcNow = () => Now };

    [Fact]
    public void Backoff_k_lies_in_three_quarters_to_all_of_min_half_a_second_times_two_to_the_k_and_8_s_over_10000_seeded_runs()
    {
        const int Runs = 10_000;
        for (int k = 0; k < 8; k++)
        {
            double ceiling = Math.Min(0.5 * Math.Pow(2, k), 8);
            RetryPolicy policy = Policy(new Random(1234 + k));
            double min = double.MaxValue, max = double.MinValue;
            for (int run = 0; run < Runs; run++)
            {
                double seconds = policy.Backoff(k).TotalSeconds;
                min = Math.Min(min, seconds);
                max = Math.Max(max, seconds);
            }

            Assert.InRange(min, 0.75 * ceiling, ceiling);
            Assert.InRange(max, 0.75 * ceiling, ceiling);

            // The draws really spread over the band (jitter is not a constant): both ends are approached.
            Assert.True(min < 0.76 * ceiling, $"k={k}: the smallest delay was {min} s");
            Assert.True(max > 0.99 * ceiling, $"k={k}: the largest delay was {max} s");
        }
    }

    [Theory]
    [InlineData(0.0, 500)]
    [InlineData(0.999999, 375)]
    public void Jitter_only_shortens_and_its_extremes_are_exact(double draw, double expectedMs)
    {
        var policy = new RetryPolicy(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(60)) { NextRandom = () => draw };

        Assert.Equal(expectedMs, policy.Backoff(0).TotalMilliseconds, precision: 0);
    }

    [Theory]
    [InlineData(40)]
    [InlineData(1_000)]
    [InlineData(int.MaxValue)]
    public void A_huge_retry_number_is_capped_without_overflow(int retry)
    {
        TimeSpan delay = Policy(new Random(1)).Backoff(retry);

        Assert.InRange(delay, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(8));
    }

    [Fact]
    public void No_delay_is_ever_below_the_100_ms_floor()
    {
        var tiny = new RetryPolicy(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2), TimeSpan.FromSeconds(60)) { NextRandom = () => 0.99 };
        FlexInferenceApiError zeroHint = Error(503) with { RetryAfter = TimeSpan.FromMilliseconds(5) };

        Assert.Equal(RetryPolicy.Floor, tiny.Backoff(0));
        Assert.Equal(RetryPolicy.Floor, tiny.ForStatus(zeroHint, null, 0, 2, null).Delay);
    }

    public static TheoryData<string?, string?, double?> HintTable => new()
    {
        // retry-after-ms, Retry-After, expected seconds (null: no usable hint, fall back to backoff)
        { "1500", null, 1.5 },
        { "1500", "30", 1.5 }, // retry-after-ms wins
        { "garbage", "7", 7 }, // an unreadable ms hint falls through to Retry-After
        { null, "120", 120 },
        { null, "1.5", 1.5 }, // decimal seconds
        { null, " 3 ", 3 },
        { null, "0", 0 },
        { null, "Mon, 02 Mar 2026 12:00:30 GMT", 30 }, // IMF-fixdate, 30 s after "now"
        { null, "Monday, 02-Mar-26 12:00:30 GMT", 30 }, // RFC 850
        { null, "Mon Mar  2 12:00:30 2026", 30 }, // asctime
        { null, "Mon, 02 Mar 2026 11:59:00 GMT", 0 }, // in the past: no wait
        { null, "Zun, 02 Mar 2026 12:00:30 GMT", null }, // bad weekday
        { null, "Tue, 02 Mar 2026 12:00:30 GMT", null }, // wrong weekday for the date
        { null, "Mon, 02 Mar 100000 12:00:30 GMT", null }, // year 100000
        { null, "inf", null },
        { null, "Infinity", null },
        { null, "nan", null },
        { null, "NaN", null },
        { null, "-1", null },
        { null, "-1100", null },
        { null, "", null },
        { null, "1,5", null }, // a comma is never a decimal separator here
        { null, "1e3", null },
        { null, "12345678901234567890123456789012345", null }, // 35 digits
        { "99999999999999999999999999999999999", null, null },
        { "-5", null, null },
        { "NaN", null, null },
        { null, null, null },
    };

    [Theory]
    [MemberData(nameof(HintTable))]
    public void The_server_hint_table_parses_or_falls_back(string? retryAfterMs, string? retryAfter, double? expectedSeconds)
    {
        TimeSpan? hint = RetryHint.Parse(retryAfterMs, retryAfter, Now);

        if (expectedSeconds is { } seconds)
        {
            Assert.Equal(TimeSpan.FromSeconds(seconds), hint);
        }
        else
        {
            Assert.Null(hint);
        }
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("tr-TR")]
    [InlineData("fr-FR")]
    public void Hints_and_overrides_read_the_same_under_any_culture(string culture)
    {
        CultureInfo saved = CultureInfo.CurrentCulture, savedUi = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            foreach (TheoryDataRow<string?, string?, double?> row in HintTable)
            {
                (string? ms, string? header, double? seconds) = row.Data;
                Assert.Equal(seconds is { } expected ? TimeSpan.FromSeconds(expected) : null, RetryHint.Parse(ms, header, Now));
            }

            // tr-TR: "TRUE".ToLower() is not "true" in Turkish; the override must still be read.
            using var response = new HttpResponseMessage();
            response.Headers.TryAddWithoutValidation("x-should-retry", "TRUE");
            Assert.True(RetryHint.ShouldRetry(response.Headers));
            RetryDecision decision = Policy(new Random(5)).ForStatus(Error(429) with { RetryAfter = TimeSpan.FromSeconds(121) }, null, 0, 2, null);
            Assert.Contains("121 s", decision.Reason, StringComparison.Ordinal);
            Assert.Contains("60 s", decision.Reason, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
            CultureInfo.CurrentUICulture = savedUi;
        }
    }

    [Theory]
    [InlineData(408, true)]
    [InlineData(409, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(599, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(402, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(413, false)]
    [InlineData(422, false)]
    [InlineData(302, false)]
    public void Only_408_409_429_and_5xx_are_retried(int status, bool retried)
    {
        Assert.Equal(retried, Policy(new Random(2)).ForStatus(Error(status), null, 0, 2, null).ShouldRetry);
    }

    [Fact]
    public void The_server_override_and_the_routers_retryable_flag_are_obeyed()
    {
        RetryPolicy policy = Policy(new Random(3));

        Assert.True(policy.ForStatus(Error(400), shouldRetry: true, 0, 2, null).ShouldRetry);
        Assert.False(policy.ForStatus(Error(503), shouldRetry: false, 0, 2, null).ShouldRetry);
        Assert.False(policy.ForStatus(Error(429) with { Retryable = false }, null, 0, 2, null).ShouldRetry);
        Assert.True(policy.ForStatus(Error(429) with { Retryable = false }, shouldRetry: true, 0, 2, null).ShouldRetry);
        Assert.False(policy.ForStatus(Error(400) with { Retryable = true }, null, 0, 2, null).ShouldRetry); // the flag never widens the set
    }

    [Fact]
    public void A_hint_above_the_ceiling_stops_even_a_forced_retry_and_one_below_is_used_as_is()
    {
        RetryPolicy policy = Policy(new Random(4));

        RetryDecision tooLong = policy.ForStatus(Error(429) with { RetryAfter = TimeSpan.FromSeconds(61) }, shouldRetry: true, 0, 2, null);
        RetryDecision used = policy.ForStatus(Error(429) with { RetryAfter = TimeSpan.FromSeconds(60) }, null, 0, 2, null);
        RetryDecision past = policy.ForStatus(Error(429) with { RetryAfter = TimeSpan.Zero }, null, 1, 2, null);

        Assert.False(tooLong.ShouldRetry);
        Assert.Contains("MaxRetryAfter", tooLong.Reason, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(60), used.Delay);
        Assert.InRange(past.Delay, TimeSpan.FromSeconds(0.75), TimeSpan.FromSeconds(1)); // a past date falls back to backoff k=1
    }

    [Fact]
    public void A_wait_longer_than_the_remaining_budget_stops_with_the_reason()
    {
        RetryPolicy policy = Policy(new Random(6));

        RetryDecision decision = policy.ForStatus(Error(429) with { RetryAfter = TimeSpan.FromSeconds(5) }, null, 0, 2, remaining: TimeSpan.FromSeconds(2));

        Assert.False(decision.ShouldRetry);
        Assert.Contains("TotalTimeout", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_budget_counts_retries_not_attempts()
    {
        RetryPolicy policy = Policy(new Random(7));

        Assert.True(policy.ForStatus(Error(503), null, retries: 1, maxRetries: 2, null).ShouldRetry);
        Assert.False(policy.ForStatus(Error(503), null, retries: 2, maxRetries: 2, null).ShouldRetry);
        Assert.False(policy.ForStatus(Error(503), null, retries: 0, maxRetries: 0, null).ShouldRetry);
    }

    [Fact]
    public void Only_connection_failures_that_produced_no_answer_are_retried()
    {
        RetryPolicy policy = Policy(new Random(8));

        Assert.True(policy.ForFailure(new HttpRequestException(HttpRequestError.ConnectionError), 0, 2, null).ShouldRetry);
        Assert.True(policy.ForFailure(new HttpRequestException(HttpRequestError.ResponseEnded), 0, 2, null).ShouldRetry);
        Assert.True(policy.ForFailure(new HttpRequestException(HttpRequestError.NameResolutionError), 0, 2, null).ShouldRetry);
        Assert.False(policy.ForFailure(new HttpRequestException(HttpRequestError.InvalidResponse), 0, 2, null).ShouldRetry);
        Assert.False(policy.ForFailure(new HttpRequestException(HttpRequestError.SecureConnectionError), 0, 2, null).ShouldRetry);
        Assert.False(policy.ForFailure(new HttpRequestException(HttpRequestError.ConfigurationLimitExceeded), 0, 2, null).ShouldRetry);
        Assert.False(policy.ForFailure(new IOException("mid-body"), 0, 2, null).ShouldRetry);
        Assert.False(policy.ForFailure(new HttpRequestException(HttpRequestError.ConnectionError), 2, 2, null).ShouldRetry);
    }

    private static FlexInferenceApiError Error(int status) => new() { Message = "x", Status = status };
}
