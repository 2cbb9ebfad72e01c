using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace FlexInference;

/// <summary>A consistent-per-line copy of a <see cref="FlexInferenceUsageLedger"/>'s totals, taken by <see cref="FlexInferenceUsageLedger.Snapshot"/>.</summary>
public sealed record FlexInferenceUsageSnapshot
{
    /// <summary>One entry per model and served tier, ordered by model, then tier (ordinal).</summary>
    public required IReadOnlyList<FlexInferenceUsageEntry> Entries { get; init; }

    /// <summary>The sum of <see cref="Entries"/> (model and tier <c>*</c>).</summary>
    public required FlexInferenceUsageEntry Total { get; init; }

    /// <summary>The share of answers the flex tier served, from 0 to 1 (0 when there were none).</summary>
    public double FlexShare => Total.Requests == 0 ? 0 : (double)Total.FlexWins / Total.Requests;

    /// <summary>A table of the entries and the total, invariant culture, one line each.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(Line("model", "tier", "requests", "in tokens", "out tokens", "cost (USD)", "fallbacks", "flex wins"));
        foreach (FlexInferenceUsageEntry entry in Entries)
        {
            text.AppendLine(Line(entry));
        }

        text.Append(Line(Total));
        return text.ToString();
    }

    private static string Line(FlexInferenceUsageEntry entry) => Line(
        entry.Model, entry.ServedTier, Number(entry.Requests), Number(entry.InputTokens), Number(entry.OutputTokens),
        entry.CostUsd.ToString("0.000000", CultureInfo.InvariantCulture), Number(entry.ClientFallbacks), Number(entry.FlexWins));

    private static string Line(string model, string tier, string requests, string input, string output, string cost, string fallbacks, string flex) =>
        string.Create(CultureInfo.InvariantCulture, $"{model,-16} {tier,-9} {requests,9} {input,10} {output,10} {cost,12} {fallbacks,9} {flex,9}");

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
