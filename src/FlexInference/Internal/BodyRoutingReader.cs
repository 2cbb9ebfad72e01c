using System;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlexInference.Internal;

/// <summary>Reads the route facts of any of the four response formats from its raw bytes (top level only, then <c>usage</c>).</summary>
internal static class BodyRoutingReader
{
    public static BodyRouting Read(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        string? tier = null;
        JsonNode? usage = null;
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isTier = reader.ValueTextEquals("service_tier"u8);
                bool isUsage = !isTier && reader.ValueTextEquals("usage"u8);
                reader.Read();
                if (isTier && reader.TokenType == JsonTokenType.String)
                {
                    tier = reader.GetString();
                }
                else if (isUsage && reader.TokenType == JsonTokenType.StartObject)
                {
                    usage = JsonNode.Parse(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        // Anthropic reports the tier in usage.service_tier too; the top level wins, as for the SDK's own types.
        tier ??= RawJson.Text(usage?["service_tier"]);
        UsageRouting? routing = null;
        UsageCost? cost = null;
        try
        {
            (routing, cost) = RawJson.RoutingAndCost(usage);
        }
        catch (JsonException)
        {
            // The caller's newer types read the body; a routing block this SDK cannot read must not fail the call.
            // The report then falls back to the router's headers.
        }

        return new BodyRouting(tier is null ? (ServiceTier?)null : new ServiceTier(tier), routing, cost);
    }
}
