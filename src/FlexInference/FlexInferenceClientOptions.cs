using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Http;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace FlexInference;

/// <summary>Settings of a <see cref="FlexInferenceClient"/>. Every value has a working default.</summary>
/// <remarks>The API key is never part of <see cref="ToString"/>, the debugger display or serialised options.</remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class FlexInferenceClientOptions
{
    /// <summary>The router's public endpoint.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.flexinference.com/v1");

    /// <summary>The FlexInference API key (<c>flex_live_...</c>); when null, the <c>FLEX_API_KEY</c> environment variable is used.</summary>
    [JsonIgnore]
    public string? ApiKey { get; set; }

    /// <summary>The router's base URL, ending in <c>/v1</c>; when null, <c>FLEX_BASE_URL</c>, then <see cref="DefaultBaseUrl"/>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>
    /// An <see cref="System.Net.Http.HttpClient"/> to send requests with, used for the client's whole life and never disposed
    /// by the SDK. For <c>IHttpClientFactory</c>, prefer <c>services.AddFlexInference(...)</c>, which asks the factory for a
    /// client on every call so the factory's handler rotation keeps working (docs/dependency-injection.md). Its own <see cref="HttpClient.Timeout"/> still applies (100 s by default, shorter than a
    /// long generation), so set it to <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> and let these options' clocks work.
    /// When a stream is stopped early, a <see cref="SocketsHttpHandler"/> keeps the connection to drain the rest of the body
    /// for up to its <see cref="SocketsHttpHandler.ResponseDrainTimeout"/> (2 s by default); set its
    /// <see cref="SocketsHttpHandler.MaxResponseDrainSize"/> to 0 to release it at once, as the SDK's own handler does.
    /// </summary>
    [JsonIgnore]
    public HttpClient? HttpClient { get; set; }

    /// <summary>Opening a connection (only for the client the SDK creates itself). Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Waiting for response headers. Default 60 s. For a duration <c>start_within</c> it is raised to
    /// <c>max(FirstByteTimeout, window + 30 s)</c>, because the router sends no byte until the flex race is decided.
    /// </summary>
    public TimeSpan FirstByteTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Reading a non-streaming body once the headers arrived. Default 600 s (the router's own cap).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>The longest silence between two stream events. Default 60 s. A stream has no total cap.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Reading the body of an error response. Default 30 s.</summary>
    public TimeSpan ErrorBodyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest single stream event, in bytes, before reading stops (8 MiB by default; memory stays bounded).</summary>
    public int MaxStreamFrameBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Send requests without <c>start_within</c>, for keys that carry a default one. Off by default, as in the Python
    /// and TypeScript SDKs: a missing <c>start_within</c> is refused locally.
    /// </summary>
    public bool AllowMissingStartWithin { get; set; }

    /// <summary>Allow <c>http://</c> to a host other than loopback. Off by default: the key would travel in clear text.</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>
    /// How many times a failed call is sent again (so at most <c>MaxRetries + 1</c> attempts). Default 2; 0 turns retries off.
    /// Only failures that cannot have produced an answer are retried: a connection that failed before the response
    /// headers, and HTTP 408, 409, 429 and 5xx (never another 4xx, never once a stream has delivered an event). The server's
    /// <c>x-should-retry</c> header and the error's <c>retryable</c> flag are obeyed. See docs/reliability.md, also for how
    /// this composes with the router's own <c>retry</c> body field.
    /// </summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>
    /// The first backoff delay; each retry doubles it up to <see cref="MaxRetryDelay"/>, and jitter takes up to a quarter off
    /// (never below 100 ms). Default 0.5 s. A server's <c>retry-after-ms</c> or <c>Retry-After</c> replaces the backoff.
    /// </summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>The longest backoff delay before jitter. Default 8 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// The longest server-requested wait (<c>retry-after-ms</c> or <c>Retry-After</c>) the SDK sleeps through before
    /// retrying. Default 60 s. A longer wait is not slept: the call fails at once with the error, whose
    /// <see cref="FlexInferenceApiException.RetryAfter"/> says how long the server asked for.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The budget of a whole call: every attempt, every backoff wait and, for a stream, every event until the end.
    /// Null (the default) means no total budget, only the per-phase clocks. When it runs out the call throws
    /// <see cref="FlexInferenceTimeoutException"/> with <see cref="FlexInferenceClock.Total"/>. Per call, see
    /// <see cref="RequestOptions.TotalTimeout"/>.
    /// </summary>
    public TimeSpan? TotalTimeout { get; set; }

    /// <summary>
    /// The client fallback: when a request with a duration <c>start_within</c> is refused because flex cannot be used
    /// (every HTTP 402, <c>flex_model_not_capable</c>, <c>flex_unsupported_for_anthropic</c>, <c>flex_unsupported_on_cloud</c>),
    /// send the same body once more at a tier word, inside the same total budget and retry budget. Null (the default) is
    /// off: a fallback changes the bill and the latency you asked for. See <see cref="FlexFallbackPolicy"/> and docs/fallback.md.
    /// </summary>
    public FlexFallbackPolicy? FlexFallback { get; set; }

    /// <summary>
    /// An optional tally of what the client's answers cost and how they were served (per model and tier), shared by as
    /// many clients as you like. Null (the default) keeps none and costs nothing. See <see cref="FlexInferenceUsageLedger"/>.
    /// </summary>
    [JsonIgnore]
    public FlexInferenceUsageLedger? UsageLedger { get; set; }

    /// <summary>
    /// The largest non-streaming response body the SDK reads, counted after decompression (so a compressed "bomb" stops
    /// here too). Default 64 MiB, far above any real answer (a base64 image is a few MiB) while keeping memory bounded.
    /// A larger body throws <see cref="ResponseTooLargeException"/>. Streams are bounded per event by <see cref="MaxStreamFrameBytes"/>.
    /// </summary>
    public long MaxResponseBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Where the client logs (category <c>FlexInference.FlexInferenceClient</c>): each attempt, the served route, retries
    /// and failures, with stable event ids (docs/logging.md). Null (the default) logs nothing. The API key and the
    /// request headers are never logged; bodies only with <see cref="LogBodies"/>.
    /// </summary>
    [JsonIgnore]
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Also log request bodies and error response bodies, at <see cref="LogLevel.Trace"/>. Off by default: prompts and
    /// answers are your users' data. The key is never in a body.
    /// </summary>
    public bool LogBodies { get; set; }

    /// <summary>
    /// Where the client's instruments are created (the <c>FlexInference</c> meter, docs/observability.md). Null (the
    /// default) uses a process-wide meter of the same name; <c>AddFlexInference</c> passes the container's factory, so the
    /// meter is scoped to it and disposed with it. Nothing is measured, or costs, until a listener subscribes.
    /// </summary>
    [JsonIgnore]
    public IMeterFactory? MeterFactory { get; set; }

    /// <summary>
    /// Set by <c>AddFlexInference</c>: hands out the <c>IHttpClientFactory</c> client for each call, so the factory's handler
    /// rotation works and the factory, not the SDK, owns the handlers.
    /// </summary>
    internal Func<HttpClient>? HttpClientSource { get; set; }

    /// <summary>A short description without secrets.</summary>
    public override string ToString() =>
        $"FlexInferenceClientOptions {{ BaseUrl = {BaseUrl?.ToString() ?? "(default)"}, ApiKey = {(ApiKey is null ? "(from FLEX_API_KEY)" : "***")} }}";

    internal FlexInferenceClientOptions Clone() => (FlexInferenceClientOptions)MemberwiseClone();
}
