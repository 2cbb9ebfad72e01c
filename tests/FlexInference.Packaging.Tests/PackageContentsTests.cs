using System.IO.Compression;
using System.Xml.Linq;
using FlexInference.Packaging.Tests.Infrastructure;

namespace FlexInference.Packaging.Tests;

/// <summary>What each packed nupkg holds and declares (artifacts/packages; docs/packaging.md lists it).</summary>
public sealed class PackageContentsTests
{
    private static readonly string[] LibraryFrameworks = ["net8.0", "net10.0"];

    [Fact]
    public void FlexInference_ships_the_generated_assembly_inside_it_for_every_framework()
    {
        using ZipArchive package = ZipFile.OpenRead(Repo.Package("FlexInference"));
        HashSet<string> entries = Entries(package);

        foreach (string framework in LibraryFrameworks)
        {
            foreach (string file in new[] { "FlexInference.dll", "FlexInference.xml", "FlexInference.Generated.dll", "FlexInference.Generated.xml" })
            {
                Assert.Contains($"lib/{framework}/{file}", entries);
            }
        }

        Assert.Equal(LibraryFrameworks.Order(StringComparer.Ordinal), entries.Where(entry => entry.StartsWith("lib/", StringComparison.Ordinal))
            .Select(entry => entry.Split('/')[1]).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains("README.md", entries);
    }

    [Fact]
    public void FlexInference_declares_no_dependency_on_a_FlexInference_Generated_package()
    {
        using ZipArchive package = ZipFile.OpenRead(Repo.Package("FlexInference"));
        XElement metadata = Nuspec(package);

        string[] dependencies = Dependencies(metadata);

        Assert.DoesNotContain(dependencies, id => id.StartsWith("FlexInference", StringComparison.Ordinal));
        Assert.Contains("Microsoft.Extensions.Logging.Abstractions", dependencies);
        Assert.Equal("README.md", Element(metadata, "readme")?.Value);
    }

    [Fact]
    public void FlexInference_carries_the_generator_as_an_analyzer_with_the_props_that_feed_it()
    {
        using ZipArchive package = ZipFile.OpenRead(Repo.Package("FlexInference"));
        HashSet<string> entries = Entries(package);

        Assert.Contains("analyzers/dotnet/cs/FlexInference.Generator.dll", entries);
        foreach (string props in new[] { "build/FlexInference.props", "buildTransitive/FlexInference.props" })
        {
            using var reader = new StreamReader(package.GetEntry(props)!.Open());
            XDocument document = XDocument.Parse(reader.ReadToEnd());
            Assert.Contains(document.Descendants("CompilerVisibleItemMetadata"),
                item => (string?)item.Attribute("Include") == "AdditionalFiles" && (string?)item.Attribute("MetadataName") == "FlexInferenceNamespace");
            Assert.Contains(document.Descendants("CompilerVisibleProperty"), item => (string?)item.Attribute("Include") == "FlexInferenceGenerator");
        }
    }

    [Fact]
    public void FlexInference_Testing_depends_on_the_FlexInference_package_instead_of_shipping_its_types_again()
    {
        using ZipArchive package = ZipFile.OpenRead(Repo.Package("FlexInference.Testing"));

        XElement metadata = Nuspec(package);

        Assert.Contains("FlexInference", Dependencies(metadata));
        Assert.Equal("README.md", Element(metadata, "readme")?.Value);
        using (var readme = new StreamReader(package.GetEntry("README.md")!.Open()))
        {
            Assert.StartsWith("# Testing your app against a local FlexInference router", readme.ReadToEnd(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Entries(package), entry => entry.EndsWith("/FlexInference.Generated.dll", StringComparison.Ordinal)
            || entry.EndsWith("/FlexInference.dll", StringComparison.Ordinal));
        foreach (string framework in LibraryFrameworks)
        {
            Assert.Contains($"lib/{framework}/FlexInference.Testing.dll", Entries(package));
        }
    }

    [Fact]
    public void FlexInference_Extensions_AI_depends_on_the_FlexInference_package_and_the_abstractions_only()
    {
        using ZipArchive package = ZipFile.OpenRead(Repo.Package("FlexInference.Extensions.AI"));

        XElement metadata = Nuspec(package);
        string[] dependencies = Dependencies(metadata);

        Assert.Contains("FlexInference", dependencies);
        Assert.Contains("Microsoft.Extensions.AI.Abstractions", dependencies);
        Assert.DoesNotContain("FlexInference.Generated", dependencies);
        using (var readme = new StreamReader(package.GetEntry("README.md")!.Open()))
        {
            Assert.StartsWith("# Microsoft.Extensions.AI (`IChatClient`)", readme.ReadToEnd(), StringComparison.Ordinal);
        }

        HashSet<string> entries = Entries(package);
        Assert.DoesNotContain(entries, entry => entry.EndsWith("/FlexInference.Generated.dll", StringComparison.Ordinal)
            || entry.EndsWith("/FlexInference.dll", StringComparison.Ordinal));
        foreach (string framework in LibraryFrameworks)
        {
            Assert.Contains($"lib/{framework}/FlexInference.Extensions.AI.dll", entries);
            Assert.Contains($"lib/{framework}/FlexInference.Extensions.AI.xml", entries);
        }
    }

    [Theory]
    [InlineData("FlexInference")]
    [InlineData("FlexInference.Testing")]
    [InlineData("FlexInference.Extensions.AI")]
    public void Every_assembly_has_its_symbols_in_the_snupkg(string packageId)
    {
        using ZipArchive package = ZipFile.OpenRead(Repo.Package(packageId));
        using ZipArchive symbols = ZipFile.OpenRead(Repo.Package(packageId, "snupkg"));
        HashSet<string> symbolEntries = Entries(symbols);

        string[] assemblies = Entries(package).Where(entry => entry.StartsWith("lib/", StringComparison.Ordinal) && entry.EndsWith(".dll", StringComparison.Ordinal)).ToArray();

        Assert.NotEmpty(assemblies);
        Assert.All(assemblies, assembly => Assert.Contains(Path.ChangeExtension(assembly, ".pdb"), symbolEntries));
    }

    private static HashSet<string> Entries(ZipArchive package) => package.Entries.Select(entry => entry.FullName).ToHashSet(StringComparer.Ordinal);

    private static XElement Nuspec(ZipArchive package)
    {
        ZipArchiveEntry entry = Assert.Single(package.Entries, entry => entry.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using Stream stream = entry.Open();
        return XDocument.Load(stream).Root!.Elements().Single(element => element.Name.LocalName == "metadata");
    }

    private static XElement? Element(XElement parent, string name) => parent.Elements().SingleOrDefault(element => element.Name.LocalName == name);

    private static string[] Dependencies(XElement metadata) =>
        metadata.Descendants().Where(element => element.Name.LocalName == "dependency")
            .Select(element => (string)element.Attribute("id")!).Distinct().ToArray();
}
