using System;

namespace FlexInference;

/// <summary>
/// A <c>start_within</c> computed from a deadline by <see cref="FlexDeadline"/>: a flex-race window when enough time is
/// left, otherwise <c>"default"</c> with the reason. Converts implicitly to <see cref="FlexInference.StartWithin"/>.
/// </summary>
public readonly record struct StartWithinChoice
{
    internal StartWithinChoice(StartWithin value, TimeSpan available, string? reason)
    {
        Value = value;
        Available = available;
        Reason = reason;
    }

    /// <summary>The value to send: a duration such as <c>00h-00m-42s</c>, or <see cref="StartWithin.Default"/>.</summary>
    public StartWithin Value { get; }

    /// <summary>The time there was for the race: what remained minus the expected run time (negative when there was none).</summary>
    public TimeSpan Available { get; }

    /// <summary>Whether <see cref="Value"/> is a flex race.</summary>
    public bool IsFlexRace => Value.IsDuration;

    /// <summary>
    /// Why the value is not simply <see cref="Available"/> rounded down: it fell back to <c>"default"</c> (less than 5 s
    /// left, or the deadline had passed) or was clamped to the 10-minute maximum. Null when the window is exactly that.
    /// </summary>
    public string? Reason { get; }

    /// <summary>The value to send.</summary>
    public static implicit operator StartWithin(StartWithinChoice choice) => choice.Value;

    /// <summary>The value to send (the named alternative of the implicit conversion).</summary>
    public StartWithin ToStartWithin() => Value;

    /// <summary>The wire value, for example <c>00h-00m-42s</c>.</summary>
    public override string ToString() => Value.Value;
}
