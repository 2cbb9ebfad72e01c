using System;
using System.Text;
using FlexInference.Errors;
using FlexInference.Pipeline;
using FlexInference.Routing;
using Microsoft.Extensions.Logging;

namespace FlexInference.Observability;

/// <summary>
/// The pipeline's log hooks. Each checks the level first, so a client without a logger (or with the level off) pays
/// one check and no allocation. Only allow-listed facts are logged: method, path, model, <c>start_within</c>, status,
/// the router's <c>x-flexinference-*</c> routing headers and request id; never the key or any request header.
/// </summary>
internal sealed class CallLog
{
    private readonly ILogger _logger;
    private readonly bool _logBodies;
    private readonly SecretRedactor _redactor;

    public CallLog(ClientSettings settings)
    {
        _logger = settings.Logger;
        _logBodies = settings.LogBodies;
        _redactor = settings.Redactor;
    }

    public ILogger Logger => _logger;

    public void Starting(ApiCall call, int retries)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            ClientLog.RequestStarting(_logger, call.Surface.Method.Method, call.Path, call.Facts?.Model, call.Facts?.StartWithin?.ToString(), retries + 1);
        }

        if (retries == 0 && _logBodies && call.Body is not null && _logger.IsEnabled(LogLevel.Trace))
        {
            ClientLog.RequestBody(_logger, call.Surface.Method.Method, call.Path, Encoding.UTF8.GetString(call.Body));
        }
    }

    /// <summary>An answer arrived (a stream's headers, or a whole body) with the route report built for it.</summary>
    public void Served(CallContext context, ResponseMetadata metadata, ServedRoute route)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
            ClientLog.RequestServed(
                _logger, context.Call.Surface.Method.Method, context.Call.Path, metadata.Status, context.ElapsedMs, Redact(route.ServiceTier?.ToString()),
                Redact(Header(metadata, "x-flexinference-routing-reason")), Redact(Header(metadata, "x-flexinference-served-provider")),
                int.TryParse(Header(metadata, "x-flexinference-retries"), out int routerRetries) ? routerRetries : null, Redact(metadata.RequestId),
                context.Clock.Attempts, route.CostMicroUsd, route.FallbackAttempts);
        }
    }

    public void Retrying(ApiCall call, RetryDecision decision, int retries, int maxRetries)
    {
        if (_logger.IsEnabled(LogLevel.Warning))
        {
            ClientLog.RetryScheduled(
                _logger, call.Surface.Method.Method, call.Path, decision.Reason ?? "retryable failure", retries + 1, maxRetries, (long)decision.Delay.TotalMilliseconds);
        }
    }

    /// <summary>The client fallback is about to send the call again at a tier word.</summary>
    public void FellBack(CallContext context, ClientFallback fallback, int retries)
    {
        if (_logger.IsEnabled(LogLevel.Warning))
        {
            ClientLog.ClientFallback(
                _logger, context.Call.Surface.Method.Method, context.Call.Path, context.Call.Facts?.Model, fallback.RequestedStartWithin.Value, fallback.Status,
                fallback.Code, fallback.Tier.Value, retries + 1);
        }
    }

    public void ErrorBodyRead(ApiCall call, int status, string? body)
    {
        if (_logBodies && body is not null && _logger.IsEnabled(LogLevel.Trace))
        {
            ClientLog.ErrorBody(_logger, call.Surface.Method.Method, call.Path, status, body);
        }
    }

    /// <summary>A call failed with its documented exception (the caller's own cancellation is logged as such, not as a failure).</summary>
    public void Failed(CallContext context, Exception exception) =>
        ClientLog.Failed(_logger, exception, context.Call.Surface.Method.Method, context.Call.Path, context.ElapsedMs, context.Clock.Attempts);

    /// <summary>How a stream ended: completed or not, with the route its events reported.</summary>
    public void StreamEnded(CallContext context, ServedRoute route, bool completed)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            ClientLog.StreamEnded(_logger, context.Call.Path, context.ElapsedMs, completed, Redact(route.ServiceTier?.ToString()), Redact(route.Reason?.ToString()), route.CostMicroUsd);
        }
    }

    // Server text goes to the log with the client's key masked (a server may echo it in any field).
    private string? Redact(string? text) => _redactor.Redact(text);

    private static string? Header(ResponseMetadata metadata, string name) => metadata.Headers.TryGetValue(name, out string? value) ? value : null;
}
