namespace FlexInference.Generator.Common;

/// <summary>A small FNV-style hash combiner: netstandard2.0 has no <c>System.HashCode</c>.</summary>
internal static class HashCombiner
{
    public static int Combine(int seed, int value) => unchecked((seed * -1521134295) + value);
}
