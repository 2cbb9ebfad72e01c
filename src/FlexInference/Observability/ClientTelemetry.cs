using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;

using FlexInference.Pipeline;

namespace FlexInference.Observability;

/// <summary>
/// A client's telemetry: the shared <c>FlexInference</c> activity source, its meter's instruments and the server it
/// talks to. <see cref="Start"/> returns null, and so costs one check per signal and no allocation, while nobody listens.
/// </summary>
internal sealed class ClientTelemetry
{
    public static readonly ActivitySource Source = new(FlexInferenceTelemetry.ActivitySourceName, ClientMetrics.Version);

    public ClientTelemetry(Uri baseUrl, IMeterFactory? meterFactory, Errors.SecretRedactor redactor)
    {
        Redactor = redactor;
        Metrics = ClientMetrics.For(meterFactory);
        ServerAddress = baseUrl.Host;
        ServerPort = baseUrl.Port;
    }

    public ClientMetrics Metrics { get; }

    /// <summary>Masks the client's key in server text that becomes an attribute.</summary>
    public Errors.SecretRedactor Redactor { get; }

    public string ServerAddress { get; }

    public int ServerPort { get; }

    /// <summary>
    /// Begins the telemetry of a generation call (the catalogue calls, <c>/models</c> and <c>/limits</c>, are left to the
    /// HttpClient's own instrumentation), or returns null when no activity listener and no meter listener is interested.
    /// </summary>
    public CallTelemetry? Start(ApiCall call, bool streaming)
    {
        if (call.Facts is not { } facts)
        {
            return null;
        }

        bool tracing = Source.HasListeners();
        return tracing || Metrics.Enabled ? new CallTelemetry(this, facts, streaming, tracing) : null;
    }
}
