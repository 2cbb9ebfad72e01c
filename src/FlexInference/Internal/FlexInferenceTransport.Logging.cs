using System;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace FlexInference.Internal;

/// <summary>
/// The transport's log hooks. Each checks the level first, so a client without a logger (or with the level off) pays
/// one check and no allocation. Only allow-listed facts are logged: method, path, model, <c>start_within</c>, status,
/// the router's <c>x-flexinference-*</c> routing headers and request id; never the key or any request header.
/// </summary>
internal sealed partial class FlexInferenceTransport
{
    private void Starting(ApiCall call, int retries)
    {
        ILogger logger = Settings.Logger;
        if (logger.IsEnabled(LogLevel.Debug))
        {
            ClientLog.RequestStarting(logger, call.Method.Method, call.Path, call.Facts?.Model, call.Facts?.StartWithin?.ToString(), retries + 1);
        }

        if (retries == 0 && Settings.LogBodies && call.Body is not null && logger.IsEnabled(LogLevel.Trace))
        {
            ClientLog.RequestBody(logger, call.Method.Method, call.Path, Encoding.UTF8.GetString(call.Body));
        }
    }

    private void Served(ApiCall call, ResponseMetadata metadata, object? result, long started, int attempts)
    {
        ILogger logger = Settings.Logger;
        if (logger.IsEnabled(LogLevel.Information))
        {
            // The body's usage.cost and usage.routing when it has them (a stream's arrive with its last events), else the headers.
            ServedRoute route = RoutingExtensions.For(result, metadata);
            ClientLog.RequestServed(
                logger, call.Method.Method, call.Path, metadata.Status, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, Tier(result),
                Header(metadata, "x-flexinference-routing-reason"), Header(metadata, "x-flexinference-served-provider"),
                int.TryParse(Header(metadata, "x-flexinference-retries"), out int routerRetries) ? routerRetries : null, metadata.RequestId, attempts,
                route.CostMicroUsd, route.FallbackAttempts);
        }
    }

    private void Retrying(ApiCall call, RetryDecision decision, int retries, int maxRetries)
    {
        ILogger logger = Settings.Logger;
        if (logger.IsEnabled(LogLevel.Warning))
        {
            ClientLog.RetryScheduled(logger, call.Method.Method, call.Path, decision.Reason ?? "retryable failure", retries + 1, maxRetries, (long)decision.Delay.TotalMilliseconds);
        }
    }

    private void ErrorBodyRead(ApiCall call, int status, string? body)
    {
        if (Settings.LogBodies && body is not null && Settings.Logger.IsEnabled(LogLevel.Trace))
        {
            ClientLog.ErrorBody(Settings.Logger, call.Method.Method, call.Path, status, body);
        }
    }

    /// <summary>Logs a failed call; always false, so it can sit in an exception filter and log before the stack unwinds.</summary>
    private bool Failed(ApiCall call, Exception exception, long started, int attempts, Telemetry.CallTelemetry? telemetry)
    {
        ClientLog.Failed(Settings.Logger, exception, call, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, attempts);
        telemetry?.Fail(exception);
        return false;
    }

    private static string? Header(ResponseMetadata metadata, string name) => metadata.Headers.TryGetValue(name, out string? value) ? value : null;

    /// <summary>The tier a non-streaming body says served it (a stream learns it from its events).</summary>
    private static string? Tier(object? result) => result switch
    {
        Response response => response.ServiceTier?.ToString(),
        CreateChatCompletionResponse completion => completion.ServiceTier?.ToString(),
        InteractionObject interaction => interaction.ServiceTier?.ToString(),
        MessageObject message => (message.ServiceTier ?? message.Usage?.ServiceTier)?.ToString(),
        JsonObject json => json["service_tier"] is JsonValue value && value.TryGetValue(out string? tier) ? tier : null,
        _ => null,
    };
}
