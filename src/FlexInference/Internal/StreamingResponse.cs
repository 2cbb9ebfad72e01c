using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlexInference.Internal;

/// <summary>
/// An open streaming response: the HTTP response, its guarded body, and the call's clocks. Whoever holds it owns the
/// connection; disposing it releases the connection on every path (and logs how the stream ended).
/// </summary>
internal sealed class StreamingResponse : IDisposable
{
    private readonly ILogger _logger;
    private readonly string _path;
    private readonly long _started;
    private int _disposed;

    public StreamingResponse(
        HttpResponseMessage response, Stream body, CallClock clock, ResponseMetadata metadata, TimeSpan idleTimeout, ApiSurface surface,
        ILogger? logger = null, string? path = null, long started = 0)
    {
        Response = response;
        Body = body;
        Clock = clock;
        Metadata = metadata;
        IdleTimeout = idleTimeout;
        Surface = surface;
        _logger = logger ?? NullLogger.Instance;
        _path = path ?? string.Empty;
        _started = started == 0 ? Stopwatch.GetTimestamp() : started;
    }

    public HttpResponseMessage Response { get; }

    public Stream Body { get; }

    public CallClock Clock { get; }

    public ResponseMetadata Metadata { get; }

    /// <summary>The longest silence allowed between two events.</summary>
    public TimeSpan IdleTimeout { get; }

    public ApiSurface Surface { get; }

    /// <summary>The call's span and measurements, or null when nobody listens; ended when this is disposed.</summary>
    public Telemetry.CallTelemetry? Telemetry { get; init; }

    public bool IsDisposed => System.Threading.Volatile.Read(ref _disposed) != 0;

    /// <summary>The stream's route report as its events completed it (set by the stream before it disposes this), for the log.</summary>
    public ServedRoute? Route { get; set; }

    /// <summary>Whether the stream reached its terminal event (set by the stream before it disposes this).</summary>
    public bool Completed { get; set; }

    /// <summary>Records the documented exception a stream is about to throw, for the log; returns it.</summary>
    public Exception Fail(Exception exception)
    {
        Telemetry?.Fail(exception);
        if (exception is not OperationCanceledException)
        {
            ClientLog.StreamFailure(_logger, exception, _path, (long)Stopwatch.GetElapsedTime(_started).TotalMilliseconds);
        }

        return exception;
    }

    public void Dispose()
    {
        if (System.Threading.Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Body.Dispose();
            Response.Dispose();
            Clock.Dispose();
            Telemetry?.End(Clock.Attempts);
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                ClientLog.StreamEnded(
                    _logger, _path, (long)Stopwatch.GetElapsedTime(_started).TotalMilliseconds, Completed, Route?.ServiceTier?.ToString(), Route?.Reason?.ToString(), Route?.CostMicroUsd);
            }
        }
    }
}
