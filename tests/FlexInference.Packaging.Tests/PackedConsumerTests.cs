using FlexInference.Packaging.Tests.Infrastructure;
using FlexInference.Testing;

namespace FlexInference.Packaging.Tests;

/// <summary>
/// Projects that reference only the packed FlexInference nupkg restore, build with warnings as errors, call the
/// embedded router, and get generated types only when they opt a spec in.
/// </summary>
[Collection(PackedConsumersCollection.Name)]
public sealed class PackedConsumerTests(PackedConsumers consumers)
{
    [Fact]
    public async Task The_package_alone_restores_from_the_packed_nupkg_and_calls_the_router()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        ProcessResult run = await consumers.RunAsync(PackedConsumers.PackageOnly, router.BaseUrl, FlexInferenceTestServer.TestApiKey);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("answer: This is a simulated answer. You said: Hello from a packed consumer.", run.Output, StringComparison.Ordinal);
        Assert.Contains("route: tier default, reason tier_direct", run.Output, StringComparison.Ordinal);
        Assert.Equal("/v1/responses", Assert.Single(router.Requests).Path);

        // The package came from artifacts/packages (not a cached copy of the same version from elsewhere).
        Assert.Equal(Repo.PackagesDirectory.TrimEnd('/'), consumers.RestoredFrom("FlexInference").TrimEnd('/'));
    }

    [Fact]
    public async Task Without_an_opted_in_spec_the_generator_in_the_package_generates_nothing()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        ProcessResult run = await consumers.RunAsync(PackedConsumers.PackageOnly, router.BaseUrl, FlexInferenceTestServer.TestApiKey);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("generated public types in MyApp.Router: 0", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_opted_in_spec_generates_its_types_into_the_namespace_it_names()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        ProcessResult run = await consumers.RunAsync(PackedConsumers.OptedIn, router.BaseUrl, FlexInferenceTestServer.TestApiKey);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("generated MyApp.Router.CreateResponse: True", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("generated public types in MyApp.Router: 0", run.Output, StringComparison.Ordinal);
        // The consumer's own types and the package's live side by side: the call still goes through the package's.
        Assert.Contains("You said: Hello from a packed consumer.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FlexInferenceGenerator_false_switches_generation_off_even_for_an_opted_in_spec()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        ProcessResult run = await consumers.RunAsync(PackedConsumers.SwitchedOff, router.BaseUrl, FlexInferenceTestServer.TestApiKey);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("generated public types in MyApp.Router: 0", run.Output, StringComparison.Ordinal);
    }
}
