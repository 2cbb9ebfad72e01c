using System.Diagnostics.Metrics;
using System.Reflection;
using System.Text.Json.Serialization;
using FlexInference.Testing;
using FlexInference.Tests.Observability;
using FlexInference.Tests.Reliability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static FlexInference.Tests.Reliability.ReliabilityKit;

namespace FlexInference.Tests.DependencyInjection;

/// <summary>
/// <c>services.AddFlexInference(...)</c> against the embedded router: configuration binding, the returned
/// IHttpClientBuilder's handlers, a factory client per call, keyed clients, start-up validation with the client's own
/// messages (never the key), and the container's logger and meter factories.
/// </summary>
[Collection(nameof(TelemetryCollection))] // one test listens to meters, which are process-wide
public sealed class AddFlexInferenceTests
{
    private static readonly string Canary = "flex_live_DICANARY" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task A_configuration_section_registers_a_client_whose_handlers_run_on_every_call()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(cancellationToken: Token);
        IConfiguration configuration = Configuration(new()
        {
            ["FlexInference:ApiKey"] = FlexInferenceTestServer.TestApiKey,
            ["FlexInference:BaseUrl"] = router.BaseUrl.AbsoluteUri,
            ["FlexInference:FirstByteTimeout"] = "00:01:30",
            ["FlexInference:MaxRetries"] = "0",
        });
        var seen = new CountingHandler();
        int clientsCreated = 0;
        var services = new ServiceCollection();
        services.AddFlexInference(configuration.GetSection("FlexInference"))
            .AddHttpMessageHandler(() => seen)
            .ConfigureHttpClient(_ => Interlocked.Increment(ref clientsCreated));
        await using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        provider.GetRequiredService<IStartupValidator>().Validate();

        FlexInferenceClient client = provider.GetRequiredService<FlexInferenceClient>();
        Assert.Same(client, provider.GetRequiredService<FlexInferenceClient>()); // a singleton
        for (int i = 0; i < 3; i++)
        {
            Response response = await client.Responses.CreateAsync(Request, cancellationToken: Token);
            Assert.NotNull(response.Id);
        }

        Assert.Equal(new Uri(router.BaseUrl.AbsoluteUri.TrimEnd('/')), client.BaseUrl);
        Assert.Equal(3, seen.Count); // the DelegatingHandler added to the returned builder saw each request
        Assert.Equal(3, clientsCreated); // a new factory HttpClient per call, so the factory's handler rotation applies
        Assert.Equal(3, router.Requests.Count);
        FlexInferenceClientOptions options = provider.GetRequiredService<IOptionsMonitor<FlexInferenceClientOptions>>().Get(Options.DefaultName);
        Assert.Equal(TimeSpan.FromSeconds(90), options.FirstByteTimeout);
        Assert.Equal(0, options.MaxRetries);
        HttpClient factoryClient = provider.GetRequiredService<IHttpClientFactory>().CreateClient(FlexInferenceServiceCollectionExtensions.HttpClientName);
        Assert.Equal(Timeout.InfiniteTimeSpan, factoryClient.Timeout); // the client's own clocks bound the call, not HttpClient's 100 s
    }

    [Fact]
    public async Task Disposing_the_client_leaves_the_factorys_handlers_working()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(cancellationToken: Token);
        var services = new ServiceCollection();
        services.AddFlexInference(options =>
        {
            options.ApiKey = FlexInferenceTestServer.TestApiKey;
            options.BaseUrl = router.BaseUrl;
        });
        await using ServiceProvider provider = services.BuildServiceProvider();
        FlexInferenceClient client = provider.GetRequiredService<FlexInferenceClient>();
        await client.Responses.CreateAsync(Request, cancellationToken: Token);

        client.Dispose();

        // The handler chain is the factory's: the same pooled handler still serves the next client it hands out.
        using HttpClient http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(FlexInferenceServiceCollectionExtensions.HttpClientName);
        using HttpRequestMessage request = new(HttpMethod.Get, router.BaseUrl.AbsoluteUri + "/models");
        request.Headers.Authorization = new("Bearer", FlexInferenceTestServer.TestApiKey);
        using HttpResponseMessage response = await http.SendAsync(request, Token);
        Assert.True(response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Keyed_clients_have_their_own_options_and_HttpClient_and_resolve_by_key()
    {
        await using FlexInferenceTestServer main = await FlexInferenceTestServer.StartAsync(cancellationToken: Token);
        await using FlexInferenceTestServer eu = await FlexInferenceTestServer.StartAsync(cancellationToken: Token);
        var euSeen = new CountingHandler();
        var services = new ServiceCollection();
        services.AddFlexInference(options =>
        {
            options.ApiKey = FlexInferenceTestServer.TestApiKey;
            options.BaseUrl = main.BaseUrl;
        });
        services.AddFlexInference("eu", Configuration(new()
        {
            ["ApiKey"] = FlexInferenceTestServer.TestApiKey,
            ["BaseUrl"] = eu.BaseUrl.AbsoluteUri,
            ["MaxRetries"] = "5",
        })).AddHttpMessageHandler(() => euSeen);
        services.AddSingleton<EuConsumer>();
        await using ServiceProvider provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        FlexInferenceClient defaultClient = provider.GetRequiredService<FlexInferenceClient>();
        FlexInferenceClient euClient = provider.GetRequiredKeyedService<FlexInferenceClient>("eu");
        Assert.NotSame(defaultClient, euClient);
        Assert.Same(euClient, provider.GetRequiredService<EuConsumer>().Client); // [FromKeyedServices("eu")]
        await euClient.Responses.CreateAsync(Request, cancellationToken: Token);
        await defaultClient.Responses.CreateAsync(Request, cancellationToken: Token);

        Assert.Single(eu.Requests);
        Assert.Single(main.Requests);
        Assert.Equal(1, euSeen.Count); // the eu handler runs only on the eu client
        IOptionsMonitor<FlexInferenceClientOptions> monitor = provider.GetRequiredService<IOptionsMonitor<FlexInferenceClientOptions>>();
        Assert.Equal(5, monitor.Get("eu").MaxRetries);
        Assert.Equal(2, monitor.Get(Options.DefaultName).MaxRetries);
    }

    [Fact]
    public void Bad_options_fail_at_start_up_with_the_clients_own_message_and_never_the_key()
    {
        var services = new ServiceCollection();
        services.AddFlexInference(options =>
        {
            options.ApiKey = Canary + " trailing";
            options.BaseUrl = new Uri("http://127.0.0.1:9/v1");
        });
        services.AddFlexInference("eu", options =>
        {
            options.ApiKey = Canary;
            options.BaseUrl = new Uri("http://127.0.0.1:9/v1");
            options.MaxRetries = -1;
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        // Two registrations fail: start-up reports both at once.
        AggregateException error = Assert.Throws<AggregateException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        string[] messages = error.InnerExceptions.Select(e => Assert.IsType<OptionsValidationException>(e).Message).ToArray();

        Assert.Equal(2, messages.Length);
        Assert.Contains("contains whitespace, a control character", messages[0], StringComparison.Ordinal);
        Assert.Contains($"position {Canary.Length + 1}", messages[0], StringComparison.Ordinal);
        Assert.Contains("(options of AddFlexInference)", messages[0], StringComparison.Ordinal);
        Assert.Contains("MaxRetries must be 0 or more, but it is -1", messages[1], StringComparison.Ordinal);
        Assert.Contains("AddFlexInference(\"eu\", ...)", messages[1], StringComparison.Ordinal);
        Assert.DoesNotContain("DICANARY", error.ToString(), StringComparison.Ordinal);
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<FlexInferenceClient>("eu")); // and not a half-built client
    }

    [Fact]
    public void A_value_that_does_not_parse_names_its_key_and_an_example_but_not_the_value()
    {
        var services = new ServiceCollection();
        services.AddFlexInference(Configuration(new()
        {
            ["FlexInference:ApiKey"] = Canary,
            ["FlexInference:ConnectTimeout"] = "ten seconds SECRETISH",
        }).GetSection("FlexInference"));
        using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("FlexInference:ConnectTimeout is not a duration written hh:mm:ss", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"00:01:30\"", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETISH", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("DICANARY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_supplied_HttpClient_is_refused_because_the_builders_handlers_would_not_run()
    {
        using var http = new HttpClient();
        var services = new ServiceCollection();
        services.AddFlexInference(options =>
        {
            options.ApiKey = Canary;
            options.HttpClient = http;
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<FlexInferenceClient>());

        Assert.Contains("HttpClient must not be set with AddFlexInference", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddHttpMessageHandler", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_keyed_client_needs_a_name()
    {
        var services = new ServiceCollection();
        ArgumentException error = Assert.Throws<ArgumentException>(() => services.AddFlexInference(" ", _ => { }));
        Assert.Contains("AddFlexInference(\"eu\"", error.Message, StringComparison.Ordinal);
        Assert.Empty(services); // nothing half-registered
    }

    [Fact]
    public void Every_option_that_is_configuration_binds_from_its_key()
    {
        // Every public settable option except the objects, with a value unlike its default: a new option without a
        // binder line fails here.
        string[] notConfiguration =
        [
            nameof(FlexInferenceClientOptions.HttpClient), nameof(FlexInferenceClientOptions.LoggerFactory), nameof(FlexInferenceClientOptions.MeterFactory),
            nameof(FlexInferenceClientOptions.UsageLedger),
        ];
        PropertyInfo[] properties = typeof(FlexInferenceClientOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && !notConfiguration.Contains(p.Name)).ToArray();
        var values = new Dictionary<string, string?>();
        var expected = new Dictionary<string, object>();
        int n = 3;
        foreach (PropertyInfo property in properties)
        {
            n++;
            Type type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            (string text, object value) = type switch
            {
                _ when type == typeof(string) => ("flex_live_abc" + n, (object)("flex_live_abc" + n)),
                _ when type == typeof(Uri) => ($"https://r{n}.example.com/v1", new Uri($"https://r{n}.example.com/v1")),
                _ when type == typeof(TimeSpan) => ($"00:00:{n:00}", TimeSpan.FromSeconds(n)),
                _ when type == typeof(int) => ((n * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), n * 1024),
                _ when type == typeof(long) => ((n * 1024L).ToString(System.Globalization.CultureInfo.InvariantCulture), n * 1024L),
                _ when type == typeof(bool) => ("true", true),
                _ when type == typeof(FlexFallbackPolicy) => ("priority", new FlexFallbackPolicy { Tier = StartWithin.Priority }), // FlexFallback:Tier
                _ => throw new InvalidOperationException($"No test value for {property.Name} ({type.Name}): add one, and a binder line."),
            };
            values["S:" + property.Name + (type == typeof(FlexFallbackPolicy) ? ":Tier" : string.Empty)] = text;
            expected[property.Name] = value;
        }

        var services = new ServiceCollection();
        services.AddFlexInference(Configuration(values).GetSection("S"));
        using ServiceProvider provider = services.BuildServiceProvider();
        FlexInferenceClientOptions options = provider.GetRequiredService<IOptionsFactory<FlexInferenceClientOptions>>().Create(Options.DefaultName);

        Assert.All(properties, property => Assert.Equal(expected[property.Name], property.GetValue(options)));
        Assert.All(
            typeof(FlexInferenceClientOptions).GetProperties().Where(p => notConfiguration.Contains(p.Name)),
            p => Assert.NotNull(p.GetCustomAttribute<JsonIgnoreAttribute>()));
    }

    [Fact]
    public async Task A_registered_usage_ledger_is_attached_and_the_fallback_binds_from_configuration()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(
            new FlexInferenceTestServerOptions { TimeScale = 0, BillingPastDue = true }, Token);
        var services = new ServiceCollection();
        services.AddSingleton<FlexInferenceUsageLedger>();
        services.AddFlexInference(Configuration(new Dictionary<string, string?>
        {
            ["S:ApiKey"] = FlexInferenceTestServer.TestApiKey,
            ["S:BaseUrl"] = router.BaseUrl.AbsoluteUri,
            ["S:FlexFallback:Enabled"] = "true",
        }).GetSection("S"));
        await using ServiceProvider provider = services.BuildServiceProvider();

        Response response = await provider.GetRequiredService<FlexInferenceClient>().Responses.CreateAsync(
            Request with { StartWithin = StartWithin.Within(TimeSpan.FromSeconds(30)) }, cancellationToken: Token);

        Assert.Equal(StartWithin.Default, response.GetRouting().ClientFallback?.Tier);
        FlexInferenceUsageEntry entry = Assert.Single(provider.GetRequiredService<FlexInferenceUsageLedger>().Snapshot().Entries);
        Assert.Equal((1L, 1L), (entry.Requests, entry.ClientFallbacks));
    }

    [Fact]
    public void A_fallback_tier_that_is_not_a_word_names_its_key()
    {
        var services = new ServiceCollection();
        services.AddFlexInference(Configuration(new Dictionary<string, string?> { ["S:ApiKey"] = "flex_live_x", ["S:FlexFallback:Tier"] = "00h-00m-30s" }).GetSection("S"));
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<FlexInferenceClient>());

        Assert.Contains("FlexFallback:Tier", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"default\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_containers_logger_and_meter_factories_are_used_and_no_log_line_holds_the_key()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions
        {
            AcceptedApiKeys = [Canary],
        }, Token);
        var logs = new MemoryLoggerFactory();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(logs); // every level on, HttpClient's own request/header logging included
        services.AddMetrics();
        services.AddFlexInference(options =>
        {
            options.ApiKey = Canary;
            options.BaseUrl = router.BaseUrl;
        });
        await using ServiceProvider provider = services.BuildServiceProvider();
        using var capture = new TelemetryCapture(router.BaseUrl, activities: false);

        await provider.GetRequiredService<FlexInferenceClient>().Responses.CreateAsync(Request, cancellationToken: Token);

        Assert.Contains(logs.Lines, line => line.EventId.Id == 2 && line.Category == "FlexInference.FlexInferenceClient");
        Assert.Contains(logs.Lines, line => line.Category.StartsWith("System.Net.Http.HttpClient.FlexInference", StringComparison.Ordinal));
        Assert.DoesNotContain("DICANARY", logs.AllText(), StringComparison.Ordinal);
        Measured duration = Assert.Single(capture.Of("gen_ai.client.operation.duration"));
        Assert.Same(provider.GetRequiredService<IMeterFactory>(), duration.Meter.Scope); // the container's meter, disposed with it
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private sealed class CountingHandler : DelegatingHandler
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class EuConsumer([FromKeyedServices("eu")] FlexInferenceClient client)
    {
        public FlexInferenceClient Client { get; } = client;
    }
}
