using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace FlexInference.Testing;

/// <summary>The read endpoints: <c>GET /v1/models</c>, <c>GET /v1/models/{model}</c> and <c>GET /v1/limits</c> (§3.5).</summary>
internal sealed class CatalogHandler
{
    // The catalogue sync time: the same for every entry, as on the router.
    private const long CatalogCreated = 1_767_225_600; // 2026-01-01T00:00:00Z

    private readonly FlexInferenceTestServerOptions _options;

    public CatalogHandler(FlexInferenceTestServerOptions options) => _options = options;

    public Task ListModelsAsync(HttpContext context, CancellationToken cancellationToken) =>
        ResponseWriter.WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(_options.Models.Select(model => (JsonNode)Model(model)).ToArray()),
        }, cancellationToken);

    public Task RetrieveModelAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        ServedModel? model = _options.Models.FirstOrDefault(candidate => string.Equals(candidate.Id, id, StringComparison.Ordinal));
        if (model is null)
        {
            ErrorSpec error = Errors.FromCode(FlexInferenceErrorCodes.ModelNotFound, $"There is no model \"{id}\" for this key.");
            return ResponseWriter.WriteErrorAsync(context, Surface.Models, error, cancellationToken);
        }

        return ResponseWriter.WriteJsonAsync(context, StatusCodes.Status200OK, Model(model), cancellationToken);
    }

    public Task LimitsAsync(HttpContext context, CancellationToken cancellationToken) =>
        ResponseWriter.WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["object"] = "limits",
            ["as_of"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            ["own_keys"] = new JsonObject
            {
                ["unlimited"] = true,
                ["flex_race_slots"] = new JsonObject { ["limit"] = null, ["scope"] = "organization", ["on_exceed"] = "degrade_to_standard" },
            },
            ["managed"] = null,
            ["abuse_limits"] = new JsonObject
            {
                ["counted_per_cloudflare_location"] = true,
                ["request_body_bytes"] = _options.MaxBodyBytes,
                ["rates"] = new JsonArray(
                    Rate("auth_failures", "client_ip", 60),
                    Rate("requests", "organization", 60)),
            },
        }, cancellationToken);

    private static JsonObject Model(ServedModel model) => new()
    {
        ["id"] = model.Id,
        ["object"] = "model",
        ["created"] = CatalogCreated,
        ["owned_by"] = model.OwnedBy,
        ["flexinference"] = new JsonObject
        {
            ["flex_race"] = model.FlexRace,
            ["tiers"] = new JsonArray(model.Tiers.Select(tier => (JsonNode)JsonValue.Create(tier)!).ToArray()),
            ["providers"] = new JsonArray(model.Providers.Select(route => (JsonNode)JsonValue.Create(route)!).ToArray()),
            ["open_source"] = model.OpenSource,
        },
    };

    private static JsonObject Rate(string name, string scope, int windowSeconds) => new()
    {
        ["name"] = name,
        ["scope"] = scope,
        ["window_seconds"] = windowSeconds,
        ["limit"] = null,
        ["on_exceed"] = "refuse",
    };
}
