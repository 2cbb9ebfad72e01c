using System;
using System.Collections.Generic;

namespace FlexInference.Testing;

/// <summary>
/// The simulated list prices the server uses to fill <c>usage.cost</c> and <c>x-flexinference-cost</c>.
/// </summary>
/// <remarks>
/// A key is a model id (<c>gpt-5.5</c>) or a prefix of one (<c>gpt-5</c>, <c>gemini-</c>): an exact id wins, otherwise
/// the longest matching prefix. A model with no price is an unpriced serve: no <c>usage.cost</c> and no cost header,
/// as the router does. The default prices are round placeholders, not real provider prices.
/// </remarks>
public sealed class PriceTable
{
    private readonly Dictionary<string, ModelPrice> _prices = new(StringComparer.Ordinal);

    /// <summary>The price factor when flex served. Default 0.5 (flex is half the standard price).</summary>
    public decimal FlexMultiplier { get; set; } = 0.5m;

    /// <summary>The price factor when the priority tier served. Default 2.</summary>
    public decimal PriorityMultiplier { get; set; } = 2m;

    /// <summary>The keys (model ids and prefixes) that have a price.</summary>
    public IReadOnlyCollection<string> Keys => _prices.Keys;

    /// <summary>
    /// A table with placeholder prices for every default model family: <c>gpt-</c> and <c>o</c> $1.25 / $10,
    /// <c>gemini-</c> $0.30 / $2.50, <c>claude-</c> $3 / $15 (input / output, per one million tokens).
    /// </summary>
    public static PriceTable CreateDefault() =>
        new PriceTable()
            .Set("gpt-", new ModelPrice(1.25m, 10m))
            .Set("o", new ModelPrice(1.25m, 10m))
            .Set("gemini-", new ModelPrice(0.30m, 2.50m))
            .Set("claude-", new ModelPrice(3m, 15m));

    /// <summary>Sets the price of a model id or prefix, replacing any earlier one.</summary>
    /// <param name="modelOrPrefix">A model id such as <c>gpt-5.5</c>, or a prefix such as <c>gemini-</c>.</param>
    /// <param name="price">The standard-tier price.</param>
    /// <returns>This table, for chaining.</returns>
    public PriceTable Set(string modelOrPrefix, ModelPrice price)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelOrPrefix);
        ArgumentNullException.ThrowIfNull(price);
        _prices[modelOrPrefix] = price;
        return this;
    }

    /// <summary>Removes the price of a model id or prefix.</summary>
    /// <returns>Whether a price was removed.</returns>
    public bool Remove(string modelOrPrefix) => _prices.Remove(modelOrPrefix);

    /// <summary>Removes every price, so every serve is unpriced.</summary>
    public void Clear() => _prices.Clear();

    /// <summary>Finds the price of <paramref name="model"/>: its exact id, else the longest prefix.</summary>
    public bool TryGetPrice(string model, out ModelPrice? price)
    {
        ArgumentNullException.ThrowIfNull(model);
        price = ModelKeyMatcher.Find(_prices, model);
        return price is not null;
    }

    /// <summary>
    /// The cost the server reports, in integer micro-USD, for a serve of <paramref name="model"/> at
    /// <paramref name="servedTier"/>; null when the model is unpriced.
    /// </summary>
    /// <param name="model">The model id.</param>
    /// <param name="servedTier">The tier that served, as in <c>usage.routing.tier</c>: <c>flex</c> and <c>priority</c> use their multipliers, any other tier the standard price.</param>
    /// <param name="inputTokens">Input tokens.</param>
    /// <param name="outputTokens">Output tokens.</param>
    /// <returns>The cost rounded half away from zero, or null for an unpriced model.</returns>
    public long? CostMicroUsd(string model, string servedTier, long inputTokens, long outputTokens)
    {
        if (!TryGetPrice(model, out ModelPrice? price) || price is null)
        {
            return null;
        }

        decimal multiplier = servedTier switch
        {
            "flex" => FlexMultiplier,
            "priority" => PriorityMultiplier,
            _ => 1m,
        };
        decimal standard = (inputTokens * price.InputUsdPerMillionTokens) + (outputTokens * price.OutputUsdPerMillionTokens);
        return (long)decimal.Round(standard * multiplier, 0, MidpointRounding.AwayFromZero);
    }

    /// <summary>A copy, so a running server is not affected by later edits to the options.</summary>
    internal PriceTable Clone()
    {
        var copy = new PriceTable { FlexMultiplier = FlexMultiplier, PriorityMultiplier = PriorityMultiplier };
        foreach (KeyValuePair<string, ModelPrice> entry in _prices)
        {
            copy._prices[entry.Key] = entry.Value;
        }

        return copy;
    }
}
