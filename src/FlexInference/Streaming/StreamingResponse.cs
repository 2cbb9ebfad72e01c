using System;
using System.Net.Http;
using System.Threading;
using FlexInference.Errors;
using FlexInference.Observability;
using FlexInference.Pipeline;
using FlexInference.Routing;
using FlexInference.Surfaces;

namespace FlexInference.Streaming;

/// <summary>
/// An open streaming response: the HTTP response, its guarded body, and the call's context (clocks, telemetry). Whoever
/// holds it owns the connection; disposing it releases the connection on every path (and logs how the stream ended).
/// </summary>
internal sealed class StreamingResponse : IDisposable
{
    private readonly CallLog _log;
    private int _disposed;

    public StreamingResponse(
        HttpResponseMessage response, SseFrameGuardStream body, CallContext context, ResponseMetadata metadata, TimeSpan idleTimeout, CallLog log, SecretRedactor redactor)
    {
        Redactor = redactor;
        Response = response;
        Body = body;
        Context = context;
        Metadata = metadata;
        IdleTimeout = idleTimeout;
        _log = log;
    }

    public HttpResponseMessage Response { get; }

    public SseFrameGuardStream Body { get; }

    public CallContext Context { get; }

    public CallClock Clock => Context.Clock;

    public Surface Surface => Context.Call.Surface;

    /// <summary>The surface's stream vocabulary (every streaming surface has one).</summary>
    public StreamVocabulary Vocabulary => Context.Call.Surface.Stream!;

    public ResponseMetadata Metadata { get; }

    /// <summary>Masks the client's key in what a failure frame says.</summary>
    public SecretRedactor Redactor { get; }

    /// <summary>The longest silence allowed between two events.</summary>
    public TimeSpan IdleTimeout { get; }

    /// <summary>The call's span and measurements, or null when nobody listens; ended when this is disposed.</summary>
    public CallTelemetry? Telemetry => Context.Telemetry;

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Records the documented exception a stream is about to throw, for the log and the span; returns it.</summary>
    public Exception Fail(Exception exception)
    {
        Telemetry?.Fail(exception);
        if (exception is not OperationCanceledException)
        {
            ClientLog.StreamFailure(_log.Logger, exception, Context.Call.Path, Context.ElapsedMs);
        }

        return exception;
    }

    /// <summary>Releases the connection once, and records how the stream ended: its route report as the events completed it.</summary>
    public void Dispose(ServedRoute route, ResultFacts facts, bool completed)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Telemetry?.Streamed(route, facts, completed);
        Context.Ledger?.Record(Context.Call.Facts?.Model, route, facts);
        Body.Dispose();
        Response.Dispose();
        Context.Dispose();
        Telemetry?.End(Clock.Attempts);
        _log.StreamEnded(Context, route, completed);
    }

    void IDisposable.Dispose() => Dispose(RouteBuilder.Build(default, Metadata), default, completed: false);
}
