using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace FlexInference.Testing;

/// <summary>The thread-safe, in-memory record of every request a <see cref="FlexInferenceTestServer"/> received, in arrival order.</summary>
/// <remarks>Enumerating takes a snapshot, so requests arriving meanwhile never break a loop.</remarks>
public sealed class RecordedRequestLog : IReadOnlyList<RecordedRequest>
{
    private readonly object _gate = new();
    private readonly List<RecordedRequest> _requests = new();
    private int _nextSequence;

    /// <summary>How many requests are recorded.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _requests.Count;
            }
        }
    }

    /// <summary>The request at <paramref name="index"/> in arrival order.</summary>
    public RecordedRequest this[int index]
    {
        get
        {
            lock (_gate)
            {
                return _requests[index];
            }
        }
    }

    /// <summary>The most recent request, or null when none arrived yet.</summary>
    public RecordedRequest? Last
    {
        get
        {
            lock (_gate)
            {
                return _requests.Count == 0 ? null : _requests[^1];
            }
        }
    }

    /// <summary>The requests sent to <paramref name="path"/> (such as <c>/v1/responses</c>, or just <c>responses</c>).</summary>
    public IReadOnlyList<RecordedRequest> ForPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string normalized = PathNames.Normalize(path);
        return Snapshot().Where(request => string.Equals(request.Path, normalized, StringComparison.Ordinal)).ToArray();
    }

    /// <summary>Forgets every recorded request. Sequence numbers (and so random draws) keep counting.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    /// <inheritdoc />
    public IEnumerator<RecordedRequest> GetEnumerator() => ((IEnumerable<RecordedRequest>)Snapshot()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Adds a request, giving it the next sequence number.</summary>
    internal RecordedRequest Add(Func<int, RecordedRequest> create)
    {
        lock (_gate)
        {
            RecordedRequest request = create(_nextSequence++);
            _requests.Add(request);
            return request;
        }
    }

    private RecordedRequest[] Snapshot()
    {
        lock (_gate)
        {
            return _requests.ToArray();
        }
    }
}
