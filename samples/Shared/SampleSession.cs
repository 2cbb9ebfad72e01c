using FlexInference;
using FlexInference.Testing;

namespace FlexInference.Samples;

/// <summary>
/// Where a sample sends its requests: the embedded router on loopback (no key, no network) by default, or the real
/// router with <c>--base-url https://api.flexinference.com/v1</c> and the key in <c>FLEX_API_KEY</c>.
/// </summary>
internal sealed class SampleSession : IAsyncDisposable
{
    private SampleSession(FlexInferenceClient client, FlexInferenceTestServer? router)
    {
        Client = client;
        Router = router;
    }

    public FlexInferenceClient Client { get; }

    /// <summary>The embedded router, or null when running against a real one.</summary>
    public FlexInferenceTestServer? Router { get; }

    public bool IsEmbedded => Router is not null;

    /// <param name="args">The sample's arguments (<c>--base-url</c> for a real router).</param>
    /// <param name="options">The embedded router's options.</param>
    /// <param name="configure">Client options the sample adds (a usage ledger, a fallback policy), on either router.</param>
    public static async Task<SampleSession> StartAsync(string[] args, FlexInferenceTestServerOptions? options = null, Action<FlexInferenceClientOptions>? configure = null)
    {
        int index = Array.IndexOf(args, "--base-url");
        if (index >= 0)
        {
            if (index + 1 >= args.Length || !Uri.TryCreate(args[index + 1], UriKind.Absolute, out Uri? baseUrl))
            {
                throw new ArgumentException("--base-url needs a URL, for example --base-url https://api.flexinference.com/v1");
            }

            // The key comes from FLEX_API_KEY; the client explains what to do when it is missing.
            var remote = new FlexInferenceClientOptions { BaseUrl = baseUrl };
            configure?.Invoke(remote);
            return new SampleSession(new FlexInferenceClient(remote), null);
        }

        FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(options);
        var embedded = new FlexInferenceClientOptions { BaseUrl = router.BaseUrl };
        configure?.Invoke(embedded);
        var client = new FlexInferenceClient(FlexInferenceTestServer.TestApiKey, embedded);
        return new SampleSession(client, router);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (Router is not null)
        {
            await Router.DisposeAsync();
        }
    }
}
