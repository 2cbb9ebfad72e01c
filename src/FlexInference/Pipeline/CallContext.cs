using System;
using System.Diagnostics;
using System.Net.Http;
using FlexInference.Observability;

namespace FlexInference.Pipeline;

/// <summary>What one call carries through the pipeline: the request, its clocks, the HttpClient, its telemetry and start time.</summary>
internal sealed class CallContext : IDisposable
{
    private readonly FailureTranslator _failures;

    public CallContext(ApiCall call, CallClock clock, HttpClient http, FailureTranslator failures, CallTelemetry? telemetry)
    {
        Call = call;
        Clock = clock;
        Http = http;
        _failures = failures;
        Telemetry = telemetry;
        Started = Stopwatch.GetTimestamp();
    }

    /// <summary>The call being sent: the caller's, or after a client fallback the resend at a tier word.</summary>
    public ApiCall Call { get; private set; }

    /// <summary>What the client fallback did, once it sent the call again; null before (and without) one.</summary>
    public ClientFallback? Fallback { get; private set; }

    /// <summary>The usage ledger the client reports served answers to, or null.</summary>
    public FlexInferenceUsageLedger? Ledger { get; init; }

    public CallClock Clock { get; }

    public HttpClient Http { get; }

    /// <summary>The call's span and measurements, or null when nobody listens.</summary>
    public CallTelemetry? Telemetry { get; }

    public long Started { get; }

    /// <summary>Switches to the fallback's resend (once per call).</summary>
    public void FallBack(ApiCall resend, ClientFallback fallback)
    {
        Call = resend;
        Fallback = fallback;
    }

    public long ElapsedMs => (long)Stopwatch.GetElapsedTime(Started).TotalMilliseconds;

    /// <summary>The documented exception for a failure of this call, or null to let it propagate unchanged.</summary>
    public Exception? Translate(Exception exception) => _failures.Translate(exception, Clock, Http.Timeout);

    public void Dispose() => Clock.Dispose();
}
