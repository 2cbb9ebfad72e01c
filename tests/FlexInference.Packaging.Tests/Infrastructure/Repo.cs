using System.Reflection;

namespace FlexInference.Packaging.Tests.Infrastructure;

/// <summary>Where the repository, its packed packages and its samples are, as recorded at build time.</summary>
internal static class Repo
{
    public const string PackCommand = "./build.sh --target=Pack";

    public static string Root { get; } = Metadata("RepoRoot");

    public static string Configuration { get; } = Metadata("Configuration");

    /// <summary>The version every project packs with (Directory.Build.props).</summary>
    public static string PackageVersion { get; } = Metadata("PackageVersion");

    public static string PackagesDirectory { get; } = Path.Combine(Root, "artifacts", "packages");

    /// <summary>The packed file of <paramref name="packageId"/>, or a failure that says how to produce it.</summary>
    public static string Package(string packageId, string extension = "nupkg")
    {
        string path = Path.Combine(PackagesDirectory, $"{packageId}.{PackageVersion}.{extension}");
        if (!File.Exists(path))
        {
            Assert.Fail($"{path} does not exist. These tests check the packed packages: run {PackCommand} first " +
                "(./build.sh --target=Test packs before it tests).");
        }

        return path;
    }

    private static string Metadata(string key) =>
        typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == key).Value!;
}
