using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlexInference.Testing;

/// <summary>
/// Checks a generation body the way the router does (§4, §5, §9), in this order: JSON object, <c>model</c>,
/// <c>start_within</c>, <c>service_tier</c>, <c>retry</c>, <c>provider</c>, <c>include_cost</c>, then what the model
/// and route can do, then the provider's own required fields.
/// </summary>
internal sealed class RequestValidator
{
    private static readonly string[] RetryKeys = ["count", "backoff", "jitter"];

    private readonly Dictionary<string, ServedModel> _models;

    public RequestValidator(IEnumerable<ServedModel> models)
    {
        _models = new Dictionary<string, ServedModel>(StringComparer.Ordinal);
        foreach (ServedModel model in models)
        {
            _models[model.Id] = model;
        }
    }

    public ErrorSpec? Validate(Surface surface, byte[] body, out GenerationRequest? request)
    {
        request = null;
        if (!TryParseObject(body, out JsonObject? json, out string? parseProblem))
        {
            return Errors.Uncatalogued(400, "invalid_json",
                $"The request body is not a JSON object ({parseProblem}). Every request is a JSON object with at least model and start_within. For example {Example(surface)}.");
        }

        string? model = null;
        string startWithin = string.Empty;
        TimeSpan? window = null;
        List<string>? chain = null;
        bool includeCost = false;
        ErrorSpec? error = CheckModel(json!, ref model);
        error ??= CheckStartWithin(json!, out startWithin, out window);
        error ??= CheckServiceTier(json!);
        error ??= CheckRetry(json!);
        error ??= CheckProviderChain(json!, out chain);
        error ??= CheckIncludeCost(json!, out includeCost);
        if (error is not null)
        {
            return error;
        }

        string family = ProviderRoutes.FamilyOf(model!);
        IReadOnlyList<string> routes = chain is { Count: > 0 } ? chain : [family];
        error = CheckCapability(model!, family, startWithin, window, routes) ?? CheckProviderFields(surface, json!, family);
        if (error is not null)
        {
            return error;
        }

        request = new GenerationRequest
        {
            Surface = surface,
            Body = json!,
            Model = model!,
            Family = family,
            StartWithin = startWithin,
            Window = window,
            Chain = routes,
            Stream = json!["stream"] is JsonValue stream && stream.GetValueKind() == JsonValueKind.True,
            IncludeCost = includeCost,
            IncludeUsage = json!["stream_options"] is JsonObject options && options["include_usage"] is JsonValue usage && usage.GetValueKind() == JsonValueKind.True,
            MaxOutputTokens = MaxOutputTokens(surface, json!),
        };
        return null;
    }

    private static bool TryParseObject(byte[] body, out JsonObject? json, out string? problem)
    {
        json = null;
        problem = null;
        if (body.Length == 0)
        {
            problem = "the body is empty";
            return false;
        }

        try
        {
            JsonNode? node = JsonNode.Parse(body);
            if (node is JsonObject obj)
            {
                // Touch every property now: duplicate keys only fail when the object is first enumerated.
                _ = obj.Count;
                json = obj;
                return true;
            }

            problem = node is null ? "it is null" : $"it is a JSON {node.GetValueKind().ToString().ToLowerInvariant()}";
            return false;
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException)
        {
            problem = "it is not valid JSON: " + exception.Message;
            return false;
        }
    }

    private static ErrorSpec? CheckModel(JsonObject json, ref string? model)
    {
        JsonNode? node = json["model"];
        string problem;
        if (!json.ContainsKey("model"))
        {
            problem = "The request body has no \"model\".";
        }
        else if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            model = value.GetValue<string>();
            if (model.Length > 0)
            {
                return null;
            }

            problem = "The request body's \"model\" is an empty string.";
        }
        else
        {
            problem = $"The request body's \"model\" is {Describe(node)}, not a string.";
        }

        return Errors.FromCode(FlexInferenceErrorCodes.MissingModel, problem);
    }

    private static ErrorSpec? CheckStartWithin(JsonObject json, out string startWithin, out TimeSpan? window)
    {
        startWithin = string.Empty;
        window = null;
        if (!json.ContainsKey("start_within"))
        {
            return Errors.FromCode(FlexInferenceErrorCodes.MissingStartWithin, "The request body has no \"start_within\": the router needs it to pick the tier.");
        }

        JsonNode? node = json["start_within"];
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            return Errors.FromCode(FlexInferenceErrorCodes.InvalidStartWithin,
                $"start_within must be a string, but it is {Describe(node)}: the router reads it as a tier word or a duration.");
        }

        startWithin = value.GetValue<string>();
        if (startWithin.Length == 0)
        {
            return Errors.FromCode(FlexInferenceErrorCodes.InvalidStartWithin, "start_within is an empty string.");
        }

        string? problem = FlexInference.StartWithin.Validate(startWithin);
        if (problem is not null)
        {
            return Errors.FromCode(FlexInferenceErrorCodes.InvalidStartWithin, problem, includeCatalogText: false);
        }

        window = FlexInference.StartWithin.Parse(startWithin).Window;
        return null;
    }

    private static ErrorSpec? CheckServiceTier(JsonObject json) =>
        json.ContainsKey("service_tier")
            ? Errors.FromCode(FlexInferenceErrorCodes.ServiceTierNotAllowed, $"The request body sets \"service_tier\" to {Describe(json["service_tier"])}.")
            : null;

    private static ErrorSpec? CheckRetry(JsonObject json)
    {
        if (!json.TryGetPropertyValue("retry", out JsonNode? node))
        {
            return null;
        }

        string? problem = node switch
        {
            not JsonObject => $"it is {Describe(node)}",
            JsonObject retry when retry.Select(property => property.Key).FirstOrDefault(key => !RetryKeys.Contains(key)) is { } unknown => $"\"{unknown}\" is not a retry setting",
            JsonObject retry when !IsInteger(retry["count"], 1, 5) => $"count must be an integer from 1 to 5, but it is {Describe(retry["count"])}",
            JsonObject retry when retry.ContainsKey("backoff") && !IsString(retry["backoff"], "exponential", "linear") => $"backoff must be \"exponential\" or \"linear\", but it is {Describe(retry["backoff"])}",
            JsonObject retry when retry.ContainsKey("jitter") && !IsBoolean(retry["jitter"]) => $"jitter must be true or false, but it is {Describe(retry["jitter"])}",
            _ => null,
        };

        // The contract names no code for a bad retry object; "invalid_retry" is this server's choice (doc_url null).
        return problem is null
            ? null
            : Errors.Uncatalogued(400, "invalid_retry",
                $"retry is not valid: {problem}. retry must be an object {{\"count\": 1-5, \"backoff\": \"exponential\" or \"linear\", \"jitter\": true or false}}. For example \"retry\": {{\"count\": 2, \"backoff\": \"exponential\"}}.",
                "retry");
    }

    private static ErrorSpec? CheckProviderChain(JsonObject json, out List<string>? chain)
    {
        chain = null;
        if (!json.TryGetPropertyValue("provider", out JsonNode? node))
        {
            return null;
        }

        string? problem = null;
        if (node is not JsonArray array)
        {
            problem = $"provider must be an array of route names, but it is {Describe(node)}.";
        }
        else if (array.Count == 0)
        {
            problem = "provider is an empty array.";
        }
        else if (array.Count > 3)
        {
            problem = $"provider lists {array.Count} routes; at most 3 are allowed.";
        }
        else
        {
            chain = new List<string>();
            foreach (JsonNode? entry in array)
            {
                if (entry is not JsonValue value || value.GetValueKind() != JsonValueKind.String || !ProviderRoutes.Known.Contains(value.GetValue<string>()))
                {
                    problem = $"provider entry {Describe(entry)} is not a known route.";
                    break;
                }

                string route = value.GetValue<string>();
                if (chain.Contains(route))
                {
                    problem = $"provider lists \"{route}\" twice.";
                    break;
                }

                chain.Add(route);
            }
        }

        if (problem is null)
        {
            return null;
        }

        chain = null;
        return Errors.FromCode(FlexInferenceErrorCodes.InvalidProviderChain, problem);
    }

    private static ErrorSpec? CheckIncludeCost(JsonObject json, out bool includeCost)
    {
        includeCost = false;
        if (!json.TryGetPropertyValue("include_cost", out JsonNode? node))
        {
            return null;
        }

        if (IsBoolean(node))
        {
            includeCost = node!.GetValueKind() == JsonValueKind.True;
            return null;
        }

        // Like retry, the contract has no code for this; "invalid_include_cost" is this server's choice.
        return Errors.Uncatalogued(400, "invalid_include_cost",
            $"include_cost must be true or false, but it is {Describe(node)}. For example \"include_cost\": true adds usage.cost and usage.routing to a stream.",
            "include_cost");
    }

    private ErrorSpec? CheckCapability(string model, string family, string startWithin, TimeSpan? window, IReadOnlyList<string> chain)
    {
        bool isDuration = window is not null;
        if (family == ProviderRoutes.Anthropic && isDuration)
        {
            return Errors.FromCode(FlexInferenceErrorCodes.FlexUnsupportedForAnthropic,
                $"start_within \"{startWithin}\" asks for a flex race, but \"{model}\" is an Anthropic model.");
        }

        if (family == ProviderRoutes.Google && startWithin == "auto")
        {
            return Errors.FromCode(FlexInferenceErrorCodes.AutoUnsupportedForGemini, $"\"{model}\" is a Gemini model.");
        }

        bool openSource = _models.TryGetValue(model, out ServedModel? listed) && listed.OpenSource;
        string? mismatch = chain.FirstOrDefault(route => !ProviderRoutes.CanServe(route, family, openSource));
        if (mismatch is not null)
        {
            return Errors.FromCode(FlexInferenceErrorCodes.ProviderModelMismatch, $"Route \"{mismatch}\" cannot serve \"{model}\".");
        }

        if (isDuration && ProviderRoutes.IsStandardOnly(chain[0]))
        {
            return Errors.FromCode(FlexInferenceErrorCodes.FlexUnsupportedOnCloud,
                $"start_within \"{startWithin}\" asks for a flex race, but the first route \"{chain[0]}\" runs the standard tier only.");
        }

        if (isDuration && listed is not { FlexRace: true })
        {
            return Errors.FromCode(FlexInferenceErrorCodes.FlexModelNotCapable,
                $"start_within \"{startWithin}\" asks for a flex race, but \"{model}\" has no flex tier.");
        }

        return null;
    }

    // The router forwards these to the provider, which refuses; the error comes back passed through (origin provider).
    private static ErrorSpec? CheckProviderFields(Surface surface, JsonObject json, string family)
    {
        string field = surface is Surface.ChatCompletions or Surface.Messages ? "messages" : "input";
        bool present = field == "messages" ? json["messages"] is JsonArray : json.ContainsKey("input");
        if (present)
        {
            return null;
        }

        string provider = ProviderRoutes.ErrorProviderName(family);
        string providerCode = family switch
        {
            ProviderRoutes.Anthropic => "invalid_request_error",
            ProviderRoutes.Google => "INVALID_ARGUMENT",
            _ => "missing_required_parameter",
        };
        return Errors.FromProvider(400, provider, providerCode,
            $"Missing required parameter: '{field}'{(field == "messages" ? " (an array of messages)" : string.Empty)}. For example {Example(surface)}.", field);
    }

    private static long? MaxOutputTokens(Surface surface, JsonObject json)
    {
        JsonNode? node = surface switch
        {
            Surface.Responses => json["max_output_tokens"],
            Surface.ChatCompletions => json["max_completion_tokens"] ?? json["max_tokens"],
            Surface.Interactions => (json["generation_config"] as JsonObject)?["max_output_tokens"],
            Surface.Messages => json["max_tokens"],
            _ => null,
        };
        return node is JsonValue value && value.TryGetValue(out long tokens) && tokens > 0 ? tokens : null;
    }

    private static bool IsInteger(JsonNode? node, long min, long max) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out long number) && number >= min && number <= max;

    private static bool IsString(JsonNode? node, params string[] allowed) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String && allowed.Contains(value.GetValue<string>());

    private static bool IsBoolean(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False;

    private static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => "\"" + value.GetValue<string>() + "\"",
        JsonObject => "an object",
        JsonArray => "an array",
        _ => node.Write(),
    };

    private static string Example(Surface surface) => surface switch
    {
        Surface.ChatCompletions => "{\"model\":\"gpt-5.5\",\"start_within\":\"00h-00m-30s\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}",
        Surface.Interactions => "{\"model\":\"gemini-2.5-flash\",\"start_within\":\"00h-00m-30s\",\"input\":\"Hello\"}",
        Surface.Messages => "{\"model\":\"claude-sonnet-4-6\",\"start_within\":\"default\",\"max_tokens\":1024,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}",
        _ => "{\"model\":\"gpt-5.5\",\"start_within\":\"00h-00m-30s\",\"input\":\"Hello\"}",
    };
}
