using System;

namespace FlexInference.Testing;

/// <summary>
/// How the simulated flex tier of one model (or model family) behaves in the race.
/// </summary>
/// <remarks>
/// <para>
/// For every flex race the server draws an admission delay uniformly between <see cref="MinAdmissionDelay"/> and
/// <see cref="MaxAdmissionDelay"/>, and independently decides with probability <see cref="CapacityRefusalRate"/> that
/// the provider refuses for capacity. The provider's answer (admission or refusal) arrives after the drawn delay:
/// </para>
/// <list type="bullet">
/// <item>delay at or past the <c>start_within</c> window: the deadline wins, standard serves (<c>flex_deadline</c>);</item>
/// <item>otherwise a refusal: standard serves (<c>flex_capacity</c>);</item>
/// <item>otherwise flex is admitted and serves (<c>flex_won</c>).</item>
/// </list>
/// <para>
/// So for a window <c>w</c>: P(flex_deadline) = P(delay ≥ w), P(flex_capacity) = rate · P(delay &lt; w),
/// P(flex_won) = (1 − rate) · P(delay &lt; w). Delays are simulated time: the server waits them multiplied by
/// <see cref="FlexInferenceTestServerOptions.TimeScale"/>.
/// </para>
/// </remarks>
public sealed record FlexProfile
{
    private readonly TimeSpan _minAdmissionDelay = TimeSpan.FromSeconds(0.5);
    private readonly TimeSpan _maxAdmissionDelay = TimeSpan.FromSeconds(10);
    private readonly double _capacityRefusalRate = 0.1;

    /// <summary>The default profile: admission after 0.5–10 s (uniform), 10 % capacity refusals.</summary>
    public static FlexProfile Default { get; } = new();

    /// <summary>The shortest simulated admission delay. Default 0.5 s.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan MinAdmissionDelay
    {
        get => _minAdmissionDelay;
        init => _minAdmissionDelay = value >= TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "MinAdmissionDelay cannot be negative; use TimeSpan.Zero for an instant admission.");
    }

    /// <summary>The longest simulated admission delay. Default 10 s. (If it is below <see cref="MinAdmissionDelay"/>, the two are swapped.)</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan MaxAdmissionDelay
    {
        get => _maxAdmissionDelay;
        init => _maxAdmissionDelay = value >= TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxAdmissionDelay cannot be negative.");
    }

    /// <summary>The probability (0 to 1) that the provider refuses the flex request for capacity. Default 0.1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 0..1.</exception>
    public double CapacityRefusalRate
    {
        get => _capacityRefusalRate;
        init => _capacityRefusalRate = value is >= 0 and <= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "CapacityRefusalRate is a probability between 0 and 1, for example 0.1.");
    }

    /// <summary>Flex is always admitted after exactly <paramref name="delay"/> (simulated); never refused.</summary>
    /// <param name="delay">The simulated admission delay; if it is not below the request's window, the deadline wins instead.</param>
    public static FlexProfile AdmittedAfter(TimeSpan delay) =>
        new() { MinAdmissionDelay = delay, MaxAdmissionDelay = delay, CapacityRefusalRate = 0 };

    /// <summary>Flex never starts: every race waits for the whole window, then standard serves (<c>flex_deadline</c>).</summary>
    public static FlexProfile NeverAdmitted { get; } =
        new() { MinAdmissionDelay = TimeSpan.FromHours(1), MaxAdmissionDelay = TimeSpan.FromHours(1), CapacityRefusalRate = 0 };

    /// <summary>The provider refuses every flex request for capacity after <paramref name="delay"/> (simulated; <c>flex_capacity</c>).</summary>
    /// <param name="delay">When the refusal arrives (simulated).</param>
    public static FlexProfile RefusedAfter(TimeSpan delay) =>
        new() { MinAdmissionDelay = delay, MaxAdmissionDelay = delay, CapacityRefusalRate = 1 };

    /// <summary>Draws one admission delay from the profile's uniform distribution.</summary>
    internal TimeSpan DrawAdmissionDelay(Random random)
    {
        TimeSpan low = MinAdmissionDelay <= MaxAdmissionDelay ? MinAdmissionDelay : MaxAdmissionDelay;
        TimeSpan high = MinAdmissionDelay <= MaxAdmissionDelay ? MaxAdmissionDelay : MinAdmissionDelay;
        double fraction = random.NextDouble();
        return low + TimeSpan.FromTicks((long)((high - low).Ticks * fraction));
    }
}
