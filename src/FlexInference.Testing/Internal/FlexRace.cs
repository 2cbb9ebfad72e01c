using System;

namespace FlexInference.Testing;

/// <summary>The result of one simulated flex race.</summary>
/// <param name="Reason">The routing reason: <c>flex_won</c>, <c>flex_deadline</c> or <c>flex_capacity</c>.</param>
/// <param name="DecidedAfter">Simulated time from the request to the decision; the response headers are withheld this long.</param>
internal readonly record struct RaceOutcome(string Reason, TimeSpan DecidedAfter)
{
    public const string FlexWon = "flex_won";
    public const string FlexDeadline = "flex_deadline";
    public const string FlexCapacity = "flex_capacity";
    public const string TierDirect = "tier_direct";

    /// <summary>Whether flex served (otherwise the standard tier did, after falling back up).</summary>
    public bool FlexServed => Reason == FlexWon;
}

/// <summary>
/// The race itself, pure and synchronous so tests can run thousands of draws without HTTP: the server calls the same
/// method and then waits <see cref="RaceOutcome.DecidedAfter"/> (scaled) before sending any byte.
/// </summary>
internal static class FlexRace
{
    public static RaceOutcome Run(FlexProfile profile, TimeSpan window, Random random)
    {
        // Always draw both numbers, so one request consumes the same randomness whatever happens.
        bool refused = random.NextDouble() < profile.CapacityRefusalRate;
        TimeSpan answerAfter = profile.DrawAdmissionDelay(random);

        if (answerAfter >= window)
        {
            return new RaceOutcome(RaceOutcome.FlexDeadline, window);
        }

        return refused
            ? new RaceOutcome(RaceOutcome.FlexCapacity, answerAfter)
            : new RaceOutcome(RaceOutcome.FlexWon, answerAfter);
    }

    /// <summary>The generator of request number <paramref name="sequence"/>: a pure function of the seed and the sequence.</summary>
    public static Random RandomFor(int seed, int sequence) =>
        new(unchecked((seed * 1_000_003) ^ (sequence * 7_919) ^ 0x5bd1e995));
}
