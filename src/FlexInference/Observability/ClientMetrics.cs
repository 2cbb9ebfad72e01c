using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace FlexInference.Observability;

/// <summary>
/// The client's instruments, on the <c>FlexInference</c> meter: a shared static meter, or one from the container's
/// <see cref="IMeterFactory"/> (which owns and disposes it). Bucket boundaries are the semantic conventions' advice.
/// </summary>
internal sealed class ClientMetrics
{
    /// <summary>The gen_ai duration advice: 10 ms doubling to 81.92 s.</summary>
    private static readonly double[] DurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

    /// <summary>The gen_ai token advice: powers of four from 1 to 67,108,864.</summary>
    private static readonly long[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    private static ClientMetrics? s_shared;

    private readonly Meter _meter;

    // The ledgers attached to clients of this meter, with how many clients share each; the observable counters exist
    // from the first attach on and report every attached ledger once.
    private readonly ConcurrentDictionary<FlexInferenceUsageLedger, int> _ledgers = new();
    private readonly object _ledgerGate = new();
    private bool _ledgerInstruments;

    private ClientMetrics(Meter meter)
    {
        _meter = meter;
        Duration = meter.CreateHistogram(
            TelemetryNames.OperationDuration, "s", "GenAI operation duration: the whole call, every retry and, for a stream, until it ends.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        Tokens = meter.CreateHistogram(
            TelemetryNames.TokenUsage, "{token}", "Number of input and output tokens used.",
            tags: null, advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = TokenBuckets });
        TimeToFirstChunk = meter.CreateHistogram(
            TelemetryNames.TimeToFirstChunkMetric, "s", "Time from sending a streaming request to receiving its first chunk (the flex race included).",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        Cost = meter.CreateCounter<long>(
            TelemetryNames.Cost, "{micro_usd}", "What the router charged, in micro-USD (from usage.cost or x-flexinference-cost).");
    }

    /// <summary>The instruments on the process-wide meter, for clients built without an <see cref="IMeterFactory"/>.</summary>
    public static ClientMetrics Shared => s_shared ?? Create(null);

    public Histogram<double> Duration { get; }

    public Histogram<long> Tokens { get; }

    public Histogram<double> TimeToFirstChunk { get; }

    public Counter<long> Cost { get; }

    /// <summary>Whether anything listens to any instrument: when not, a call records nothing and allocates nothing.</summary>
    public bool Enabled => Duration.Enabled || Tokens.Enabled || TimeToFirstChunk.Enabled || Cost.Enabled;

    /// <summary>A client with <paramref name="ledger"/> was built: the meter reports it until the client is disposed.</summary>
    public void Attach(FlexInferenceUsageLedger ledger)
    {
        lock (_ledgerGate)
        {
            _ledgers.AddOrUpdate(ledger, 1, static (_, count) => count + 1);
            if (_ledgerInstruments)
            {
                return;
            }

            _ledgerInstruments = true;
            _meter.CreateObservableCounter(
                TelemetryNames.LedgerRequests, () => Observe(static counters => counters.Requests), "{request}",
                "Answers counted by the attached FlexInferenceUsageLedger, per model and served tier.");
            _meter.CreateObservableCounter(
                TelemetryNames.LedgerCost, () => Observe(static counters => counters.CostMicroUsd), "{micro_usd}",
                "What the router charged for the answers counted by the attached FlexInferenceUsageLedger, in micro-USD.");
            _meter.CreateObservableCounter(
                TelemetryNames.LedgerFallbacks, () => Observe(static counters => counters.ClientFallbacks), "{request}",
                "Answers the client fallback (FlexFallbackPolicy) produced, counted by the attached FlexInferenceUsageLedger.");
        }
    }

    /// <summary>A client with <paramref name="ledger"/> was disposed.</summary>
    public void Detach(FlexInferenceUsageLedger ledger)
    {
        lock (_ledgerGate)
        {
            if (_ledgers.TryGetValue(ledger, out int count))
            {
                if (count <= 1)
                {
                    _ledgers.TryRemove(ledger, out _);
                }
                else
                {
                    _ledgers[ledger] = count - 1;
                }
            }
        }
    }

    private IEnumerable<Measurement<long>> Observe(System.Func<FlexInferenceUsageLedger.Counters, long> value)
    {
        foreach (FlexInferenceUsageLedger ledger in _ledgers.Keys)
        {
            foreach (KeyValuePair<(string Model, string Tier), FlexInferenceUsageLedger.Counters> entry in ledger.Entries)
            {
                yield return new Measurement<long>(value(entry.Value), new TagList
                {
                    { TelemetryNames.RequestModel, entry.Key.Model },
                    { TelemetryNames.ServiceTier, entry.Key.Tier },
                });
            }
        }
    }

    public static ClientMetrics For(IMeterFactory? factory) => factory is null ? Shared : Create(factory);

    private static ClientMetrics Create(IMeterFactory? factory)
    {
        var options = new MeterOptions(FlexInferenceTelemetry.MeterName) { Version = Version };
        if (factory is not null)
        {
            return new ClientMetrics(factory.Create(options));
        }

        // Two threads may race here; the loser's meter is simply never used.
        System.Threading.Interlocked.CompareExchange(ref s_shared, new ClientMetrics(new Meter(options)), null);
        return s_shared!;
    }

    internal static string Version { get; } =
        typeof(ClientMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
