using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FlexInference.Tests.Observability;

/// <summary>One measurement as a <see cref="MeterListener"/> saw it.</summary>
internal sealed record Measured(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags, Meter Meter, Instrument Source)
{
    public object? Tag(string name) => Tags.TryGetValue(name, out object? value) ? value : null;
}

/// <summary>
/// Records the <c>FlexInference</c> spans and measurements of one test. Listeners are process-wide, so only what carries
/// this test's server port is kept (each embedded router listens on its own port), and the telemetry tests run in a
/// non-parallel collection besides.
/// </summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly int _port;
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ConcurrentQueue<Activity> _started = new();
    private readonly ConcurrentQueue<Measured> _measured = new();

    public TelemetryCapture(Uri baseUrl, bool activities = true, bool metrics = true)
    {
        _port = baseUrl.Port;
        _activities = new ActivityListener
        {
            ShouldListenTo = source => activities && (source.Name == FlexInferenceTelemetry.ActivitySourceName || source.Name == CallerSourceName),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity =>
            {
                if (Mine(activity))
                {
                    _started.Enqueue(activity);
                }
            },
            ActivityStopped = activity =>
            {
                if (Mine(activity))
                {
                    _stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_activities);

        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (metrics && instrument.Meter.Name == FlexInferenceTelemetry.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.Start();
    }

    /// <summary>A source for a caller's own span, to check parenting.</summary>
    public static ActivitySource ParentSource { get; } = new(CallerSourceName);

    private const string CallerSourceName = "FlexInference.Tests.Caller";

    /// <summary>The FlexInference spans that ended, in order.</summary>
    public IReadOnlyList<Activity> Spans => _stopped.Where(a => a.Source.Name == FlexInferenceTelemetry.ActivitySourceName).ToList();

    /// <summary>The FlexInference spans that started (ended or not).</summary>
    public IReadOnlyList<Activity> Started => _started.Where(a => a.Source.Name == FlexInferenceTelemetry.ActivitySourceName).ToList();

    public IReadOnlyList<Measured> Measurements => _measured.ToList();

    public IReadOnlyList<Measured> Of(string instrument) => _measured.Where(m => m.Instrument == instrument).ToList();

    /// <summary>Every tag value of every span, event and measurement, as text (to search for secrets and content).</summary>
    public string AllText() => string.Join("\n",
        Spans.SelectMany(a => a.TagObjects.Select(t => $"{t.Key}={t.Value}")
            .Concat([a.DisplayName, a.StatusDescription ?? string.Empty])
            .Concat(a.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}"))))
        .Concat(_measured.SelectMany(m => m.Tags.Select(t => $"{m.Instrument}:{t.Key}={t.Value}"))));

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    private bool Mine(Activity activity) =>
        activity.Source.Name == CallerSourceName || Equals(activity.GetTagItem("server.port"), _port);

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        if (Equals(copy.GetValueOrDefault("server.port"), _port))
        {
            _measured.Enqueue(new Measured(instrument.Name, instrument.Unit, value, copy, instrument.Meter, instrument));
        }
    }
}

/// <summary>The telemetry tests share process-wide listeners, so they run alone, after the parallel tests.</summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection
{
}
