using System;
using System.Diagnostics.Metrics;
using System.Net.Http;
using System.Threading;
using FlexInference;
using FlexInference.DependencyInjection;
using FlexInference.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// The .NET convention for registration helpers: they sit where IServiceCollection is, so no extra using is needed.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// <c>services.AddFlexInference(...)</c>: registers a singleton <see cref="FlexInferenceClient"/> that sends through
/// <c>IHttpClientFactory</c>, with its options validated at start-up and the container's <see cref="ILoggerFactory"/> and
/// <see cref="IMeterFactory"/>. Each returns the <see cref="IHttpClientBuilder"/> of the client's named HttpClient, so
/// handlers, resilience and proxies are added the usual way.
/// </summary>
/// <example>
/// <code>
/// builder.Services.AddFlexInference(builder.Configuration.GetSection("FlexInference"))
///     .AddHttpMessageHandler&lt;AuditHandler&gt;();
/// builder.Services.AddFlexInference("eu", options =&gt; options.BaseUrl = new Uri("https://eu.api.flexinference.com/v1"));
///
/// public sealed class Summarizer(FlexInferenceClient client, [FromKeyedServices("eu")] FlexInferenceClient eu) { ... }
/// </code>
/// </example>
public static class FlexInferenceServiceCollectionExtensions
{
    /// <summary>The name of the default client's HttpClient; a keyed client's is <c>FlexInference:{key}</c>.</summary>
    public const string HttpClientName = "FlexInference";

    /// <summary>Registers the <see cref="FlexInferenceClient"/>, its options bound from <paramref name="configuration"/> (for example <c>configuration.GetSection("FlexInference")</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">
    /// The section holding the options by property name: <c>ApiKey</c>, <c>BaseUrl</c>, the clocks as <c>hh:mm:ss</c>
    /// (<c>"FirstByteTimeout": "00:01:30"</c>), <c>MaxRetries</c>, ... (docs/dependency-injection.md lists them).
    /// </param>
    /// <returns>The builder of the client's named HttpClient, to add handlers.</returns>
    public static IHttpClientBuilder AddFlexInference(this IServiceCollection services, IConfiguration configuration) =>
        Register(services, null, Bind(configuration, Microsoft.Extensions.Options.Options.DefaultName));

    /// <summary>Registers the <see cref="FlexInferenceClient"/>, configured by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options, for example <c>options =&gt; options.ApiKey = key</c>.</param>
    /// <returns>The builder of the client's named HttpClient, to add handlers.</returns>
    public static IHttpClientBuilder AddFlexInference(this IServiceCollection services, Action<FlexInferenceClientOptions> configure) =>
        Register(services, null, configure ?? throw new ArgumentNullException(nameof(configure)));

    /// <summary>
    /// Registers a keyed <see cref="FlexInferenceClient"/> (another key or base URL), resolved with
    /// <c>[FromKeyedServices("eu")]</c> or <c>GetRequiredKeyedService&lt;FlexInferenceClient&gt;("eu")</c>, with its own
    /// options (named <paramref name="name"/>) and its own HttpClient (<c>FlexInference:{name}</c>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The service key and options name, for example <c>"eu"</c>.</param>
    /// <param name="configuration">The section holding this client's options.</param>
    /// <returns>The builder of this client's named HttpClient.</returns>
    public static IHttpClientBuilder AddFlexInference(this IServiceCollection services, string name, IConfiguration configuration) =>
        Register(services, CheckName(name), Bind(configuration, name));

    /// <summary>Registers a keyed <see cref="FlexInferenceClient"/>, configured by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The service key and options name, for example <c>"eu"</c>.</param>
    /// <param name="configure">Sets this client's options.</param>
    /// <returns>The builder of this client's named HttpClient.</returns>
    public static IHttpClientBuilder AddFlexInference(this IServiceCollection services, string name, Action<FlexInferenceClientOptions> configure) =>
        Register(services, CheckName(name), configure ?? throw new ArgumentNullException(nameof(configure)));

    private static IHttpClientBuilder Register(IServiceCollection services, string? key, Action<FlexInferenceClientOptions> configure)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        string optionsName = key ?? Microsoft.Extensions.Options.Options.DefaultName;
        string httpClientName = key is null ? HttpClientName : HttpClientName + ":" + key;
        services.AddOptions<FlexInferenceClientOptions>(optionsName).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FlexInferenceClientOptions>, FlexInferenceOptionsValidator>());

        IHttpClientBuilder builder = services.AddHttpClient(httpClientName)
            // The client's own clocks bound every phase; HttpClient's 100 s default would cut long generations.
            .ConfigureHttpClient(static client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => FlexInference.Pipeline.HttpHandlerFactory.CreateHandler(OptionsOf(provider, optionsName).ConnectTimeout));

        if (key is null)
        {
            services.TryAddSingleton(provider => Create(provider, optionsName, httpClientName));
        }
        else
        {
            services.TryAddKeyedSingleton(key, (provider, _) => Create(provider, optionsName, httpClientName));
        }

        return builder;
    }

    /// <summary>
    /// A singleton that asks the factory for a client on every call: the factory rotates (and disposes) its handlers, the
    /// SDK never disposes them, and the handlers the caller added run on every request.
    /// </summary>
    private static FlexInferenceClient Create(IServiceProvider provider, string optionsName, string httpClientName)
    {
        FlexInferenceClientOptions options = OptionsOf(provider, optionsName).Clone(); // never change the shared, validated instance
        options.LoggerFactory ??= provider.GetService<ILoggerFactory>();
        options.MeterFactory ??= provider.GetService<IMeterFactory>();
        options.UsageLedger ??= provider.GetService<FlexInferenceUsageLedger>(); // a registered ledger is attached to every client
        IHttpClientFactory factory = provider.GetRequiredService<IHttpClientFactory>();
        options.HttpClientSource = () => factory.CreateClient(httpClientName);
        return new FlexInferenceClient(options);
    }

    private static FlexInferenceClientOptions OptionsOf(IServiceProvider provider, string optionsName) =>
        provider.GetRequiredService<IOptionsMonitor<FlexInferenceClientOptions>>().Get(optionsName);

    private static Action<FlexInferenceClientOptions> Bind(IConfiguration configuration, string name)
    {
        if (configuration is null)
        {
            throw new ArgumentNullException(nameof(configuration));
        }

        return options => FlexInferenceConfigurationBinder.Bind(configuration, options, name);
    }

    private static string CheckName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException(
                "FlexInference: a keyed client needs a non-empty name, the key it is resolved by. Use AddFlexInference(configure) for the default " +
                "client, or a name such as AddFlexInference(\"eu\", options => ...).", nameof(name));
        }

        return name;
    }
}
