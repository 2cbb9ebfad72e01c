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
        foreach (StepBuilder step in _steps.Values)
        {
            steps.Add(step.Build());
        }

        return new InteractionObject
        {
            Id = _snapshot?.Id ?? string.Empty,
            Status = _snapshot?.Status,
            Model = _snapshot?.Model,
            Usage = _snapshot?.Usage,
            ServiceTier = Routing.ServiceTier,
            Steps = steps,
        };
    }

    /// <summary>One step's start and deltas, folded.</summary>
    private sealed class StepBuilder
    {
        private readonly StringBuilder _text = new();
        private readonly StringBuilder _arguments = new();
        private InteractionStreamStep? _step;

        public void Start(InteractionStreamStep? step) => _step = step;

        public void Add(InteractionStreamDelta delta)
        {
            _text.Append(delta.Text);
            _arguments.Append(delta.Arguments);
        }

        public InteractionResponseStep Build()
        {
            if (_step?.Type == InteractionStepType.FunctionCall)
            {
                return new InteractionFunctionCallResponseStep { Id = _step.Id, Name = _step.Name, Arguments = ParseArguments(_arguments.ToString()) };
            }

            if (_step?.Type == InteractionStepType.GoogleSearchCall)
            {
                return new InteractionGoogleSearchCallStep { Id = _step.Id };
            }

            return new InteractionModelOutputResponseStep { Content = [new InteractionResponseTextContent { Text = _text.ToString() }] };
        }

        private static JsonElement? ParseArguments(string json)
        {
            if (json.Length == 0)
            {
                return null;
            }

            try
            {
                using JsonDocument document = JsonDocument.Parse(json);
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                // Not JSON (a truncated call, say): keep the text itself, as a JSON string.
                var buffer = new System.Buffers.ArrayBufferWriter<byte>();
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStringValue(json);
                }

                using JsonDocument text = JsonDocument.Parse(buffer.WrittenMemory);
                return text.RootElement.Clone();
            }
        }
    }
}
