using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading;

namespace FlexInference.Internal;

/// <summary>
/// The clocks of one call, on one cancellation source linked to the caller's token and to the client's lifetime. It
/// remembers which clock is armed, so a cancellation can be told apart: the caller's (passed through untouched), the
/// client being disposed (<see cref="ObjectDisposedException"/>), or one of ours (a typed timeout that names the
/// option to raise). The total budget, when there is one, runs from construction across every attempt, backoff and
/// the whole stream; whichever of it and the phase clock ends first is the one armed, so one timer serves both.
/// </summary>
internal sealed class CallClock : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationToken _caller;
    private readonly CancellationToken _lifetime;
    private CancellationToken _enumerationCaller;
    private readonly ClientSettings _settings;
    private readonly bool _ownsHttpClient;
    private readonly TimeSpan _httpClientTimeout;
    private readonly TimeSpan? _total;
    private readonly long _started;

    public CallClock(
        ClientSettings settings, bool ownsHttpClient, TimeSpan httpClientTimeout, CancellationToken caller, CancellationToken lifetime = default, TimeSpan? total = null)
    {
        _settings = settings;
        _ownsHttpClient = ownsHttpClient;
        _httpClientTimeout = httpClientTimeout;
        _caller = caller;
        _lifetime = lifetime;
        _source = lifetime.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(caller, lifetime) : CancellationTokenSource.CreateLinkedTokenSource(caller);
        _started = Stopwatch.GetTimestamp();
        _total = total == System.Threading.Timeout.InfiniteTimeSpan ? null : total;
        if (_total is { } budget)
        {
            Arm(FlexInferenceClock.Total, budget, budget);
        }
    }

    public CancellationToken Token => _source.Token;

    public FlexInferenceClock Current { get; private set; }

    public TimeSpan Limit { get; private set; }

    /// <summary>How many attempts the call has made so far (for the logs and messages).</summary>
    public int Attempts { get; set; }

    /// <summary>What is left of the total budget (negative once spent), or null when the call has none.</summary>
    public TimeSpan? Remaining => _total is { } budget ? budget - Stopwatch.GetElapsedTime(_started) : null;

    /// <summary>Starts <paramref name="clock"/>, replacing the one running (unless the total budget ends sooner).</summary>
    public void Start(FlexInferenceClock clock, TimeSpan limit)
    {
        if (Remaining is { } left && (limit == System.Threading.Timeout.InfiniteTimeSpan || left <= limit))
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
        _enumerationCaller = token;
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

        _source.CancelAfter(System.Threading.Timeout.InfiniteTimeSpan);
    }

    /// <summary>Turns a failure into the SDK's documented exception, or returns null to let it propagate unchanged.</summary>
    public Exception? Translate(Exception exception)
    {
        CancellationToken caller = _caller.IsCancellationRequested ? _caller : _enumerationCaller;
        if (caller.IsCancellationRequested)
        {
            return exception is OperationCanceledException canceled && canceled.CancellationToken == caller
                ? null
                : new OperationCanceledException("The call was canceled by the caller.", exception, caller);
        }

        if (_lifetime.IsCancellationRequested)
        {
            return new ObjectDisposedException(
                "FlexInference: the client was disposed while this call was running, so the call was stopped. Dispose the client only after its calls and streams end.",
                exception);
        }

        if (_source.IsCancellationRequested)
        {
            // Our clock fired. The sync path aborts a blocking read by disposing the stream, so the exception may be
            // an ObjectDisposedException or IOException rather than a cancellation.
            return Timeout(Current, Limit, exception);
        }

        if (exception is OperationCanceledException { InnerException: TimeoutException })
        {
            // HttpClient reports both its own Timeout and a handler's ConnectTimeout this way.
            return _ownsHttpClient
                ? Timeout(FlexInferenceClock.Connect, _settings.ConnectTimeout, exception)
                : Timeout(FlexInferenceClock.HttpClient, _httpClientTimeout, exception);
        }

        return exception switch
        {
            HttpRequestException or IOException => new FlexInferenceConnectionException(
                $"FlexInference: the connection to {_settings.BaseUrl.Host} failed ({exception.Message}). Check the network and the base URL; the request may be retried.",
                exception),
            JsonException => new FlexInferenceInvalidResponseException(
                $"FlexInference: the response body is not valid JSON for this endpoint ({exception.Message}). Check that the base URL points at the router.",
                exception),
            _ => null,
        };
    }

    private FlexInferenceTimeoutException Timeout(FlexInferenceClock clock, TimeSpan limit, Exception inner)
    {
        string ms = limit.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture);
        string message = clock switch
        {
            FlexInferenceClock.Connect =>
                $"FlexInference: no connection to {_settings.BaseUrl.Host} within {ms} ms (connect clock). Check the network path, or raise ConnectTimeout.",
            FlexInferenceClock.FirstByte =>
                $"FlexInference: no response headers within {ms} ms (first-byte clock). The router sends nothing until a flex race is decided, and a large " +
                "context can take long to start; raise FirstByteTimeout (client options or RequestOptions) if that is expected.",
            FlexInferenceClock.Body =>
                $"FlexInference: the response body did not arrive within {ms} ms (body clock). Raise Timeout, or stream the request to receive tokens as they are made.",
            FlexInferenceClock.Idle =>
                $"FlexInference: the stream was silent for more than {ms} ms (idle clock). Raise IdleTimeout if the model pauses that long.",
            FlexInferenceClock.Total =>
                $"FlexInference: the call did not finish within its total budget of {ms} ms (total clock: every attempt, every backoff wait and the whole stream). " +
                "Raise TotalTimeout (client options or RequestOptions) if the call may take longer.",
            _ =>
                $"FlexInference: the HttpClient you supplied timed out after {ms} ms (its HttpClient.Timeout). Set its Timeout to Timeout.InfiniteTimeSpan " +
                "and let FlexInference's clocks (FirstByteTimeout, Timeout, IdleTimeout) bound the call.",
        };
        return new FlexInferenceTimeoutException(clock, limit, message, inner);
    }

    private void Arm(FlexInferenceClock clock, TimeSpan limit, TimeSpan after)
    {
        Current = clock;
        Limit = limit;

        // A timer cannot be set past ~49 days; a limit that long is as good as none.
        _source.CancelAfter(after < TimeSpan.Zero ? TimeSpan.Zero : after > MaxTimer ? System.Threading.Timeout.InfiniteTimeSpan : after);
    }

    private static readonly TimeSpan MaxTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    public void Dispose() => _source.Dispose();
}
