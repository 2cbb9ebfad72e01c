using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace FlexInference.Validation;

/// <summary>
/// The top-level facts of a request body that validation needs, read in one forward pass without building a DOM
/// (a 1 MB body with inline base64 costs one scan, not a parse tree).
/// </summary>
internal sealed class BodyScan
{
    public JsonValueKind? ModelKind { get; private set; }

    public string? Model { get; private set; }

    public JsonValueKind? StartWithinKind { get; private set; }

    public string? StartWithin { get; private set; }

    /// <summary>The JSON kind of each of the surface's required fields (in the descriptor's order), null when absent.</summary>
    public JsonValueKind?[] Required { get; private set; } = [];

    public bool HasServiceTier { get; private set; }

    public JsonValueKind? IncludeCost { get; private set; }

    public JsonValueKind? RetryKind { get; private set; }

    public string? RetryUnknownKey { get; private set; }

    public int? RetryCount { get; private set; }

    public string? RetryCountText { get; private set; }

    public JsonValueKind? RetryBackoffKind { get; private set; }

    public string? RetryBackoff { get; private set; }

    public JsonValueKind? RetryJitterKind { get; private set; }

    public JsonValueKind? ProviderKind { get; private set; }

    public List<string?> ProviderEntries { get; } = new();

    private IReadOnlyList<FlexInferenceRequiredField> _required = [];

    /// <exception cref="FlexInferenceValidationException">The body is not a JSON object.</exception>
    public static BodyScan Read(ReadOnlySpan<byte> body, IReadOnlyList<FlexInferenceRequiredField> required)
    {
        var scan = new BodyScan { _required = required, Required = required.Count == 0 ? [] : new JsonValueKind?[required.Count] };
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FlexInferenceValidationException(
                    "FlexInference: the request body must be a JSON object, but it is not: every endpoint takes one object. " +
                    "Send an object, for example {\"model\": \"gpt-5.5\", \"input\": \"Hi\", \"start_within\": \"default\"}.", "body", null);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                scan.Take(name, ref reader);
            }
        }
        catch (JsonException exception)
        {
            throw new FlexInferenceValidationException(
                $"FlexInference: the request body is not valid JSON ({exception.Message}). Build it with JsonNode/JsonObject or a typed request, " +
                "for example new JsonObject { [\"model\"] = \"gpt-5.5\", [\"input\"] = \"Hi\", [\"start_within\"] = \"default\" }.", "body", null);
        }

        return scan;
    }

    private void Take(string name, ref Utf8JsonReader reader)
    {
        JsonValueKind kind = JsonKinds.KindOf(reader.TokenType);
        for (int i = 0; i < _required.Count; i++)
        {
            if (_required[i].Name == name)
            {
                Required[i] = kind;
            }
        }

        switch (name)
        {
            case "model":
                ModelKind = kind;
                Model = kind == JsonValueKind.String ? reader.GetString() : null;
                break;
            case "start_within":
                StartWithinKind = kind;
                StartWithin = kind == JsonValueKind.String ? reader.GetString() : null;
                break;
            case "service_tier":
                HasServiceTier = true;
                break;
            case "include_cost":
                IncludeCost = kind;
                break;
            case "retry":
                RetryKind = kind;
                if (kind == JsonValueKind.Object)
                {
                    ReadRetry(ref reader);
                    return;
                }

                break;
            case "provider":
                ProviderKind = kind;
                if (kind == JsonValueKind.Array)
                {
                    ReadProvider(ref reader);
                    return;
                }

                break;
        }

        reader.Skip();
    }

    private void ReadRetry(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            reader.Read();
            JsonValueKind kind = JsonKinds.KindOf(reader.TokenType);
            switch (key)
            {
                case "count":
                    RetryCountText = kind == JsonValueKind.Number ? reader.GetDouble().ToString(CultureInfo.InvariantCulture) : JsonKinds.Describe(kind);
                    RetryCount = kind == JsonValueKind.Number && reader.TryGetInt32(out int count) ? count : null;
                    break;
                case "backoff":
                    RetryBackoffKind = kind;
                    RetryBackoff = kind == JsonValueKind.String ? reader.GetString() : null;
                    break;
                case "jitter":
                    RetryJitterKind = kind;
                    break;
                default:
                    RetryUnknownKey ??= key;
                    break;
            }

            reader.Skip();
        }
    }

    private void ReadProvider(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            ProviderEntries.Add(reader.TokenType == JsonTokenType.String ? reader.GetString() : null);
            reader.Skip();
        }
    }
}
