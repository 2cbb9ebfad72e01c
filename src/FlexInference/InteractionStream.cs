using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FlexInference.Pipeline;
using FlexInference.Streaming;
using FlexInference.Routing;

namespace FlexInference;

/// <summary>An Interactions stream: <see cref="InteractionStreamEvent"/>s (by <c>event_type</c>) until <c>interaction.completed</c>.</summary>
public sealed class InteractionStream : FlexInferenceStream<InteractionStreamEvent>
{
    private readonly SortedDictionary<int, StepBuilder> _steps = new();
    private readonly Dictionary<string, string> _incomplete = new(StringComparer.Ordinal);
    private InteractionStreamSnapshot? _snapshot;

    internal InteractionStream(StreamingResponse response)
        : base(response)
    {
    }

    /// <summary>
    /// The events folded into one <see cref="InteractionObject"/>: the completed snapshot (id, status, usage) with the
    /// steps rebuilt from <c>step.*</c> events (text joined, function-call arguments parsed).
    /// </summary>
    /// <exception cref="InvalidOperationException">The stream is being enumerated and has not ended yet.</exception>
    public Task<InteractionObject> GetFinalInteractionAsync(CancellationToken cancellationToken = default) => FinishAsync(Build, async: true, cancellationToken).AsTask();

    /// <summary>The synchronous twin of <see cref="GetFinalInteractionAsync"/>.</summary>
    public InteractionObject GetFinalInteraction() => FinishAsync(Build, async: false, default).EnsureCompleted();

    /// <summary>
    /// After <see cref="GetFinalInteractionAsync"/>: the raw text of function-call arguments the stream cut off before
    /// they were complete JSON, by step id (or step index when the step has no id). The step's
    /// <c>Arguments</c> then holds only their complete part, open objects and arrays closed (null when none was).
    /// </summary>
    public IReadOnlyDictionary<string, string> IncompleteArguments => _incomplete;

    private protected override InteractionStreamEvent ParseEvent(ReadOnlySpan<byte> data) =>
        JsonSerializer.Deserialize(data, FlexInferenceJsonContext.Default.InteractionStreamEvent) ?? throw new JsonException("A stream event is JSON null.");

    private protected override bool IsSkipped(InteractionStreamEvent item) => item.IsUnknown;

    private protected override string? TextDelta(InteractionStreamEvent item) => item.IsTextDelta(out string? delta) ? delta : null;

    private protected override void Accumulate(InteractionStreamEvent item)
    {
        if (item.TryGetInteractionCreatedEvent(out InteractionCreatedEvent? created))
        {
            _snapshot = created.Interaction ?? _snapshot;
        }
        else if (item.TryGetInteractionCompletedEvent(out InteractionCompletedEvent? completed))
        {
            _snapshot = completed.Interaction ?? _snapshot;
            UpdateRouting(null, _snapshot?.Usage?.Routing, _snapshot?.Usage?.Cost);
        }
        else if (item.TryGetInteractionStepStartEvent(out InteractionStepStartEvent? start))
        {
            Step(start.Index).Start(start.Step);
        }
        else if (item.TryGetInteractionStepDeltaEvent(out InteractionStepDeltaEvent? delta) && delta.Delta is { } content)
        {
            Step(delta.Index).Add(content);
        }
    }

    private StepBuilder Step(int? index)
    {
        int key = index ?? 0;
        if (!_steps.TryGetValue(key, out StepBuilder? step))
        {
            _steps[key] = step = new StepBuilder();
        }

        return step;
    }

    private protected override ResultFacts Facts() =>
        new(null, null, null, _snapshot?.Model, _snapshot?.Id, _snapshot?.Usage?.TotalInputTokens, _snapshot?.Usage?.TotalOutputTokens);

    private InteractionObject Build()
    {
        var steps = new List<InteractionResponseStep>();
        foreach (KeyValuePair<int, StepBuilder> pair in _steps)
        {
            steps.Add(pair.Value.Build());
            if (pair.Value.IncompleteArguments is { } raw)
            {
                _incomplete[pair.Value.Id ?? pair.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)] = raw;
            }
        }

        InteractionObject folded = _snapshot is null ? new InteractionObject { Id = string.Empty } : FromSnapshot(_snapshot);
        return folded with
        {
            ServiceTier = folded.ServiceTier ?? Routing.ServiceTier,
            Steps = steps.Count == 0 && folded.Steps is not null ? folded.Steps : steps,
        };
    }

    /// <summary>
    /// The snapshot read again as an <see cref="InteractionObject"/>: every field it carried (known or not, explicit
    /// nulls included) comes along, and nothing it did not carry (no <c>"object"</c>) is added.
    /// </summary>
    private static InteractionObject FromSnapshot(InteractionStreamSnapshot snapshot)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(snapshot, FlexInferenceJsonContext.Default.InteractionStreamSnapshot);
        return JsonSerializer.Deserialize(json, FlexInferenceJsonContext.Default.InteractionObject)!;
    }

    /// <summary>One step's start and deltas, folded.</summary>
    private sealed class StepBuilder
    {
        private readonly StringBuilder _text = new();
        private readonly StringBuilder _arguments = new();
        private InteractionStreamStep? _step;

        public string? Id => _step?.Id;

        public string? IncompleteArguments { get; private set; }

        public void Start(InteractionStreamStep? step)
        {
            _step = step;

            // A model_output step may start with content already in it: that text comes before the deltas.
            foreach (InteractionResponseTextContent content in step?.Content ?? [])
            {
                _text.Append(content.Text);
            }
        }

        public void Add(InteractionStreamDelta delta)
        {
            _text.Append(delta.Text);
            _arguments.Append(delta.Arguments);
        }

        public InteractionResponseStep Build()
        {
            if (_step?.Type == InteractionStepType.FunctionCall)
            {
                return new InteractionFunctionCallResponseStep { Id = _step.Id, Name = _step.Name, Arguments = Arguments() };
            }

            if (_step?.Type == InteractionStepType.GoogleSearchCall)
            {
                return new InteractionGoogleSearchCallStep { Id = _step.Id };
            }

            return new InteractionModelOutputResponseStep { Content = [new InteractionResponseTextContent { Text = _text.ToString() }] };
        }

        private JsonElement? Arguments()
        {
            if (_arguments.Length == 0)
            {
                return _step?.Arguments;
            }

            // A call cut off mid-arguments keeps its complete part (open objects closed), as the provider SDKs do.
            string raw = _arguments.ToString();
            if (PartialJson.TryParse(raw, out JsonElement value))
            {
                return value;
            }

            IncompleteArguments = raw;
            return value.ValueKind == JsonValueKind.Undefined ? null : value;
        }
    }
}
