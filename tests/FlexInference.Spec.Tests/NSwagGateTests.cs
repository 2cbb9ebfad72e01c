using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace FlexInference.Spec.Tests;

/// <summary>
/// The build gate itself: this project's GenerateNSwagReference target (the one every build of it runs, with the same
/// NSwag command line) fails on a spec NSwag rejects and names the spec; it passes on the checked-in one.
/// Each case runs `dotnet msbuild -t:GenerateNSwagReference` on a copy of the spec in a temporary folder (about 1-2 s).
/// </summary>
public sealed class NSwagGateTests : IDisposable
{
    private static readonly string ProjectFile = typeof(NSwagGateTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SpecTestsProject").Value!;

    private readonly string directory = Directory.CreateTempSubdirectory("flexinference-nswag-gate-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task A_broken_ref_fails_the_build_naming_the_spec()
    {
        JsonNode spec = JsonNode.Parse(File.ReadAllText(SpecPath()))!;
        JsonNode usage = spec["components"]!["schemas"]!["Response"]!["properties"]!["usage"]!["oneOf"]![0]!;
        Assert.Equal("#/components/schemas/ResponseUsage", (string?)usage["$ref"]);
        usage["$ref"] = "#/components/schemas/ResponseUsageTypo";
        string broken = Path.Combine(directory, "broken.openapi.json");
        await File.WriteAllTextAsync(broken, spec.ToJsonString(), TestContext.Current.CancellationToken);

        (int exitCode, string output) = await RunGateAsync(broken);

        Assert.True(exitCode != 0, output);
        Assert.Contains($"error FLEXSPEC001: NSwag rejected the OpenAPI document {broken}", output, StringComparison.Ordinal);
        Assert.Contains("Could not resolve the path '#/components/schemas/ResponseUsageTypo'", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "NSwagReference.g.cs")), "no DTO file may be left behind");
    }

    [Fact]
    public async Task The_checked_in_spec_passes_the_gate()
    {
        string copy = Path.Combine(directory, "flexinference.openapi.json");
        File.Copy(SpecPath(), copy);

        (int exitCode, string output) = await RunGateAsync(copy);

        Assert.True(exitCode == 0, output);
        Assert.Contains("namespace FlexInference.Spec.Tests.NSwagReference", await File.ReadAllTextAsync(Path.Combine(directory, "NSwagReference.g.cs"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    private static string SpecPath() => Path.Combine(AppContext.BaseDirectory, "openapi", "flexinference.openapi.json");

    private async Task<(int ExitCode, string Output)> RunGateAsync(string specFile)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        foreach (string argument in new[]
        {
            "msbuild", ProjectFile, "-t:GenerateNSwagReference", "-nologo", "-v:m", "-nodeReuse:false",
            $"-p:NSwagSpecFile={specFile}", $"-p:NSwagReferenceOutput={Path.Combine(directory, "NSwagReference.g.cs")}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        // The test host may run under an MSBuild-launched process; its MSBuild variables must not leak into this one.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
