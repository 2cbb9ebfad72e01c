using System;
using System.Globalization;
using System.Threading;

namespace FlexInference;

/// <summary>
/// Derives a valid <c>start_within</c> from the time a caller has: a remaining budget, an absolute deadline, or a
/// deadline that also cancels (an instance: <see cref="After"/> or <see cref="At"/>, whose <see cref="Token"/> you pass
/// to the call).
/// </summary>
/// <remarks>
/// <para>
/// The rule: <c>window = remaining − expectedRunTime</c>, <b>rounded down</b> to whole seconds (the router's resolution),
/// so the race never outlasts the time you have. A window from 5 s to 10 min is sent as a duration (<c>00h-00m-42s</c>);
/// a longer one is clamped to <c>00h-10m-00s</c>; less than 5 s (4.9 s included), or a deadline already passed, gives
/// <c>"default"</c>: no race, the standard tier at once. <see cref="StartWithinChoice.Reason"/> says which happened.
/// </para>
/// <para>
/// <c>start_within</c> bounds only when the answer <i>starts</i>: after a lost race the standard tier still has to run.
/// Put that time (and any slack you want) in <c>expectedRunTime</c>. The text is always invariant ("HHh-MMm-SSs"),
/// whatever the current culture.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// // 90 s left for this job, answers take about 20 s: race flex for up to 70 s.
/// StartWithin startWithin = FlexDeadline.ForBudget(TimeSpan.FromSeconds(90), expectedRunTime: TimeSpan.FromSeconds(20));
///
/// using FlexDeadline deadline = FlexDeadline.After(TimeSpan.FromMinutes(2));
/// var request = new CreateResponse { Model = "gpt-5.5", Input = "...", StartWithin = deadline.ChooseStartWithin(TimeSpan.FromSeconds(20)) };
/// Response response = await client.Responses.CreateAsync(request, cancellationToken: deadline.Token);
/// </code>
/// </example>
public sealed class FlexDeadline : IDisposable
{
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _source;

    private FlexDeadline(DateTimeOffset deadline, TimeProvider time)
    {
        _time = time;
        Deadline = deadline;
        TimeSpan left = deadline - time.GetUtcNow();
        _source = new CancellationTokenSource(left <= TimeSpan.Zero ? TimeSpan.Zero : left > MaxTimer ? Timeout.InfiniteTimeSpan : left, time);
    }

    // A timer cannot be set past ~49 days; a deadline that far is as good as none for the token.
    private static readonly TimeSpan MaxTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>When the time runs out.</summary>
    public DateTimeOffset Deadline { get; }

    /// <summary>Cancelled at <see cref="Deadline"/>: pass it to the call, so the call ends when the time does.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>The time left now (negative once the deadline passed).</summary>
    public TimeSpan Remaining => Deadline - _time.GetUtcNow();

    /// <summary>A deadline <paramref name="budget"/> from now, with a token cancelled then.</summary>
    /// <param name="budget">The time you have, for example <c>TimeSpan.FromMinutes(2)</c>; zero or negative is already expired.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null (tests pass a fake one).</param>
    public static FlexDeadline After(TimeSpan budget, TimeProvider? timeProvider = null)
    {
        TimeProvider time = timeProvider ?? TimeProvider.System;
        return new FlexDeadline(time.GetUtcNow() + budget, time);
    }

    /// <summary>A deadline at <paramref name="deadline"/>, with a token cancelled then.</summary>
    /// <param name="deadline">When the time runs out; a time in the past is already expired.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public static FlexDeadline At(DateTimeOffset deadline, TimeProvider? timeProvider = null) => new(deadline, timeProvider ?? TimeProvider.System);

    /// <summary>The <c>start_within</c> for the time left now (see the rounding rule on <see cref="FlexDeadline"/>).</summary>
    /// <param name="expectedRunTime">How long the answer takes once it starts (zero or more); it is kept free of the race.</param>
    public StartWithinChoice ChooseStartWithin(TimeSpan expectedRunTime = default) =>
        ForBudget(_source.IsCancellationRequested && Remaining > TimeSpan.Zero ? TimeSpan.Zero : Remaining, expectedRunTime);

    /// <summary>The <c>start_within</c> for a remaining budget.</summary>
    /// <param name="remaining">The time left for the whole call; zero or negative means it is already spent.</param>
    /// <param name="expectedRunTime">How long the answer takes once it starts (zero or more).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expectedRunTime"/> is negative.</exception>
    public static StartWithinChoice ForBudget(TimeSpan remaining, TimeSpan expectedRunTime = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(expectedRunTime, TimeSpan.Zero);
        return Choose(remaining - expectedRunTime, expectedRunTime, expired: remaining <= TimeSpan.Zero);
    }

    /// <summary>The <c>start_within</c> for an absolute deadline, measured now.</summary>
    /// <param name="deadline">When the time runs out.</param>
    /// <param name="expectedRunTime">How long the answer takes once it starts (zero or more).</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public static StartWithinChoice ForDeadline(DateTimeOffset deadline, TimeSpan expectedRunTime = default, TimeProvider? timeProvider = null) =>
        ForBudget(deadline - (timeProvider ?? TimeProvider.System).GetUtcNow(), expectedRunTime);

    /// <summary>Releases the deadline's timer.</summary>
    public void Dispose() => _source.Dispose();

    private static StartWithinChoice Choose(TimeSpan available, TimeSpan expectedRunTime, bool expired)
    {
        if (expired)
        {
            return new StartWithinChoice(StartWithin.Default, available,
                "the deadline has already passed, so there is no time to race flex: \"default\" sends the request to the standard tier at once");
        }

        long seconds = available.Ticks / TimeSpan.TicksPerSecond; // rounded down (towards zero; negatives are below the minimum anyway)
        long minimum = (long)StartWithin.MinimumWindow.TotalSeconds;
        long maximum = (long)StartWithin.MaximumWindow.TotalSeconds;
        if (available.Ticks < minimum * TimeSpan.TicksPerSecond)
        {
            return new StartWithinChoice(StartWithin.Default, available,
                "only " + Seconds(available) + " remain after the expected run time of " + Seconds(expectedRunTime) +
                ", less than the shortest flex window (" + Seconds(StartWithin.MinimumWindow) + "), so \"default\" sends the request to the standard tier at once");
        }

        if (seconds > maximum)
        {
            return new StartWithinChoice(StartWithin.Within(StartWithin.MaximumWindow), available,
                Seconds(available) + " are available, more than the longest flex window, so the window is clamped to " + Seconds(StartWithin.MaximumWindow));
        }

        return new StartWithinChoice(StartWithin.Within(TimeSpan.FromSeconds(seconds)), available, null);
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
