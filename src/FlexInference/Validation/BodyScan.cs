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

    /// <summary>The entries of <c>provider</c> (null for one that is not a string); made only when a body has the field.</summary>
    public List<string?> ProviderEntries => _providerEntries ??= new();

    private IReadOnlyList<FlexInferenceRequiredField> _required = [];
    private List<string?>? _providerEntries;

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
                // Names are compared in place, never allocated: most of a body's properties are not validation's business.
                Field field = FieldOf(ref reader);
                int requiredIndex = scan.RequiredIndex(ref reader);
                reader.Read();
                scan.Take(field, requiredIndex, ref reader);
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

    private enum Field
    {
        Other,
        Model,
        StartWithin,
        ServiceTier,
        IncludeCost,
        Retry,
        Provider,
    }

    private static Field FieldOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("model"u8) ? Field.Model
        : reader.ValueTextEquals("start_within"u8) ? Field.StartWithin
        : reader.ValueTextEquals("service_tier"u8) ? Field.ServiceTier
        : reader.ValueTextEquals("include_cost"u8) ? Field.IncludeCost
        : reader.ValueTextEquals("retry"u8) ? Field.Retry
        : reader.ValueTextEquals("provider"u8) ? Field.Provider
        : Field.Other;

    private int RequiredIndex(ref Utf8JsonReader reader)
    {
        for (int i = 0; i < _required.Count; i++)
        {
            if (reader.ValueTextEquals(_required[i].Name))
            {
                return i;
            }
        }

        return -1;
    }

    private void Take(Field field, int required, ref Utf8JsonReader reader)
    {
        JsonValueKind kind = JsonKinds.KindOf(reader.TokenType);
        if (required >= 0)
        {
            Required[required] = kind;
        }

        switch (field)
        {
            case Field.Model:
                ModelKind = kind;
                Model = kind == JsonValueKind.String ? reader.GetString() : null;
                break;
            case Field.StartWithin:
                StartWithinKind = kind;
                StartWithin = kind == JsonValueKind.String ? reader.GetString() : null;
                break;
            case Field.ServiceTier:
                HasServiceTier = true;
                break;
            case Field.IncludeCost:
                IncludeCost = kind;
                break;
            case Field.Retry:
                RetryKind = kind;
                if (kind == JsonValueKind.Object)
                {
                    ReadRetry(ref reader);
                    return;
                }

                break;
            case Field.Provider:
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
