namespace FlexInference.Observability;

/// <summary>
/// Attribute, metric and value names: the OpenTelemetry gen_ai semantic conventions (development status, the names
/// current on 2026-12-07) plus the router's own <c>flexinference.*</c> facts. docs/observability.md lists them.
/// </summary>
internal static class TelemetryNames
{
    // gen_ai semantic conventions.
    public const string OperationName = "gen_ai.operation.name";
    public const string ProviderName = "gen_ai.provider.name";
    public const string System = "gen_ai.system"; // the name before gen_ai.provider.name (semconv 1.36 and older); still read by many backends
    public const string RequestModel = "gen_ai.request.model";
    public const string ResponseModel = "gen_ai.response.model";
    public const string ResponseId = "gen_ai.response.id";
    public const string InputTokens = "gen_ai.usage.input_tokens";
    public const string OutputTokens = "gen_ai.usage.output_tokens";
    public const string TokenType = "gen_ai.token.type";
    public const string TimeToFirstChunk = "gen_ai.response.time_to_first_chunk";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string ErrorType = "error.type";

    // The values this client reports.
    public const string Chat = "chat";
    public const string FlexInference = "flexinference";
    public const string Input = "input";
    public const string Output = "output";
    public const string Timeout = "timeout";

    // FlexInference facts.
    public const string StartWithin = "flexinference.request.start_within";
    public const string Stream = "flexinference.request.stream";
    public const string ServiceTier = "flexinference.response.service_tier";
    public const string RoutingReason = "flexinference.routing.reason";
    public const string RoutingProvider = "flexinference.routing.provider";
    public const string FallbackAttempts = "flexinference.routing.fallback_attempts";
    public const string RoutingMode = "flexinference.routing.mode";
    public const string CostMicroUsd = "flexinference.cost.micro_usd";
    public const string RouterRetries = "flexinference.router.retries";
    public const string RequestId = "flexinference.request_id";
    public const string Attempts = "flexinference.client.attempts";
    public const string StreamCompleted = "flexinference.stream.completed";

    // The client fallback (FlexFallbackPolicy): attributes on the span, and an event when it is sent.
    public const string ClientFallbackTier = "flexinference.client.fallback.tier";
    public const string ClientFallbackCode = "flexinference.client.fallback.code";
    public const string ClientFallbackStatus = "flexinference.client.fallback.status";
    public const string ClientFallbackEvent = "flexinference.client_fallback";

    // The retry event on the span.
    public const string RetryEvent = "flexinference.retry";
    public const string RetryNumber = "flexinference.retry.number";
    public const string RetryDelay = "flexinference.retry.delay_ms";
    public const string RetryReason = "flexinference.retry.reason";

    // Metrics.
    public const string OperationDuration = "gen_ai.client.operation.duration";
    public const string TokenUsage = "gen_ai.client.token.usage";
    public const string TimeToFirstChunkMetric = "gen_ai.client.operation.time_to_first_chunk";
    public const string Cost = "flexinference.client.cost";

    // The usage ledger's observable counters (only while a ledger is attached to a client of the meter).
    public const string LedgerRequests = "flexinference.ledger.requests";
    public const string LedgerCost = "flexinference.ledger.cost";
    public const string LedgerFallbacks = "flexinference.ledger.client_fallbacks";
}
