using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using FlexInference.Routing;

namespace FlexInference;

/// <summary>
/// A thread-safe tally of the answers one or more clients were served, per model and served tier: requests, tokens,
/// the router's cost, client fallbacks and flex wins. Attach it with <see cref="FlexInferenceClientOptions.UsageLedger"/>
/// (or in <c>AddFlexInference</c>'s options); read it any time with <see cref="Snapshot"/>. It lives in memory for as long
/// as you keep it; nothing is sent anywhere. A client without one pays nothing for this.
/// </summary>
/// <remarks>
/// <para>
/// An answer is counted once, when it has been read: a non-streaming result when its body is parsed, a stream when it
/// ends (completed, left early or failed after it opened, with the usage it had reported by then). A call that failed
/// before an answer is not counted: it was not served. While a ledger is attached, the <c>FlexInference</c> meter also
/// reports it as observable counters (docs/observability.md).
/// </para>
/// <para>
/// The ledger reports what the router charged, not what the standard tier would have cost: the SDK encodes no price list.
/// Compare <c>flex</c> and standard rows of the same model, or multiply by your own prices, to put a number on the saving.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var ledger = new FlexInferenceUsageLedger();
/// using var client = new FlexInferenceClient(key, new FlexInferenceClientOptions { UsageLedger = ledger });
/// // ... calls ...
/// Console.WriteLine(ledger.Snapshot());
/// </code>
/// </example>
public sealed class FlexInferenceUsageLedger
{
    internal const string UnknownTier = "unknown";

    private readonly ConcurrentDictionary<(string Model, string Tier), Counters> _entries = new();

    /// <summary>Copies the current totals. Each entry is read field by field while calls may still be counted.</summary>
    public FlexInferenceUsageSnapshot Snapshot()
    {
        var entries = new List<FlexInferenceUsageEntry>(_entries.Count);
        long requests = 0, input = 0, output = 0, cost = 0, fallbacks = 0, flex = 0;
        foreach (KeyValuePair<(string Model, string Tier), Counters> pair in _entries)
        {
            FlexInferenceUsageEntry entry = pair.Value.Read(pair.Key.Model, pair.Key.Tier);
            entries.Add(entry);
            requests += entry.Requests;
            input += entry.InputTokens;
            output += entry.OutputTokens;
            cost += entry.CostMicroUsd;
            fallbacks += entry.ClientFallbacks;
            flex += entry.FlexWins;
        }

        entries.Sort(static (a, b) =>
        {
            int byModel = string.CompareOrdinal(a.Model, b.Model);
            return byModel != 0 ? byModel : string.CompareOrdinal(a.ServedTier, b.ServedTier);
        });
        return new FlexInferenceUsageSnapshot
        {
            Entries = entries,
            Total = new FlexInferenceUsageEntry
            {
                Model = "*", ServedTier = "*", Requests = requests, InputTokens = input, OutputTokens = output, CostMicroUsd = cost,
                ClientFallbacks = fallbacks, FlexWins = flex,
            },
        };
    }

    /// <summary>Counts one served answer.</summary>
    internal void Record(string? model, ServedRoute route, in ResultFacts facts)
    {
        string tier = route.ServiceTier?.Value is { Length: > 0 } served ? served : UnknownTier;
        Counters counters = _entries.GetOrAdd((model ?? "unknown", tier), static _ => new Counters());
        counters.Add(facts.InputTokens ?? 0, facts.OutputTokens ?? 0, route.CostMicroUsd ?? 0, route.ClientFallback is not null, route.IsFlex);
    }

    /// <summary>The current entries, for the meter's observable counters.</summary>
    internal IEnumerable<KeyValuePair<(string Model, string Tier), Counters>> Entries => _entries;

    internal sealed class Counters
    {
        private long _requests;
        private long _input;
        private long _output;
        private long _cost;
        private long _fallbacks;
        private long _flex;

        public long Requests => Interlocked.Read(ref _requests);

        public long CostMicroUsd => Interlocked.Read(ref _cost);

        public long ClientFallbacks => Interlocked.Read(ref _fallbacks);

        public void Add(long input, long output, long cost, bool fallback, bool flex)
        {
            Interlocked.Add(ref _input, input);
            Interlocked.Add(ref _output, output);
            Interlocked.Add(ref _cost, cost);
            if (fallback)
            {
                Interlocked.Increment(ref _fallbacks);
            }

            if (flex)
            {
                Interlocked.Increment(ref _flex);
            }

            Interlocked.Increment(ref _requests);
        }

        public FlexInferenceUsageEntry Read(string model, string tier) => new()
        {
            Model = model,
            ServedTier = tier,
            Requests = Interlocked.Read(ref _requests),
            InputTokens = Interlocked.Read(ref _input),
            OutputTokens = Interlocked.Read(ref _output),
            CostMicroUsd = Interlocked.Read(ref _cost),
            ClientFallbacks = Interlocked.Read(ref _fallbacks),
            FlexWins = Interlocked.Read(ref _flex),
        };
    }
}
