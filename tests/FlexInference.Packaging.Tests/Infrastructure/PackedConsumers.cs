namespace FlexInference.Packaging.Tests.Infrastructure;

/// <summary>
/// Three consumer projects in a temp folder, each referencing only the packed FlexInference nupkg, restored and built
/// by ONE <c>dotnet build</c> (one restore into one isolated packages folder) and shared by the tests of a class:
/// <list type="bullet">
/// <item><c>PackageOnly</c>: the package and nothing else;</item>
/// <item><c>OptedIn</c>: plus <c>&lt;AdditionalFiles Include="openapi/router.json" FlexInferenceNamespace="MyApp.Router" /&gt;</c>;</item>
/// <item><c>SwitchedOff</c>: the same AdditionalFiles line and <c>&lt;FlexInferenceGenerator&gt;false&lt;/FlexInferenceGenerator&gt;</c>.</item>
/// </list>
/// </summary>
public sealed class PackedConsumers : IAsyncLifetime
{
    public const string PackageOnly = "PackageOnly";
    public const string OptedIn = "OptedIn";
    public const string SwitchedOff = "SwitchedOff";

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
        await File.WriteAllTextAsync(Path.Combine(root.Path, "Consumers.slnx"), $"""
            <Solution>
              <Project Path="{PackageOnly}/{PackageOnly}.csproj" />
              <Project Path="{OptedIn}/{OptedIn}.csproj" />
              <Project Path="{SwitchedOff}/{SwitchedOff}.csproj" />
            </Solution>
            """);

        Build = await DotNetProcess.RunDotNetAsync(root.Path, TimeSpan.FromMinutes(10),
            ["build", "Consumers.slnx", "-c", "Release", .. DotNetProcess.NoServers]);
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
