using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlexInference.Testing;

/// <summary>
/// A local FlexInference router for tests: a real HTTP server on a random loopback port that speaks the router's
/// contract (the four generation surfaces, <c>/models</c>, <c>/limits</c>), validates like the router, simulates the
/// flex race with the response headers withheld, records every request and plays scripted faults.
/// </summary>
/// <example>
/// <code>
/// await using var router = await FlexInferenceTestServer.StartAsync();
/// using HttpClient http = router.CreateHttpClient();   // base address router.HttpBaseAddress, a Bearer test key
/// HttpResponseMessage response = await http.PostAsync("responses", JsonContent.Create(new
/// {
///     model = "gpt-5.5", start_within = "00h-00m-30s", input = "Hello",
/// }));
/// string reason = response.Headers.GetValues("x-flexinference-routing-reason").Single(); // flex_won, flex_deadline or flex_capacity
/// Assert.Single(router.Requests);
/// </code>
/// </example>
public sealed class FlexInferenceTestServer : IAsyncDisposable
{
    /// <summary>A well-formed fake key (<c>flex_live_</c> + 24 hex + 6 hex) for tests; accepted unless <see cref="FlexInferenceTestServerOptions.AcceptedApiKeys"/> is set.</summary>
    public const string TestApiKey = "flex_live_0123456789abcdef01234567abcdef";

    /// <summary>The <c>HttpContext.Items</c> key under which the generation handler leaves the routing reason for the request log.</summary>
    internal const string RoutingReasonItem = "flexinference.routing_reason";

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private int _disposed;

    private FlexInferenceTestServer(WebApplication app, CancellationTokenSource stopping, Uri baseUrl, RecordedRequestLog requests, FaultScript faults)
    {
        _app = app;
        _stopping = stopping;
        BaseUrl = baseUrl;
        Requests = requests;
        Faults = faults;
    }

    /// <summary>
    /// The router base URL, ending in <c>/v1</c> with no trailing slash (like <c>https://api.flexinference.com/v1</c>),
    /// for example <c>http://127.0.0.1:54321/v1</c>. Give it to the FlexInference client as its base URL.
    /// </summary>
    /// <remarks>
    /// As an <see cref="System.Net.Http.HttpClient.BaseAddress"/>, a relative URI replaces the last segment
    /// (<c>"responses"</c> would become <c>/responses</c>): use <see cref="HttpBaseAddress"/> there, or <see cref="CreateHttpClient"/>.
    /// </remarks>
    public Uri BaseUrl { get; }

    /// <summary><see cref="BaseUrl"/> with a trailing slash, for <see cref="System.Net.Http.HttpClient.BaseAddress"/>: relative URIs such as <c>"responses"</c> then resolve under <c>/v1/</c>.</summary>
    public Uri HttpBaseAddress => new(BaseUrl.AbsoluteUri + "/");

    /// <summary>Every request received, in arrival order (thread-safe; the API key is never kept).</summary>
    public RecordedRequestLog Requests { get; }

    /// <summary>The scripted faults: queue one with <c>router.Faults.Enqueue(Fault.PaymentRequired())</c>.</summary>
    public FaultScript Faults { get; }

    /// <summary>Starts a server on <c>127.0.0.1</c> and a free port.</summary>
    /// <param name="options">How the server behaves; null for the defaults. Read once: later changes have no effect.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop it.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message says which and why).</exception>
    public static async Task<FlexInferenceTestServer> StartAsync(FlexInferenceTestServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        FlexInferenceTestServerOptions settings = (options ?? new FlexInferenceTestServerOptions()).Snapshot();
        var requests = new RecordedRequestLog();
        var faults = new FaultScript();
        var stopping = new CancellationTokenSource();

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = Array.Empty<string>(),
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.AddServerHeader = false;

            // The server enforces the router's own cap (413 request_too_large), so Kestrel's must not fire first.
            kestrel.Limits.MaxRequestBodySize = null;
        });

        WebApplication app = builder.Build();
        var pipeline = new RequestPipeline(settings, requests, faults, stopping.Token);
        app.Run(pipeline.HandleAsync);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            stopping.Dispose();
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FlexInferenceTestServer(app, stopping, new Uri(address.TrimEnd('/') + "/v1"), requests, faults);
    }

    /// <summary>
    /// A new <see cref="System.Net.Http.HttpClient"/> whose base address is <see cref="HttpBaseAddress"/> and which sends
    /// <c>Authorization: Bearer <paramref name="apiKey"/></c>. The caller disposes it.
    /// </summary>
    /// <param name="apiKey">The key to send; default <see cref="TestApiKey"/>. Null sends no Authorization header.</param>
    public System.Net.Http.HttpClient CreateHttpClient(string? apiKey = TestApiKey)
    {
        var client = new System.Net.Http.HttpClient { BaseAddress = HttpBaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    /// <summary>Stops the server: in-flight races, stalls and streams are cut off, and the port is released.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _stopping.Dispose();
        }
    }
}
