using System;
using System.Net;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using FlexInference.Errors;
using FlexInference.Observability;

namespace FlexInference.Pipeline;

/// <summary>
/// Options resolved (environment fallbacks applied) and checked once, at construction, so a bad setting fails
/// there with a clear message instead of on the first request.
/// </summary>
internal sealed class ClientSettings
{
    public const string ApiKeyVariable = "FLEX_API_KEY";
    public const string BaseUrlVariable = "FLEX_BASE_URL";

    private ClientSettings(string apiKey, Uri baseUrl, FlexInferenceClientOptions options)
    {
        ApiKey = apiKey;
        Redactor = new SecretRedactor(apiKey);
        BaseUrl = baseUrl;
        HttpClient = options.HttpClient;
        ConnectTimeout = options.ConnectTimeout;
        FirstByteTimeout = options.FirstByteTimeout;
        Timeout = options.Timeout;
        IdleTimeout = options.IdleTimeout;
        ErrorBodyTimeout = options.ErrorBodyTimeout;
        AllowMissingStartWithin = options.AllowMissingStartWithin;
        MaxStreamFrameBytes = options.MaxStreamFrameBytes;
        MaxRetries = options.MaxRetries;
        InitialRetryDelay = options.InitialRetryDelay;
        MaxRetryDelay = options.MaxRetryDelay;
        MaxRetryAfter = options.MaxRetryAfter;
        TotalTimeout = options.TotalTimeout == System.Threading.Timeout.InfiniteTimeSpan ? null : options.TotalTimeout;
        MaxResponseBytes = options.MaxResponseBytes;
        Logger = (ILogger?)options.LoggerFactory?.CreateLogger<FlexInferenceClient>() ?? NullLogger.Instance;
        LogBodies = options.LogBodies;
        HttpClientSource = options.HttpClientSource;
        Telemetry = new ClientTelemetry(baseUrl, options.MeterFactory, Redactor);
        FlexFallback = options.FlexFallback is { Enabled: true } fallback ? fallback : null;
        Ledger = options.UsageLedger;
    }

    public string ApiKey { get; }

    /// <summary>Masks <see cref="ApiKey"/> in server text the SDK passes on.</summary>
    public SecretRedactor Redactor { get; }

    /// <summary>The base URL without a trailing slash; paths are appended to it.</summary>
    public Uri BaseUrl { get; }

    public HttpClient? HttpClient { get; }

    public TimeSpan ConnectTimeout { get; }

    public TimeSpan FirstByteTimeout { get; }

    public TimeSpan Timeout { get; }

    public TimeSpan IdleTimeout { get; }

    public TimeSpan ErrorBodyTimeout { get; }

    public bool AllowMissingStartWithin { get; }

    public int MaxStreamFrameBytes { get; }

    public int MaxRetries { get; }

    public TimeSpan InitialRetryDelay { get; }

    public TimeSpan MaxRetryDelay { get; }

    public TimeSpan MaxRetryAfter { get; }

    /// <summary>The client's default total budget of a call; null for none.</summary>
    public TimeSpan? TotalTimeout { get; }

    public long MaxResponseBytes { get; }

    /// <summary>The client's logger; <see cref="NullLogger.Instance"/> when none was configured.</summary>
    public ILogger Logger { get; }

    public bool LogBodies { get; }

    /// <summary>The <c>IHttpClientFactory</c> source of a client per call (DI), or null.</summary>
    public Func<HttpClient>? HttpClientSource { get; }

    /// <summary>The client's activity source, instruments and server facts.</summary>
    public ClientTelemetry Telemetry { get; }

    /// <summary>The client's fallback policy when it is on; null when off.</summary>
    public FlexFallbackPolicy? FlexFallback { get; }

    /// <summary>The attached usage ledger, or null (then no call pays anything for it).</summary>
    public FlexInferenceUsageLedger? Ledger { get; }

    public static ClientSettings Resolve(FlexInferenceClientOptions options)
    {
        string apiKey = CheckApiKey(options.ApiKey ?? Environment.GetEnvironmentVariable(ApiKeyVariable), options.ApiKey is null);
        Uri baseUrl = ResolveBaseUrl(options);
        CheckClock(options.ConnectTimeout, nameof(options.ConnectTimeout));
        CheckClock(options.FirstByteTimeout, nameof(options.FirstByteTimeout));
        CheckClock(options.Timeout, nameof(options.Timeout));
        CheckClock(options.IdleTimeout, nameof(options.IdleTimeout));
        CheckClock(options.ErrorBodyTimeout, nameof(options.ErrorBodyTimeout));
        if (options.MaxStreamFrameBytes < 1024)
        {
            throw new FlexInferenceValidationException(
                $"FlexInference: MaxStreamFrameBytes must be at least 1024 bytes, but it is {options.MaxStreamFrameBytes}: a smaller cap would refuse ordinary events. " +
                "Set it to the largest event you expect, for example 8 * 1024 * 1024.", nameof(options.MaxStreamFrameBytes), null);
        }
        CheckRetries(options);
        Validation.FallbackRule.Check(options.FlexFallback);
        if (options.TotalTimeout is { } total)
        {
            CheckClock(total, nameof(options.TotalTimeout));
        }

        if (options.MaxResponseBytes < 1024)
        {
            throw new FlexInferenceValidationException(
                $"FlexInference: MaxResponseBytes must be at least 1024 bytes, but it is {options.MaxResponseBytes}: a smaller cap would refuse ordinary answers. " +
                "Set it above the largest answer you expect, for example 64 * 1024 * 1024.", nameof(options.MaxResponseBytes), null);
        }

        return new ClientSettings(apiKey, baseUrl, options);
    }

    /// <summary>Refuses keys that cannot be sent in a header. Messages never include the key itself.</summary>
    private static string CheckApiKey(string? apiKey, bool fromEnvironment)
    {
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            throw new FlexInferenceValidationException(
                $"FlexInference: no API key was given: pass it to the constructor (new FlexInferenceClient(\"flex_live_...\")) or set the {ApiKeyVariable} " +
                "environment variable. Keys look like \"flex_live_\" followed by 30 hex characters; create one at https://www.flexinference.com/dashboard.",
                "apiKey", null);
        }

        for (int i = 0; i < apiKey!.Length; i++)
        {
            // CR, LF and NUL would split or cut the header (request smuggling); other controls, spaces and non-ASCII
            // characters cannot travel in a header value either. Only printable ASCII passes.
            char c = apiKey[i];
            if (c <= ' ' || c >= '\u007F')
            {
                string source = fromEnvironment ? $"The {ApiKeyVariable} value" : "The API key";
                throw new FlexInferenceValidationException(
                    $"FlexInference: {source} contains whitespace, a control character (such as CR, LF or NUL) or a non-ASCII character at position {i + 1}, " +
                    "which cannot be sent in the Authorization header; it usually means the key was copied with a space or line break. Copy it again " +
                    "from the dashboard (it looks like \"flex_live_\" followed by 30 hex characters). The key itself is not shown here.",
                    "apiKey", null);
            }
        }

        return apiKey;
    }

    private static Uri ResolveBaseUrl(FlexInferenceClientOptions options)
    {
        Uri? url = options.BaseUrl;
        string source = "BaseUrl";
        if (url is null && Environment.GetEnvironmentVariable(BaseUrlVariable) is { Length: > 0 } fromEnvironment)
        {
            source = BaseUrlVariable;
            if (!Uri.TryCreate(fromEnvironment.Trim(), UriKind.Absolute, out url))
            {
                throw InvalidBaseUrl(source, "is not an absolute URL");
            }
        }

        url ??= FlexInferenceClientOptions.DefaultBaseUrl;
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw InvalidBaseUrl(source, "must be an absolute http or https URL");
        }

        if (url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            throw InvalidBaseUrl(source, "must not have a query or fragment, because paths such as /responses are appended to it");
        }

        if (url.Scheme == Uri.UriSchemeHttp && !IsLoopback(url) && !options.AllowInsecureHttp)
        {
            throw InvalidBaseUrl(source,
                "uses http:// to a host that is not loopback, so the API key would travel in clear text; use https://, or set AllowInsecureHttp if the network is trusted");
        }

        return new Uri(url.AbsoluteUri.TrimEnd('/'));
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.DnsSafeHost, out IPAddress? address) && IPAddress.IsLoopback(address));

    private static FlexInferenceValidationException InvalidBaseUrl(string source, string problem) =>
        new($"FlexInference: the base URL ({source}) {problem}. Use the router's URL ending in /v1, for example \"https://api.flexinference.com/v1\", " +
            "or a loopback test server such as \"http://127.0.0.1:5000/v1\".", "BaseUrl", null);

    private static void CheckRetries(FlexInferenceClientOptions options)
    {
        if (options.MaxRetries < 0)
        {
            throw new FlexInferenceValidationException(
                $"FlexInference: MaxRetries must be 0 or more, but it is {options.MaxRetries}. Set 0 to turn retries off, or keep the default 2.",
                nameof(options.MaxRetries), null);
        }

        if (options.InitialRetryDelay <= TimeSpan.Zero || options.MaxRetryDelay <= TimeSpan.Zero || options.MaxRetryDelay > TimeSpan.FromDays(1))
        {
            throw new FlexInferenceValidationException(
                $"FlexInference: InitialRetryDelay and MaxRetryDelay must be positive (and at most a day), but they are {options.InitialRetryDelay} and {options.MaxRetryDelay}. " +
                "Keep the defaults (0.5 s and 8 s), or set MaxRetries = 0 to turn retries off.", nameof(options.InitialRetryDelay), null);
        }

        if (options.MaxRetryDelay < options.InitialRetryDelay)
        {
            throw new FlexInferenceValidationException(
                $"FlexInference: MaxRetryDelay ({options.MaxRetryDelay}) must not be shorter than InitialRetryDelay ({options.InitialRetryDelay}). " +
                "Set MaxRetryDelay to the longest backoff you accept, for example TimeSpan.FromSeconds(8).", nameof(options.MaxRetryDelay), null);
        }

        if (options.MaxRetryAfter < TimeSpan.Zero || options.MaxRetryAfter > TimeSpan.FromDays(1))
        {
            throw new FlexInferenceValidationException(
                $"FlexInference: MaxRetryAfter must be between zero and one day, but it is {options.MaxRetryAfter}. " +
                "Set the longest server-requested wait to sleep through, for example TimeSpan.FromSeconds(60).", nameof(options.MaxRetryAfter), null);
        }
    }

    private static void CheckClock(TimeSpan value, string name) => Validation.ClockRule.Check(value, name);
}
