using System;

namespace FlexInference.Testing;

/// <summary>
/// The standard-tier list price of a model, in US dollars per one million tokens (the unit providers publish).
/// </summary>
/// <remarks>
/// Dollars per million tokens are micro-dollars per token, so a serve costs
/// <c>input_tokens × InputUsdPerMillionTokens + output_tokens × OutputUsdPerMillionTokens</c> micro-USD at the
/// standard tier, times <see cref="PriceTable.FlexMultiplier"/> when flex served.
/// </remarks>
public sealed record ModelPrice
{
    /// <summary>Creates a price.</summary>
    /// <param name="inputUsdPerMillionTokens">Dollars per one million input tokens, for example <c>1.25m</c>.</param>
    /// <param name="outputUsdPerMillionTokens">Dollars per one million output tokens, for example <c>10m</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A price is negative.</exception>
    public ModelPrice(decimal inputUsdPerMillionTokens, decimal outputUsdPerMillionTokens)
    {
        if (inputUsdPerMillionTokens < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inputUsdPerMillionTokens), inputUsdPerMillionTokens, "A price cannot be negative; use 0 for a free model.");
        }

        if (outputUsdPerMillionTokens < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(outputUsdPerMillionTokens), outputUsdPerMillionTokens, "A price cannot be negative; use 0 for a free model.");
        }

        InputUsdPerMillionTokens = inputUsdPerMillionTokens;
        OutputUsdPerMillionTokens = outputUsdPerMillionTokens;
    }

    /// <summary>Dollars per one million input tokens at the standard tier.</summary>
    public decimal InputUsdPerMillionTokens { get; }

    /// <summary>Dollars per one million output tokens at the standard tier.</summary>
    public decimal OutputUsdPerMillionTokens { get; }
}
