namespace FlexInference.Benchmarks.Infrastructure;

/// <summary>
/// What a stream consumer keeps of the text deltas: their number, total length and an FNV-1a hash of the text, so the
/// checks prove every contender saw the same text in the same order, at a cost that is the same for all of them.
/// </summary>
public struct TextTally : IEquatable<TextTally>
{
    private const uint Offset = 2166136261;
    private const uint Prime = 16777619;
    private uint _hash;

    public int Deltas { get; private set; }

    public int Length { get; private set; }

    public readonly uint Hash => _hash == 0 ? Offset : _hash;

    public static TextTally Of(string text)
    {
        var tally = default(TextTally);
        tally.Add(text);
        return tally with { Deltas = 0 };
    }

    public void Add(string? delta)
    {
        if (string.IsNullOrEmpty(delta))
        {
            return;
        }

        uint hash = Hash;
        foreach (char c in delta)
        {
            hash = (hash ^ c) * Prime;
        }

        _hash = hash;
        Deltas++;
        Length += delta.Length;
    }

    public readonly bool Equals(TextTally other) => Deltas == other.Deltas && Length == other.Length && Hash == other.Hash;

    public override readonly bool Equals(object? obj) => obj is TextTally other && Equals(other);

    public override readonly int GetHashCode() => HashCode.Combine(Deltas, Length, Hash);

    public override readonly string ToString() => $"{Deltas} text deltas, {Length} chars, hash {Hash:x8}";

    public static bool operator ==(TextTally left, TextTally right) => left.Equals(right);

    public static bool operator !=(TextTally left, TextTally right) => !left.Equals(right);
}
