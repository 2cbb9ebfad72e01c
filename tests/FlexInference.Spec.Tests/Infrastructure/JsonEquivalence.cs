using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FlexInference.Spec.Tests.Infrastructure;

/// <summary>
/// Semantic JSON comparison for the differential tests: object key order is ignored, an explicit null equals an
/// absent property (NSwag writes every unset property as null, ours omits it), strings compare by their decoded value
/// (escaping is a writer's choice), and numbers compare by exact decimal value of any size (1.0 == 1 == 1e0, -0 == 0;
/// 1e-300 != 0). Every difference is listed, not only the first.
/// </summary>
internal static class JsonEquivalence
{
    public static List<string> Differences(JsonElement expected, JsonElement actual)
    {
        var differences = new List<string>();
        Compare(expected, actual, "$", differences);
        return differences;
    }

    /// <summary>The number of scalar values (strings, numbers, booleans) in a document outside the given subtrees.</summary>
    public static int CountLeaves(JsonElement element, string path, IReadOnlyCollection<string> excluded)
    {
        if (excluded.Any(root => ModelWalker.IsWithin(path, root)))
        {
            return 0;
        }

        return element.ValueKind switch
        {
            JsonValueKind.Object => element.EnumerateObject().Sum(p => CountLeaves(p.Value, path + "." + p.Name, excluded)),
            JsonValueKind.Array => element.EnumerateArray().Select((item, i) => CountLeaves(item, $"{path}[{i}]", excluded)).Sum(),
            JsonValueKind.Null => 0,
            _ => 1,
        };
    }

    private static void Compare(JsonElement expected, JsonElement actual, string path, List<string> differences)
    {
        bool expectedNull = expected.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;
        bool actualNull = actual.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;
        if (expectedNull || actualNull)
        {
            if (expectedNull != actualNull)
            {
                differences.Add($"{path}: {Show(expected)} vs {Show(actual)}");
            }

            return;
        }

        if (expected.ValueKind != actual.ValueKind && !(IsBoolean(expected) && IsBoolean(actual)))
        {
            differences.Add($"{path}: {Show(expected)} vs {Show(actual)}");
            return;
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var names = expected.EnumerateObject().Select(p => p.Name)
                    .Union(actual.EnumerateObject().Select(p => p.Name), StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal);
                foreach (string name in names)
                {
                    Compare(Property(expected, name), Property(actual, name), path + "." + name, differences);
                }

                break;
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                {
                    differences.Add($"{path}: {expected.GetArrayLength()} items vs {actual.GetArrayLength()} items");
                    break;
                }

                for (int i = 0; i < expected.GetArrayLength(); i++)
                {
                    Compare(expected[i], actual[i], $"{path}[{i}]", differences);
                }

                break;
            case JsonValueKind.Number:
                if (CanonicalNumber(expected.GetRawText()) != CanonicalNumber(actual.GetRawText()))
                {
                    differences.Add($"{path}: {expected.GetRawText()} vs {actual.GetRawText()}");
                }

                break;
            case JsonValueKind.String:
                if (!string.Equals(expected.GetString(), actual.GetString(), StringComparison.Ordinal))
                {
                    differences.Add($"{path}: {Show(expected)} vs {Show(actual)}");
                }

                break;
            case JsonValueKind.True or JsonValueKind.False:
                if (expected.ValueKind != actual.ValueKind)
                {
                    differences.Add($"{path}: {Show(expected)} vs {Show(actual)}");
                }

                break;
        }
    }

    /// <summary>
    /// An exact, size-independent canonical form of a JSON number: sign, significant digits without leading or
    /// trailing zeros, and the power of ten of the last digit (zero of either sign is "0").
    /// </summary>
    public static string CanonicalNumber(string raw)
    {
        bool negative = raw.StartsWith('-');
        string body = negative ? raw[1..] : raw;
        int exponentAt = body.IndexOfAny(['e', 'E']);
        long exponent = exponentAt < 0 ? 0 : long.Parse(body[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string mantissa = exponentAt < 0 ? body : body[..exponentAt];
        int dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = new StringBuilder(dot < 0 ? mantissa : mantissa.Remove(dot, 1));
        if (dot >= 0)
        {
            exponent -= mantissa.Length - dot - 1;
        }

        string trimmed = digits.ToString().TrimStart('0');
        if (trimmed.Length == 0)
        {
            return "0";
        }

        int trailing = trimmed.Length - trimmed.TrimEnd('0').Length;
        exponent += trailing;
        return (negative ? "-" : string.Empty) + trimmed[..^trailing] + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    private static bool IsBoolean(JsonElement element) => element.ValueKind is JsonValueKind.True or JsonValueKind.False;

    private static JsonElement Property(JsonElement element, string name) => element.TryGetProperty(name, out JsonElement value) ? value : default;

    private static string Show(JsonElement element) => element.ValueKind == JsonValueKind.Undefined ? "(absent)" : Truncate(element.GetRawText());

    private static string Truncate(string text) => text.Length <= 120 ? text : text[..117] + "...";
}
