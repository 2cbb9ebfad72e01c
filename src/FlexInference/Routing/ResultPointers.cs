using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlexInference.Surfaces;

namespace FlexInference.Routing;

/// <summary>
/// Where a surface's answer keeps its route and telemetry facts (the descriptor's <c>result</c> shape), and the reader
/// of those facts from raw JSON. Reading never throws: a block this SDK cannot read leaves that fact out, and the
/// report falls back to the router's headers.
/// </summary>
internal sealed class ResultPointers
{
    private static readonly JsonPointer ModelPointer = new("/model");
    private static readonly JsonPointer IdPointer = new("/id");

    private readonly JsonPointer[] _serviceTier;
    private readonly JsonPointer _usage;
    private readonly JsonPointer[] _inputTokens;
    private readonly JsonPointer[] _outputTokens;

    public ResultPointers(FlexInferenceResultShape shape)
    {
        _serviceTier = JsonPointer.All(shape.ServiceTier);
        _usage = new JsonPointer(shape.Usage);
        _inputTokens = JsonPointer.All(shape.InputTokens);
        _outputTokens = JsonPointer.All(shape.OutputTokens);
    }

    /// <summary>The top-level properties these pointers start at: all a reader of raw bytes needs to keep.</summary>
    private static bool Reads(ReadOnlySpan<byte> propertyName) =>
        propertyName.SequenceEqual("service_tier"u8) || propertyName.SequenceEqual("usage"u8) || propertyName.SequenceEqual("model"u8) || propertyName.SequenceEqual("id"u8);

    /// <summary>The facts of a raw answer (or of the answer object a stream event wraps).</summary>
    public ResultFacts Read(JsonNode? root)
    {
        string? tier = null;
        foreach (JsonPointer pointer in _serviceTier)
        {
            if ((tier = pointer.String(root)) is not null)
            {
                break;
            }
        }

        (UsageRouting? routing, UsageCost? cost, JsonNode? usage) = Usage(root);
        return new ResultFacts(
            tier is null ? (ServiceTier?)null : new ServiceTier(tier), routing, cost, ModelPointer.String(root), IdPointer.String(root), Sum(usage), First(usage));
    }

    /// <summary>Only what telemetry reads (model, id, token counts): no tier and no typed routing or cost blocks.</summary>
    public ResultFacts ReadTelemetry(JsonNode? root)
    {
        JsonNode? usage = _usage.Resolve(root);
        return new ResultFacts(null, null, null, ModelPointer.String(root), IdPointer.String(root), Sum(usage), First(usage));
    }

    /// <summary>The facts of an answer read into a type the SDK cannot look into: the few top-level properties that matter, from the bytes.</summary>
    public ResultFacts Read(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            var kept = new JsonObject();
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool keep = !reader.HasValueSequence && !reader.ValueIsEscaped && Reads(reader.ValueSpan);
                    string? name = keep ? reader.GetString() : null;
                    reader.Read();
                    if (keep && !kept.ContainsKey(name!))
                    {
                        kept[name!] = JsonNode.Parse(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }

            return Read(kept);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return default; // the caller's own type read the body; facts it cannot give come from the headers
        }
    }

    /// <summary>The typed <c>routing</c> and <c>cost</c> blocks of the answer's <c>usage</c>.</summary>
    public (UsageRouting? Routing, UsageCost? Cost, JsonNode? Usage) Usage(JsonNode? root) => Blocks(_usage.Resolve(root));

    /// <summary>The typed <c>routing</c> and <c>cost</c> blocks of a raw <c>usage</c> object.</summary>
    public static (UsageRouting? Routing, UsageCost? Cost, JsonNode? Usage) Blocks(JsonNode? usage)
    {
        if (usage is not JsonObject)
        {
            return (null, null, null);
        }

        return (Typed(usage, "routing", FlexInferenceJsonContext.Default.UsageRouting), Typed(usage, "cost", FlexInferenceJsonContext.Default.UsageCost), usage);
    }

    private static T? Typed<T>(JsonNode usage, string name, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            JsonNode? block = ((JsonObject)usage).TryGetPropertyValue(name, out JsonNode? value) ? value : null;
            if (block is not JsonObject || (name == "cost" && block["total_micro_usd"] is null))
            {
                return null;
            }

            return block.Deserialize(type);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private long? Sum(JsonNode? usage)
    {
        if (_inputTokens.Length == 0 || _inputTokens[0].Long(usage) is not { } total)
        {
            return null;
        }

        for (int i = 1; i < _inputTokens.Length; i++)
        {
            total += _inputTokens[i].Long(usage) ?? 0;
        }

        return total;
    }

    private long? First(JsonNode? usage)
    {
        foreach (JsonPointer pointer in _outputTokens)
        {
            if (pointer.Long(usage) is { } value)
            {
                return value;
            }
        }

        return null;
    }
}
