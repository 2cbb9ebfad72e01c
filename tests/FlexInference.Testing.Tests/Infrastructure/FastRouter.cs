namespace FlexInference.Testing.Tests;

/// <summary>A shared server with no simulated waits, for tests that check shapes and rules rather than time.</summary>
public sealed class FastRouter : IAsyncLifetime
{
    public FlexInferenceTestServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Server = await FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions { TimeScale = 0 });

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
