using System.Text.Json.Nodes;
using FlexInference.Routing;

namespace FlexInference.Streaming;

/// <summary>
/// What the raw events of a stream say, in the surface's vocabulary: text deltas, and the facts (model, id, tokens, and
/// the usage frame's route) the stream learns as it goes. Shared by the raw-JSON stream and the stream of a caller's type.
/// </summary>
internal sealed class RawEventFacts
{
    private readonly StreamVocabulary _vocabulary;
    private readonly ResultPointers _result;

    public RawEventFacts(StreamingResponse response)
    {
        _vocabulary = response.Vocabulary;
        _result = response.Surface.Result!;
    }

    /// <summary>The facts merged so far.</summary>
    public ResultFacts Current { get; private set; }

    public string? TextDelta(JsonObject item) => _vocabulary.TextDelta(item);

    /// <summary>Takes one event in; returns its route facts when it is the usage frame.</summary>
    /// <param name="item">The event.</param>
    /// <param name="observed">Whether telemetry listens (model, id and tokens are kept only then).</param>
    public ResultFacts? Add(JsonObject item, bool observed)
    {
        ResultFacts facts = _vocabulary.Facts(item, _result, telemetry: observed);
        if (observed)
        {
            Current = Current.Merge(facts);
        }

        return facts.Routing is not null || facts.Cost is not null || facts.ServiceTier is not null ? facts : null;
    }
}
