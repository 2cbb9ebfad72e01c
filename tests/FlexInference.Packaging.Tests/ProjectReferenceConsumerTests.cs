using FlexInference.Packaging.Tests.Infrastructure;
using FlexInference.Testing;

namespace FlexInference.Packaging.Tests;

/// <summary>
/// A project outside this repository's build files (its own empty Directory.Build.props/targets) that references
/// src/FlexInference/FlexInference.csproj with a plain ProjectReference sees the generated types (docs/decisions.md,
/// "FlexInference.Generated reaches ProjectReference consumers"), compiles with warnings as errors, and calls the router.
/// </summary>
[Collection(SourceBuildsCollection.Name)]
public sealed class ProjectReferenceConsumerTests
{
    private const string Program = """
        using FlexInference;

        using var client = new FlexInferenceClient("flex_test_key", new FlexInferenceClientOptions { BaseUrl = new Uri(args[0]) });
        Response response = await client.Responses.CreateAsync(new CreateResponse
        {
            Model = "gpt-5.5",
            Input = "Hello from a ProjectReference.",
            StartWithin = StartWithin.Default,
        });
        Console.WriteLine("answer: " + response.OutputText());
        Console.WriteLine("tier: " + response.GetRouting().ServiceTier);
        """;

    [Fact]
    public async Task A_plain_ProjectReference_consumer_compiles_against_Response_and_FlexInferenceClient_and_calls_the_router()
    {
        using var consumer = new TempDirectory("flexinference-projectreference");
        string library = Path.Combine(Repo.Root, "src", "FlexInference", "FlexInference.csproj");
        File.WriteAllText(Path.Combine(consumer.Path, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(consumer.Path, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(consumer.Path, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{library}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer.Path, "Program.cs"), Program);

        // The solution build already built src/: reuse it instead of building the library again beside the other tests.
        ProcessResult build = await DotNetProcess.RunDotNetAsync(consumer.Path, TimeSpan.FromMinutes(5),
            ["build", "-c", Repo.Configuration, "-p:BuildProjectReferences=false", .. DotNetProcess.NoServers]);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("CS0012", build.Output, StringComparison.Ordinal);

        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        string program = Path.Combine(consumer.Path, "bin", Repo.Configuration, "net10.0", "Consumer.dll");
        ProcessResult run = await DotNetProcess.RunAsync(DotNetProcess.DotNet, [program, router.BaseUrl.ToString()], consumer.Path, TimeSpan.FromMinutes(2), environment: null);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("answer: This is a simulated answer. You said: Hello from a ProjectReference.", run.Output, StringComparison.Ordinal);
        Assert.Contains("tier: default", run.Output, StringComparison.Ordinal);
    }
}
