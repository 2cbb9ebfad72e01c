using System;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FlexInference.DependencyInjection;

/// <summary>
/// Binds <see cref="FlexInferenceClientOptions"/> from a configuration section by hand: no reflection, so it is trim- and
/// AOT-safe, and a value that does not parse fails with the key, what was expected and an example (never the value, which
/// might be a secret). The objects (<c>HttpClient</c>, <c>LoggerFactory</c>, <c>MeterFactory</c>) are not configuration;
/// keys that are not option names are ignored, so keyed clients' sections may nest below.
/// </summary>
internal static class FlexInferenceConfigurationBinder
{
    public static void Bind(IConfiguration configuration, FlexInferenceClientOptions options, string name)
    {
        if (Value(configuration, nameof(options.ApiKey)) is { } apiKey)
        {
            options.ApiKey = apiKey;
        }

        if (Value(configuration, nameof(options.BaseUrl)) is { } baseUrl)
        {
            options.BaseUrl = Uri.TryCreate(baseUrl.Trim(), UriKind.Absolute, out Uri? url)
                ? url
                : throw Invalid(configuration, nameof(options.BaseUrl), name, "an absolute URL", "\"https://api.flexinference.com/v1\"");
        }

        options.ConnectTimeout = Duration(configuration, nameof(options.ConnectTimeout), name) ?? options.ConnectTimeout;
        options.FirstByteTimeout = Duration(configuration, nameof(options.FirstByteTimeout), name) ?? options.FirstByteTimeout;
        options.Timeout = Duration(configuration, nameof(options.Timeout), name) ?? options.Timeout;
        options.IdleTimeout = Duration(configuration, nameof(options.IdleTimeout), name) ?? options.IdleTimeout;
        options.ErrorBodyTimeout = Duration(configuration, nameof(options.ErrorBodyTimeout), name) ?? options.ErrorBodyTimeout;
        options.TotalTimeout = Duration(configuration, nameof(options.TotalTimeout), name) ?? options.TotalTimeout;
        options.InitialRetryDelay = Duration(configuration, nameof(options.InitialRetryDelay), name) ?? options.InitialRetryDelay;
        options.MaxRetryDelay = Duration(configuration, nameof(options.MaxRetryDelay), name) ?? options.MaxRetryDelay;
        options.MaxRetryAfter = Duration(configuration, nameof(options.MaxRetryAfter), name) ?? options.MaxRetryAfter;
        options.MaxRetries = (int?)Integer(configuration, nameof(options.MaxRetries), name, int.MaxValue) ?? options.MaxRetries;
        options.MaxStreamFrameBytes = (int?)Integer(configuration, nameof(options.MaxStreamFrameBytes), name, int.MaxValue) ?? options.MaxStreamFrameBytes;
        options.MaxResponseBytes = Integer(configuration, nameof(options.MaxResponseBytes), name, long.MaxValue) ?? options.MaxResponseBytes;
        options.AllowMissingStartWithin = Flag(configuration, nameof(options.AllowMissingStartWithin), name) ?? options.AllowMissingStartWithin;
        options.AllowInsecureHttp = Flag(configuration, nameof(options.AllowInsecureHttp), name) ?? options.AllowInsecureHttp;
        options.LogBodies = Flag(configuration, nameof(options.LogBodies), name) ?? options.LogBodies;
        BindFallback(configuration, options, name);
    }

    /// <summary><c>FlexFallback:Enabled</c> and <c>FlexFallback:Tier</c>; either one turns the section on (Enabled defaults to true).</summary>
    private static void BindFallback(IConfiguration configuration, FlexInferenceClientOptions options, string name)
    {
        const string Enabled = "FlexFallback:Enabled";
        const string Tier = "FlexFallback:Tier";
        bool? enabled = Flag(configuration, Enabled, name);
        string? tier = Value(configuration, Tier)?.Trim();
        if (enabled is null && tier is null)
        {
            return;
        }

        FlexFallbackPolicy policy = options.FlexFallback ?? FlexFallbackPolicy.ToDefault;
        if (tier is not null)
        {
            policy = StartWithin.TryParse(tier, out StartWithin word) && !word.IsDuration
                ? policy with { Tier = word }
                : throw Invalid(configuration, Tier, name, "a tier word", "\"default\" (or \"priority\", \"auto\")");
        }

        options.FlexFallback = policy with { Enabled = enabled ?? true };
    }

    /// <summary>A set, non-blank value; an empty one counts as unset (so <c>FLEX_API_KEY</c> still applies).</summary>
    private static string? Value(IConfiguration configuration, string key) =>
        configuration[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static TimeSpan? Duration(IConfiguration configuration, string key, string name)
    {
        if (Value(configuration, key) is not { } text)
        {
            return null;
        }

        return TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out TimeSpan value)
            ? value
            : throw Invalid(configuration, key, name, "a duration written hh:mm:ss", "\"00:01:30\" for 90 seconds");
    }

    private static long? Integer(IConfiguration configuration, string key, string name, long max)
    {
        if (Value(configuration, key) is not { } text)
        {
            return null;
        }

        return long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) && value <= max
            ? value
            : throw Invalid(configuration, key, name, $"a whole number up to {max.ToString(CultureInfo.InvariantCulture)}", "\"2\"");
    }

    private static bool? Flag(IConfiguration configuration, string key, string name)
    {
        if (Value(configuration, key) is not { } text)
        {
            return null;
        }

        return bool.TryParse(text.Trim(), out bool value) ? value : throw Invalid(configuration, key, name, "true or false", "\"true\"");
    }

    /// <summary>Reported like a validation failure, so start-up lists it with the others; the value is not repeated.</summary>
    private static OptionsValidationException Invalid(IConfiguration configuration, string key, string name, string expected, string example)
    {
        string path = configuration is IConfigurationSection section && section.Path.Length > 0 ? section.Path + ":" + key : key;
        string message = FlexInferenceOptionsValidator.Registration(name,
            $"FlexInference: the configuration value {path} is not {expected}, so the client cannot be configured. Set it to {expected}, for example {example}.");
        return new OptionsValidationException(name, typeof(FlexInferenceClientOptions), [message]);
    }
}
