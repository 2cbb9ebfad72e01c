using System.Globalization;

namespace FlexInference.Tests;

/// <summary>
/// <see cref="FlexDeadline"/>: a valid start_within from a budget, an absolute deadline or a cancelling deadline, rounded
/// down, clamped to 5 s – 10 min, "default" (with the reason) below the minimum, and invariant in every culture.
/// </summary>
public sealed class FlexDeadlineTests
{
    [Theory]
    [InlineData(4.9, "default", true)]
    [InlineData(4.999, "default", true)]
    [InlineData(5, "00h-00m-05s", false)]
    [InlineData(5.9, "00h-00m-05s", false)]
    [InlineData(59.999, "00h-00m-59s", false)]
    [InlineData(61, "00h-01m-01s", false)]
    [InlineData(600, "00h-10m-00s", false)]
    [InlineData(600.7, "00h-10m-00s", false)]
    [InlineData(601, "00h-10m-00s", true)]
    [InlineData(7200, "00h-10m-00s", true)]
    [InlineData(0, "default", true)]
    [InlineData(-3, "default", true)]
    public void A_budget_gives_a_window_rounded_down_and_clamped(double seconds, string expected, bool hasReason)
    {
        StartWithinChoice choice = FlexDeadline.ForBudget(TimeSpan.FromSeconds(seconds));

        Assert.Equal(expected, choice.Value.Value);
        Assert.Equal(expected != "default", choice.IsFlexRace);
        Assert.Equal(hasReason, choice.Reason is not null);
        Assert.True(choice.Value.IsValid);
        StartWithin implicitValue = choice;
        Assert.Equal(choice.Value, implicitValue);
    }

    [Fact]
    public void The_expected_run_time_is_kept_free_of_the_race()
    {
        StartWithinChoice raced = FlexDeadline.ForBudget(TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(20));
        StartWithinChoice tooShort = FlexDeadline.ForBudget(TimeSpan.FromSeconds(24.9), TimeSpan.FromSeconds(20));

        Assert.Equal("00h-01m-10s", raced.ToString());
        Assert.Equal(TimeSpan.FromSeconds(70), raced.Available);
        Assert.Equal(StartWithin.Default, tooShort.Value);
        Assert.Equal(
            "only 4.9 s remain after the expected run time of 20 s, less than the shortest flex window (5 s), so \"default\" sends the request to the standard tier at once",
            tooShort.Reason);
        Assert.Throws<ArgumentOutOfRangeException>(() => FlexDeadline.ForBudget(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void The_clamp_and_the_expired_deadline_say_why()
    {
        Assert.Equal("601 s are available, more than the longest flex window, so the window is clamped to 600 s", FlexDeadline.ForBudget(TimeSpan.FromSeconds(601)).Reason);
        Assert.Contains("the deadline has already passed", FlexDeadline.ForBudget(TimeSpan.FromSeconds(-1)).Reason, StringComparison.Ordinal);
        Assert.Null(FlexDeadline.ForBudget(TimeSpan.FromSeconds(30)).Reason);
    }

    [Theory]
    [InlineData(4.9, "default")]
    [InlineData(5, "00h-00m-05s")]
    [InlineData(600, "00h-10m-00s")]
    [InlineData(601, "00h-10m-00s")]
    [InlineData(-10, "default")]
    public void An_absolute_deadline_is_measured_on_the_given_clock(double seconds, string expected)
    {
        var time = new ManualTime(new DateTimeOffset(2026, 12, 9, 10, 0, 0, TimeSpan.Zero));

        StartWithinChoice choice = FlexDeadline.ForDeadline(time.GetUtcNow().AddSeconds(seconds), timeProvider: time);

        Assert.Equal(expected, choice.Value.Value);
    }

    [Fact]
    public void A_cancelling_deadline_chooses_from_what_is_left_and_cancels_when_the_time_is_up()
    {
        var time = new ManualTime(new DateTimeOffset(2026, 12, 9, 10, 0, 0, TimeSpan.Zero));
        using FlexDeadline deadline = FlexDeadline.After(TimeSpan.FromSeconds(45), time);

        Assert.Equal("00h-00m-35s", deadline.ChooseStartWithin(TimeSpan.FromSeconds(10)).ToString());
        time.Advance(TimeSpan.FromSeconds(40.5));
        Assert.False(deadline.Token.IsCancellationRequested);
        Assert.Equal(StartWithin.Default, deadline.ChooseStartWithin().Value); // 4.5 s left
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(deadline.Token.IsCancellationRequested);
        Assert.Contains("already passed", deadline.ChooseStartWithin().Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_already_expired_deadline_is_cancelled_at_once_and_gives_default()
    {
        using FlexDeadline deadline = FlexDeadline.At(DateTimeOffset.UtcNow.AddSeconds(-1));

        Assert.True(deadline.Token.IsCancellationRequested);
        StartWithinChoice choice = deadline.ChooseStartWithin();
        Assert.Equal(StartWithin.Default, choice.Value);
        Assert.False(choice.IsFlexRace);
        Assert.Contains("already passed", choice.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("ar-SA")]
    [InlineData("fa-IR")]
    public void The_text_is_invariant_in_every_culture(string culture)
    {
        CultureInfo previous = CultureInfo.CurrentCulture;
        CultureInfo previousUi = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);

            Assert.Equal("00h-01m-05s", FlexDeadline.ForBudget(TimeSpan.FromSeconds(65.75)).ToString());
            Assert.Equal("00h-10m-00s", FlexDeadline.ForBudget(TimeSpan.FromSeconds(601)).Value.Value);
            Assert.Equal("default", FlexDeadline.ForBudget(TimeSpan.FromSeconds(4.9)).Value.Value);
            Assert.Contains("only 4.9 s remain", FlexDeadline.ForBudget(TimeSpan.FromSeconds(4.9)).Reason, StringComparison.Ordinal);
            Assert.Contains("601 s are available", FlexDeadline.ForBudget(TimeSpan.FromSeconds(601)).Reason, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
            CultureInfo.CurrentUICulture = previousUi;
        }
    }

    /// <summary>A clock the test moves; timers created on it fire when it passes their due time.</summary>
    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        private readonly List<ManualTimer> _timers = [];
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by)
        {
            _now += by;
            foreach (ManualTimer timer in _timers.ToList())
            {
                timer.FireIfDue(_now);
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new ManualTimer(this, callback, state);
            timer.Change(dueTime, period);
            _timers.Add(timer);
            return timer;
        }

        private sealed class ManualTimer(ManualTime owner, TimerCallback callback, object? state) : ITimer
        {
            private DateTimeOffset? _due;

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                _due = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
                FireIfDue(owner._now);
                return true;
            }

            public void FireIfDue(DateTimeOffset now)
            {
                if (_due is { } due && due <= now)
                {
                    _due = null;
                    callback(state);
                }
            }

            public void Dispose() => _due = null;

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
