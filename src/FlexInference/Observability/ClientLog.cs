using System;
using Microsoft.Extensions.Logging;

namespace FlexInference.Observability;

/// <summary>
/// The client's log events, with stable ids (docs/reliability.md lists them). Source-generated, so a disabled level costs
/// a check and nothing else. Nothing here ever receives the API key or a request header; bodies only reach
/// <see cref="RequestBody"/> and <see cref="ErrorBody"/>, which are called only when <c>LogBodies</c> is on.
/// </summary>
internal static partial class ClientLog
{
    [LoggerMessage(EventId = 1, EventName = "RequestStarting", Level = LogLevel.Debug,
        Message = "FlexInference: sending {Method} {Path} (model {Model}, start_within {StartWithin}, attempt {Attempt})")]
    public static partial void RequestStarting(ILogger logger, string method, string path, string? model, string? startWithin, int attempt);

    [LoggerMessage(EventId = 2, EventName = "RequestServed", Level = LogLevel.Information,
        Message = "FlexInference: {Method} {Path} served with HTTP {Status} in {ElapsedMs} ms (tier {Tier}, reason {Reason}, provider {Provider}, router retries {RouterRetries}, request id {RequestId}, attempts {Attempts}, cost {CostMicroUsd} micro-USD, fallback attempts {FallbackAttempts})")]
    public static partial void RequestServed(
        ILogger logger, string method, string path, int status, long elapsedMs, string? tier, string? reason, string? provider, int? routerRetries, string? requestId, int attempts,
        long? costMicroUsd, int? fallbackAttempts);

    [LoggerMessage(EventId = 3, EventName = "RetryScheduled", Level = LogLevel.Warning,
        Message = "FlexInference: {Method} {Path} failed ({Reason}); retry {Retry} of {MaxRetries} in {DelayMs} ms")]
    public static partial void RetryScheduled(ILogger logger, string method, string path, string reason, int retry, int maxRetries, long delayMs);

    [LoggerMessage(EventId = 4, EventName = "RequestFailed", Level = LogLevel.Warning,
        Message = "FlexInference: {Method} {Path} failed after {ElapsedMs} ms and {Attempts} attempt(s): {ExceptionType} (status {Status}, code {Code})")]
    public static partial void RequestFailed(
        ILogger logger, Exception exception, string method, string path, long elapsedMs, int attempts, string exceptionType, int? status, string? code);

    [LoggerMessage(EventId = 5, EventName = "StreamEnded", Level = LogLevel.Debug,
        Message = "FlexInference: the stream of {Path} closed after {ElapsedMs} ms (completed {Completed}, tier {Tier}, reason {Reason}, cost {CostMicroUsd} micro-USD)")]
    public static partial void StreamEnded(ILogger logger, string path, long elapsedMs, bool completed, string? tier, string? reason, long? costMicroUsd);

    [LoggerMessage(EventId = 6, EventName = "StreamFailed", Level = LogLevel.Warning,
        Message = "FlexInference: the stream of {Path} failed after {ElapsedMs} ms: {ExceptionType} (status {Status}, code {Code})")]
    public static partial void StreamFailed(ILogger logger, Exception exception, string path, long elapsedMs, string exceptionType, int? status, string? code);

    [LoggerMessage(EventId = 7, EventName = "RequestCanceled", Level = LogLevel.Debug,
        Message = "FlexInference: {Method} {Path} was canceled by the caller after {ElapsedMs} ms and {Attempts} attempt(s)")]
    public static partial void RequestCanceled(ILogger logger, string method, string path, long elapsedMs, int attempts);

    [LoggerMessage(EventId = 12, EventName = "ClientFallback", Level = LogLevel.Warning,
        Message = "FlexInference: {Method} {Path} (model {Model}): the flex race {RequestedStartWithin} was refused with HTTP {Status} {Code}; sending it again at start_within {Tier} (FlexFallback, attempt {Attempt})")]
    public static partial void ClientFallback(
        ILogger logger, string method, string path, string? model, string requestedStartWithin, int status, string? code, string tier, int attempt);

    [LoggerMessage(EventId = 10, EventName = "RequestBody", Level = LogLevel.Trace,
        Message = "FlexInference: request body of {Method} {Path}: {Body}")]
    public static partial void RequestBody(ILogger logger, string method, string path, string body);

    [LoggerMessage(EventId = 11, EventName = "ErrorBody", Level = LogLevel.Trace,
        Message = "FlexInference: error body of {Method} {Path} (HTTP {Status}): {Body}")]
    public static partial void ErrorBody(ILogger logger, string method, string path, int status, string body);

    /// <summary>Logs a failed call with what the exception knows (status and code for an API error); the caller's own cancellation is no failure.</summary>
    public static void Failed(ILogger logger, Exception exception, string method, string path, long elapsedMs, int attempts)
    {
        if (exception is OperationCanceledException)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                RequestCanceled(logger, method, path, elapsedMs, attempts);
            }
        }
        else if (logger.IsEnabled(LogLevel.Warning))
        {
            (int? status, string? code) = Describe(exception);
            RequestFailed(logger, exception, method, path, elapsedMs, attempts, exception.GetType().Name, status, code);
        }
    }

    /// <summary>Logs a stream that failed after it opened.</summary>
    public static void StreamFailure(ILogger logger, Exception exception, string path, long elapsedMs)
    {
        if (logger.IsEnabled(LogLevel.Warning))
        {
            (int? status, string? code) = Describe(exception);
            StreamFailed(logger, exception, path, elapsedMs, exception.GetType().Name, status, code);
        }
    }

    private static (int? Status, string? Code) Describe(Exception exception) => exception switch
    {
        FlexInferenceApiException api => (api.Status, api.Code),
        _ => (null, null),
    };
}
