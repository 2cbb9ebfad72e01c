using System;
using System.Collections.Generic;
using System.Linq;

namespace FlexInference.Testing;

/// <summary>
/// The faults queued on a <see cref="FlexInferenceTestServer"/> (<c>router.Faults</c>). Thread-safe. Each queued fault
/// is used by the first request it matches, in queue order, as many times as it was queued for.
/// </summary>
public sealed class FaultScript
{
    private readonly object _gate = new();
    private readonly List<Entry> _entries = new();
    private readonly List<Fault> _played = new();

    /// <summary>How many fault uses are still queued (a fault queued for 3 requests counts 3; <see cref="int.MaxValue"/> for an unlimited one).</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _entries.Aggregate(0, (sum, entry) => sum > int.MaxValue - entry.Remaining ? int.MaxValue : sum + entry.Remaining);
            }
        }
    }

    /// <summary>The faults that were applied so far, in order.</summary>
    public IReadOnlyList<Fault> Played
    {
        get
        {
            lock (_gate)
            {
                return _played.ToArray();
            }
        }
    }

    /// <summary>Queues <paramref name="fault"/> for the next <paramref name="times"/> matching requests.</summary>
    /// <param name="fault">The fault.</param>
    /// <param name="times">How many requests it applies to; <see cref="int.MaxValue"/> for every matching request until <see cref="Clear"/>.</param>
    /// <returns>This script, for chaining.</returns>
    public FaultScript Enqueue(Fault fault, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        lock (_gate)
        {
            _entries.Add(new Entry(fault, times));
        }

        return this;
    }

    /// <summary>Removes every queued fault.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    /// <summary>Takes the first queued fault of the given phase that matches <paramref name="request"/>.</summary>
    internal Fault? Take(RecordedRequest request, bool onArrival)
    {
        lock (_gate)
        {
            for (int i = 0; i < _entries.Count; i++)
            {
                Entry entry = _entries[i];
                if (entry.Fault.AppliesOnArrival != onArrival || !entry.Fault.Matches(request))
                {
                    continue;
                }

                if (entry.Remaining != int.MaxValue)
                {
                    entry.Remaining--;
                    if (entry.Remaining == 0)
                    {
                        _entries.RemoveAt(i);
                    }
                }

                _played.Add(entry.Fault);
                return entry.Fault;
            }

            return null;
        }
    }

    private sealed class Entry(Fault fault, int remaining)
    {
        public Fault Fault { get; } = fault;

        public int Remaining { get; set; } = remaining;
    }
}
