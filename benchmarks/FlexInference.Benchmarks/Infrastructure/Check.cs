using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlexInference.Benchmarks.Infrastructure;

/// <summary>
/// The correctness gates every [GlobalSetup] runs before a single measurement: each contender must produce the same
/// result from the same input, or the run stops, so no benchmark measures an SDK doing less work than the others.
/// </summary>
internal static class Check
{
    /// <summary>Throws unless every contender reported the same value.</summary>
    public static void Same<T>(string what, params (string Contender, T Value)[] results)
    {
        (string first, T expected) = results[0];
        foreach ((string contender, T value) in results.Skip(1))
        {
            if (!EqualityComparer<T>.Default.Equals(expected, value))
            {
                throw new InvalidOperationException(
                    $"Benchmark check failed for {what}: {contender} produced\n  {value}\nbut {first} produced\n  {expected}");
            }
        }

        Console.WriteLine($"// check ok: {what}: {results.Length} contenders agree ({Short(expected?.ToString())})");
    }

    public static void True(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Benchmark check failed: " + message);
        }
    }

    private static string Short(string? text) => text is null ? "null" : text.Length <= 100 ? text : text.Substring(0, 100) + "...";

    /// <summary>
    /// A request body reduced to what the server acts on: properties sorted, nulls dropped, router-only and streaming
    /// switches removed (<c>start_within</c> is sent only by the contenders that talk to the router), text content
    /// given as a one-part array written as the plain string it means.
    /// </summary>
    public static string CanonicalRequest(ReadOnlySpan<byte> body)
    {
        JsonNode node = JsonNode.Parse(body) ?? throw new InvalidOperationException("A request body is JSON null.");
        if (node is JsonObject root)
        {
            root.Remove("start_within");
            root.Remove("stream");
            root.Remove("stream_options");
        }

        var text = new StringBuilder();
        Write(Normalize(node), text);
        return text.ToString();
    }

    private static JsonNode? Normalize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
            {
                var sorted = new JsonObject();
                foreach (KeyValuePair<string, JsonNode?> pair in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (pair.Value is null)
                    {
                        continue;
                    }

                    JsonNode? value = Normalize(pair.Value);
                    if (pair.Key == "content" && value is JsonArray { Count: 1 } parts && parts[0] is JsonObject part && (string?)part["type"] == "text" && part.Count == 2)
                    {
                        value = JsonValue.Create((string?)part["text"]);
                    }

                    sorted[pair.Key] = value;
                }

                return sorted;
            }

            case JsonArray array:
                return new JsonArray(array.Select(item => Normalize(item)).ToArray());
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                return JsonValue.Create(Math.Round(value.GetValue<double>(), 6));
            default:
                return node?.DeepClone();
        }
    }

    private static void Write(JsonNode? node, StringBuilder text) => text.Append(node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "null");
}
