using System;
using System.Diagnostics;
using System.Threading;

namespace FlexInference.Pipeline;

/// <summary>
/// The clocks of one call, on one cancellation source linked to the caller's token and to the client's lifetime. It
/// remembers which clock is armed, so <see cref="FailureTranslator"/> can tell a cancellation apart: the caller's, the
/// client being disposed, or one of ours. The total budget, when there is one, runs from construction across every
/// attempt, backoff and the whole stream; whichever of it and the phase clock ends first is the one armed, so one timer
/// serves both.
/// </summary>
internal sealed class CallClock : IDisposable
{
    // A timer cannot be set past ~49 days; a limit that long is as good as none.
    private static readonly TimeSpan MaxTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly CancellationTokenSource _source;
    private readonly TimeSpan? _total;
    private readonly long _started;

    public CallClock(CancellationToken caller, CancellationToken lifetime, TimeSpan? total)
    {
        Caller = caller;
        Lifetime = lifetime;
        _source = lifetime.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(caller, lifetime) : CancellationTokenSource.CreateLinkedTokenSource(caller);
        _started = Stopwatch.GetTimestamp();
        _total = total == Timeout.InfiniteTimeSpan ? null : total;
        if (_total is { } budget)
        {
            Arm(FlexInferenceClock.Total, budget, budget);
        }
    }

    /// <summary>Cancelled by the caller, the client's disposal or a clock.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>The caller's token at creation.</summary>
    public CancellationToken Caller { get; }

    /// <summary>The token a stream is being enumerated with (<see cref="LinkCaller"/>), if any.</summary>
    public CancellationToken EnumerationCaller { get; private set; }

    /// <summary>The client's lifetime: cancelled when the client is disposed.</summary>
    public CancellationToken Lifetime { get; }

    /// <summary>Whether one of the clocks (or a linked token) fired.</summary>
    public bool Fired => _source.IsCancellationRequested;

    public FlexInferenceClock Current { get; private set; }

    public TimeSpan Limit { get; private set; }

    /// <summary>How many attempts the call has made so far (for the logs and messages).</summary>
    public int Attempts { get; set; }

    /// <summary>What is left of the total budget (negative once spent), or null when the call has none.</summary>
    public TimeSpan? Remaining => _total is { } budget ? budget - Stopwatch.GetElapsedTime(_started) : null;

    /// <summary>Starts <paramref name="clock"/>, replacing the one running (unless the total budget ends sooner).</summary>
    public void Start(FlexInferenceClock clock, TimeSpan limit)
    {
        if (Remaining is { } left && (limit == Timeout.InfiniteTimeSpan || left <= limit))
        {
            Arm(FlexInferenceClock.Total, _total!.Value, left);
            return;
        }

        Arm(clock, limit, limit);
    }

    /// <summary>
    /// Adds the token a stream is enumerated with: cancelling it ends the call like the creation token does, and is
    /// reported as the caller's cancellation with that token.
    /// </summary>
    public CancellationTokenRegistration LinkCaller(CancellationToken token)
    {
        EnumerationCaller = token;
        return token.Register(static state => ((CancellationTokenSource)state!).Cancel(), _source);
    }

    /// <summary>Stops the running phase clock (while the caller's own code runs, or during a backoff); the total budget keeps running.</summary>
    public void Pause()
    {
        if (Remaining is { } left)
        {
            Arm(FlexInferenceClock.Total, _total!.Value, left);
            return;
        }

        _source.CancelAfter(Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => _source.Dispose();

    private void Arm(FlexInferenceClock clock, TimeSpan limit, TimeSpan after)
    {
        Current = clock;
        Limit = limit;
        _source.CancelAfter(after < TimeSpan.Zero ? TimeSpan.Zero : after > MaxTimer ? Timeout.InfiniteTimeSpan : after);
    }
}
