using System.Globalization;
using System.Text.Json;

namespace FlexInference.Generated.Tests.Infrastructure;

/// <summary>JSON comparisons for round-trip tests.</summary>
internal static class JsonAssert
{
    /// <summary>
    /// Asserts two documents carry the same data: key order ignored, numbers compared by value (1.0 == 1), strings by
    /// their decoded value, and an explicit null equal to an absent property (null optional fields are omitted).
    /// </summary>
    public static void Equivalent(JsonElement expected, JsonElement actual, string path = "$")
    {
        if (expected.ValueKind == JsonValueKind.Null && actual.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return;
        }

        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: expected {expected.ValueKind} but found {actual.ValueKind}.");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var names = expected.EnumerateObject().Select(p => p.Name).Union(actual.EnumerateObject().Select(p => p.Name));
                foreach (string name in names)
                {
                    Equivalent(Property(expected, name), Property(actual, name), path + "." + name);
                }

                break;
            case JsonValueKind.Array:
                Assert.True(expected.GetArrayLength() == actual.GetArrayLength(), $"{path}: array lengths differ.");
                for (int i = 0; i < expected.GetArrayLength(); i++)
                {
                    Equivalent(expected[i], actual[i], $"{path}[{i}]");
                }

                break;
            case JsonValueKind.Number:
                Assert.True(SameNumber(expected.GetRawText(), actual.GetRawText()), $"{path}: {expected.GetRawText()} != {actual.GetRawText()}.");
                break;
            case JsonValueKind.String:
                Assert.True(expected.GetString() == actual.GetString(), $"{path}: \"{expected.GetString()}\" != \"{actual.GetString()}\".");
                break;
        }
    }

    // Same spelling, or the same value as a decimal (1.0 == 1), or as a double when too large for a decimal.
    private static bool SameNumber(string expected, string actual) =>
        expected == actual
        || (decimal.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal left)
            && decimal.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal right) ? left == right
            : double.Parse(expected, CultureInfo.InvariantCulture) == double.Parse(actual, CultureInfo.InvariantCulture));

    /// <summary>The raw text at a simple path such as <c>$.output[2].content[0].logprobs</c>.</summary>
    public static string RawAt(JsonElement root, string path)
    {
        JsonElement current = root;
        foreach (string segment in Segments(path))
        {
            current = segment.StartsWith('[') ? current[int.Parse(segment[1..^1], CultureInfo.InvariantCulture)] : current.GetProperty(segment);
        }

        return current.GetRawText();
    }

    private static IEnumerable<string> Segments(string path)
    {
        int i = 1; // skip '$'
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                int end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                yield return path[(i + 1)..end];
                i = end;
            }
            else
            {
                int end = path.IndexOf(']', i);
                yield return path[i..(end + 1)];
                i = end + 1;
            }
        }
    }

    private static JsonElement Property(JsonElement element, string name) => element.TryGetProperty(name, out JsonElement value) ? value : default;
}
