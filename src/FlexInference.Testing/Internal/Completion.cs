using System;
using System.Collections.Generic;
using System.Linq;

namespace FlexInference.Testing;

/// <summary>
/// The simulated answer to one request: deterministic text, its stream chunks, token counts and cost.
/// A token is a whitespace-separated word, so tests can predict every count.
/// </summary>
internal sealed record Completion
{
    public required string Text { get; init; }

    /// <summary>The text split into stream deltas, one word (with its trailing space) each; they concatenate to <see cref="Text"/>.</summary>
    public required IReadOnlyList<string> Chunks { get; init; }

    public required long InputTokens { get; init; }

    public long OutputTokens => Chunks.Count;

    /// <summary>Whether the output-token cap cut the answer short.</summary>
    public bool Truncated { get; init; }

    /// <summary>The cost in micro-USD, or null for an unpriced serve.</summary>
    public long? CostMicroUsd { get; init; }

    public static Completion Create(GenerationRequest request, RoutingDecision routing, FlexInferenceTestServerOptions options)
    {
        string lastUser = PromptText.LastUserText(request.Surface, request.Body);
        string text = options.ReplyFactory?.Invoke(request.Model, lastUser)
            ?? (lastUser.Length == 0 ? "This is a simulated answer." : "This is a simulated answer. You said: " + lastUser);

        List<string> chunks = Split(text);
        bool truncated = request.MaxOutputTokens is { } cap && chunks.Count > cap;
        if (truncated)
        {
            chunks = chunks.Take((int)Math.Min(int.MaxValue, request.MaxOutputTokens!.Value)).ToList();
            text = string.Concat(chunks);
        }

        long inputTokens = Math.Max(1, CountWords(PromptText.AllText(request.Body)));
        return new Completion
        {
            Text = text,
            Chunks = chunks,
            InputTokens = inputTokens,
            Truncated = truncated,
            CostMicroUsd = options.Prices.CostMicroUsd(request.Model, routing.Tier, inputTokens, chunks.Count),
        };
    }

    public static long CountWords(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).LongLength;

    // Each chunk is a word plus the whitespace after it, so the chunks rebuild the text exactly.
    private static List<string> Split(string text)
    {
        var chunks = new List<string>();
        int start = 0;
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i > start)
            {
                chunks.Add(text[start..i]);
                start = i;
            }
        }

        return chunks;
    }
}
