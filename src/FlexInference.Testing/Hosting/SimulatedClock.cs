using System;
using System.Threading;
using System.Threading.Tasks;

namespace FlexInference.Testing;

/// <summary>Turns simulated time into real waits using <see cref="FlexInferenceTestServerOptions.TimeScale"/>.</summary>
internal static class SimulatedClock
{
    public static TimeSpan Scale(TimeSpan simulated, double timeScale) =>
        simulated <= TimeSpan.Zero || timeScale <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Min(simulated.Ticks * timeScale, TimeSpan.MaxValue.Ticks / 2.0));

    public static Task DelayAsync(TimeSpan simulated, double timeScale, CancellationToken cancellationToken) =>
        RealDelayAsync(Scale(simulated, timeScale), cancellationToken);

    public static Task RealDelayAsync(TimeSpan real, CancellationToken cancellationToken) =>
        real <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(real, cancellationToken);
}
