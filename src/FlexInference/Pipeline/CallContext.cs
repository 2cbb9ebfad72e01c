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

    public ApiCall Call { get; }

    public CallClock Clock { get; }

    public HttpClient Http { get; }

    /// <summary>The call's span and measurements, or null when nobody listens.</summary>
    public CallTelemetry? Telemetry { get; }

    public long Started { get; }

    public long ElapsedMs => (long)Stopwatch.GetElapsedTime(Started).TotalMilliseconds;

    /// <summary>The documented exception for a failure of this call, or null to let it propagate unchanged.</summary>
    public Exception? Translate(Exception exception) => _failures.Translate(exception, Clock, Http.Timeout);

    public void Dispose() => Clock.Dispose();
}
