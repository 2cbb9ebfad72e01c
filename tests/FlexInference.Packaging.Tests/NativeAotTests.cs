using System.Text.RegularExpressions;
using FlexInference.Packaging.Tests.Infrastructure;
using FlexInference.Testing;

namespace FlexInference.Packaging.Tests;

/// <summary>
/// samples/AotQuickstart publishes with NativeAOT without a single trim or AOT warning, and the native binary calls the
/// embedded router (a call, a streamed call and a typed error). docs/aot.md.
/// </summary>
[Collection(SourceBuildsCollection.Name)]
public sealed partial class NativeAotTests
{
    [Fact]
    public async Task AotQuickstart_publishes_without_trim_or_AOT_warnings_and_the_native_binary_calls_the_router()
    {
        string? missing = MissingNativeToolchain();
        if (missing is not null)
        {
            Assert.Skip(missing);
        }

        string sample = Path.Combine(Repo.Root, "samples", "AotQuickstart");
        // The ILCompiler step is skipped when its inputs did not change, and then prints no warning at all: clear its
        // intermediate output so this publish analyses the whole program again.
        string intermediate = Path.Combine(sample, "obj", Repo.Configuration);
        if (Directory.Exists(intermediate))
        {
            foreach (string native in Directory.GetDirectories(intermediate, "native", SearchOption.AllDirectories))
            {
                Directory.Delete(native, recursive: true);
            }
        }

        using var output = new TempDirectory("flexinference-aot");
        ProcessResult publish = await DotNetProcess.RunDotNetAsync(Repo.Root, TimeSpan.FromMinutes(15),
            ["publish", Path.Combine(sample, "AotQuickstart.csproj"), "-c", Repo.Configuration, "-o", output.Path, .. DotNetProcess.NoServers]);

        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.Contains("Generating native code", publish.Output, StringComparison.Ordinal);
        string[] warnings = TrimOrAotWarning().Matches(publish.Output).Select(match => match.Value.Trim()).Distinct().ToArray();
        Assert.True(warnings.Length == 0, $"The publish reported trim/AOT warnings:\n{string.Join('\n', warnings)}");

        string binary = Path.Combine(output.Path, OperatingSystem.IsWindows() ? "AotQuickstart.exe" : "AotQuickstart");
        Assert.True(File.Exists(binary), $"No native binary at {binary}:\n{string.Join('\n', Directory.GetFiles(output.Path))}");
        Assert.False(File.Exists(Path.Combine(output.Path, "AotQuickstart.dll")), "The publish produced a managed AotQuickstart.dll: it was not a NativeAOT publish.");
        TestContext.Current.SendDiagnosticMessage($"Native binary: {new FileInfo(binary).Length:N0} bytes");

        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions
        {
            AcceptedApiKeys = [FlexInferenceTestServer.TestApiKey],
        }, TestContext.Current.CancellationToken);
        ProcessResult run = await DotNetProcess.RunAsync(binary, ["--base-url", router.BaseUrl.ToString()], output.Path, TimeSpan.FromMinutes(2),
            new Dictionary<string, string> { ["FLEX_API_KEY"] = FlexInferenceTestServer.TestApiKey });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("answer: This is a simulated answer. You said: Hello from NativeAOT.", run.Output, StringComparison.Ordinal);
        Assert.Contains("streamed: This is a simulated answer. You said: Stream from NativeAOT.", run.Output, StringComparison.Ordinal);
        Assert.Contains("stream route: tier default, reason tier_direct", run.Output, StringComparison.Ordinal);
        Assert.Contains("typed error: AuthenticationException (status 401", run.Output, StringComparison.Ordinal);
        Assert.Equal(["/v1/responses", "/v1/responses", "/v1/models"], router.Requests.Select(request => request.Path));
    }

    /// <summary>NativeAOT links with clang or gcc; null when one (and a linker) is on PATH, else why the test cannot run.</summary>
    private static string? MissingNativeToolchain()
    {
        if (OperatingSystem.IsWindows())
        {
            return "This test drives the Linux/macOS NativeAOT toolchain (clang or gcc); on Windows it needs the MSVC build tools, which it does not look for.";
        }

        string[] path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        bool OnPath(string tool) => path.Any(directory => File.Exists(Path.Combine(directory, tool)));

        if (!OnPath("clang") && !OnPath("gcc"))
        {
            return "NativeAOT needs a C compiler driver to link: neither clang nor gcc is on PATH (install one, e.g. apt-get install clang).";
        }

        if (OperatingSystem.IsLinux() && !OnPath("ld"))
        {
            return "NativeAOT needs a linker: ld is not on PATH (install binutils).";
        }

        return null;
    }

    [GeneratedRegex(@"warning IL[23]\d{3}\b[^\r\n]*")]
    private static partial Regex TrimOrAotWarning();
}
