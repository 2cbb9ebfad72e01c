using System.Text.Json;

namespace FlexInference.Packaging.Tests.Infrastructure;

/// <summary>
/// Three consumer projects in a temp folder, each referencing only the packed FlexInference nupkg, and a copy of
/// samples/ConsumerRegeneration (FlexInference and FlexInference.Testing packages), restored and built by ONE
/// <c>dotnet build</c> (one restore into one isolated packages folder) and shared by the tests of
/// <see cref="PackedConsumersCollection"/>:
/// <list type="bullet">
/// <item><c>PackageOnly</c>: the package and nothing else;</item>
/// <item><c>OptedIn</c>: plus <c>&lt;AdditionalFiles Include="openapi/router.json" FlexInferenceNamespace="MyApp.Router" /&gt;</c>;</item>
/// <item><c>SwitchedOff</c>: the same AdditionalFiles line and <c>&lt;FlexInferenceGenerator&gt;false&lt;/FlexInferenceGenerator&gt;</c>;</item>
/// <item><c>ConsumerRegeneration</c>: the sample, as checked in (its tests edit this copy's spec and rebuild it).</item>
/// </list>
/// </summary>
public sealed class PackedConsumers : IAsyncLifetime
{
    public const string PackageOnly = "PackageOnly";
    public const string OptedIn = "OptedIn";
    public const string SwitchedOff = "SwitchedOff";
    public const string Sample = "ConsumerRegeneration";

    private const string OptInItem = """<AdditionalFiles Include="openapi/router.json" FlexInferenceNamespace="MyApp.Router" />""";

    private readonly TempDirectory root = new("flexinference-consumers");

    /// <summary>The isolated folder the packages were restored into.</summary>
    public string PackagesFolder { get; private set; } = "";

    /// <summary>The one restore + build of all three consumers.</summary>
    public ProcessResult Build { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _ = Repo.Package("FlexInference"); // fails with "run ./build.sh --target=Pack" when it was not packed
        PackagesFolder = await IsolatedNuGet.WriteConfigAsync(root.Path);

        // Stop MSBuild from walking up into whatever Directory.Build.* files sit above the temp folder.
        await File.WriteAllTextAsync(Path.Combine(root.Path, "Directory.Build.props"), "<Project />");
        await File.WriteAllTextAsync(Path.Combine(root.Path, "Directory.Build.targets"), "<Project />");
        await File.WriteAllTextAsync(Path.Combine(root.Path, "Directory.Packages.props"), "<Project />");

        WriteConsumer(PackageOnly, properties: "", items: "");
        WriteConsumer(OptedIn, properties: "", items: OptInItem + "\n    <Compile Include=\"../UsesGeneratedTypes.cs\" />");
        WriteConsumer(SwitchedOff, properties: "<FlexInferenceGenerator>false</FlexInferenceGenerator>", items: OptInItem);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "ConsumerApp", "UsesGeneratedTypes.cs"), Path.Combine(root.Path, "UsesGeneratedTypes.cs"));
        CopySample(SampleDirectory);
        await File.WriteAllTextAsync(Path.Combine(root.Path, "Consumers.slnx"), $"""
            <Solution>
              <Project Path="{PackageOnly}/{PackageOnly}.csproj" />
              <Project Path="{OptedIn}/{OptedIn}.csproj" />
              <Project Path="{SwitchedOff}/{SwitchedOff}.csproj" />
              <Project Path="{Sample}/{Sample}.csproj" />
            </Solution>
            """);

        Build = await DotNetProcess.RunDotNetAsync(root.Path, TimeSpan.FromMinutes(10),
            ["build", "Consumers.slnx", "-c", "Release", SampleVersion, .. DotNetProcess.NoServers]);
    }

    /// <summary>The copy of samples/ConsumerRegeneration the build above built.</summary>
    public string SampleDirectory => Path.Combine(root.Path, Sample);

    /// <summary>The sample references the packages by this property (its default is the repository's version).</summary>
    private static string SampleVersion => $"-p:FlexInferenceVersion={Repo.PackageVersion}";

    /// <summary>Builds the sample again (after its spec was edited), with the packages already restored.</summary>
    public Task<ProcessResult> RebuildSampleAsync()
    {
        Assert.True(Build.ExitCode == 0, $"The consumers did not build from the package:\n{Build}");
        return DotNetProcess.RunDotNetAsync(SampleDirectory, TimeSpan.FromMinutes(5),
            ["build", Sample + ".csproj", "-c", "Release", "--no-restore", SampleVersion, .. DotNetProcess.NoServers]);
    }

    /// <summary>Runs the built sample; it starts the embedded router itself.</summary>
    public Task<ProcessResult> RunSampleAsync()
    {
        Assert.True(Build.ExitCode == 0, $"The consumers did not build from the package:\n{Build}");
        string dll = Path.Combine(SampleDirectory, "bin", "Release", "net10.0", Sample + ".dll");
        return DotNetProcess.RunDotNetAsync(SampleDirectory, TimeSpan.FromMinutes(2), dll);
    }

    /// <summary>The source a package was restored from (its <c>.nupkg.metadata</c> in the isolated packages folder).</summary>
    public string RestoredFrom(string packageId)
    {
        string metadata = Path.Combine(PackagesFolder, packageId.ToLowerInvariant(), Repo.PackageVersion, ".nupkg.metadata");
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(metadata));
        return document.RootElement.GetProperty("source").GetString()!;
    }

    /// <summary>Runs one built consumer against <paramref name="baseUrl"/>.</summary>
    public Task<ProcessResult> RunAsync(string consumer, Uri baseUrl, string apiKey)
    {
        Assert.True(Build.ExitCode == 0, $"The consumers did not build from the package:\n{Build}");
        string dll = Path.Combine(root.Path, consumer, "bin", "Release", "net10.0", consumer + ".dll");
        return DotNetProcess.RunDotNetAsync(root.Path, TimeSpan.FromMinutes(2), dll, baseUrl.ToString(), apiKey);
    }

    /// <summary>The files one consumer's build wrote (for looking at its obj/ folder).</summary>
    public string ConsumerDirectory(string consumer) => Path.Combine(root.Path, consumer);

    public ValueTask DisposeAsync()
    {
        root.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Copies the sample as checked in, without what a local build of it leaves behind (bin/, obj/ with its restored
    /// packages, *.received.* of a failed run) and without its nuget.config, which points at ../../artifacts/packages:
    /// the generated one in the root folder takes its place.
    /// </summary>
    private static void CopySample(string destination)
    {
        string source = Path.Combine(Repo.Root, "samples", Sample);
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(source, file);
            string top = relative.Split(Path.DirectorySeparatorChar)[0];
            if (top is "bin" or "obj" or "nuget.config" || Path.GetFileName(file).Contains(".received.", StringComparison.Ordinal))
            {
                continue;
            }

            string target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private void WriteConsumer(string name, string properties, string items)
    {
        string directory = Path.Combine(root.Path, name);
        Directory.CreateDirectory(Path.Combine(directory, "openapi"));
        File.Copy(Path.Combine(Repo.Root, "openapi", "flexinference.openapi.json"), Path.Combine(directory, "openapi", "router.json"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "ConsumerApp", "Program.cs"), Path.Combine(directory, "Program.cs"));
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="FlexInference" Version="{Repo.PackageVersion}" />
                {items}
              </ItemGroup>
            </Project>
            """);
    }
}
