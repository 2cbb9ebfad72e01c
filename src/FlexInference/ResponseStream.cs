using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FlexInference.Pipeline;
using FlexInference.Streaming;
using FlexInference.Routing;

namespace FlexInference;

/// <summary>A Responses stream: <see cref="ResponseStreamEvent"/>s until <c>response.completed</c> (or <c>response.incomplete</c>).</summary>
public sealed class ResponseStream : FlexInferenceStream<ResponseStreamEvent>
{
    private Response? _final;

    internal ResponseStream(StreamingResponse response)
        : base(response)
    {
    }

    /// <summary>The complete <see cref="Response"/> (the terminal event's snapshot: output items, tool calls, usage), reading the rest of the stream if needed.</summary>
    /// <exception cref="InvalidOperationException">The stream is being enumerated and has not ended yet.</exception>
    public Task<Response> GetFinalResponseAsync(CancellationToken cancellationToken = default) => FinishAsync(Final, async: true, cancellationToken).AsTask();

    /// <summary>The synchronous twin of <see cref="GetFinalResponseAsync"/>.</summary>
    public Response GetFinalResponse() => FinishAsync(Final, async: false, default).EnsureCompleted();

    private protected override ResponseStreamEvent ParseEvent(ReadOnlySpan<byte> data) =>
        JsonSerializer.Deserialize(data, FlexInferenceJsonContext.Default.ResponseStreamEvent) ?? throw new JsonException("A stream event is JSON null.");

    private protected override bool IsSkipped(ResponseStreamEvent item) => item.IsUnknown;

    private protected override string? TextDelta(ResponseStreamEvent item) => item.IsOutputTextDelta(out string? delta) ? delta : null;

    private protected override void Accumulate(ResponseStreamEvent item)
    {
        Response? snapshot = item.TryGetResponseCompletedEvent(out ResponseCompletedEvent? completed) ? completed.Response
            : item.TryGetResponseIncompleteEvent(out ResponseIncompleteEvent? incomplete) ? incomplete.Response
            : null;
        if (snapshot is not null)
        {
            _final = snapshot;
            UpdateRouting(snapshot.ServiceTier, snapshot.Usage?.Routing, snapshot.Usage?.Cost);
        }
    }

    private protected override ResultFacts Facts() => Resources.ResponsesResource.Facts(_final);

    private Response Final() => _final ?? throw new FlexInferenceInvalidResponseException(
        "FlexInference: the Responses stream ended without a response snapshot in its terminal event. Read the events instead.");
}
