using System.Security;

namespace FlexInference.Packaging.Tests.Infrastructure;

/// <summary>
/// A nuget.config that makes a restore see exactly the packages we just packed. Every FlexInference package version
/// is the same (0.1.0), so the global packages folder would serve an older copy: packages go to a folder of their own,
/// FlexInference* comes only from artifacts/packages (package source mapping), everything else from this machine's
/// usual feeds.
/// </summary>
internal static class IsolatedNuGet
{
    public const string LocalSourceKey = "flexinference-artifacts";

    /// <summary>Writes <c>nuget.config</c> into <paramref name="directory"/>; restores below it use it.</summary>
    /// <returns>The packages folder restores will extract into.</returns>
    public static async Task<string> WriteConfigAsync(string directory)
    {
        IReadOnlyList<string> feeds = await MachineFeedsAsync(directory);
        string packagesFolder = Path.Combine(directory, "packages");
        var sources = feeds.Select((feed, index) => (Key: $"feed{index}", Url: feed)).ToList();

        string config = $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Xml(packagesFolder)}" />
              </config>
              <packageSources>
                <clear />
                <add key="{LocalSourceKey}" value="{Xml(Repo.PackagesDirectory)}" />
            {string.Concat(sources.Select(source => $"    <add key=\"{source.Key}\" value=\"{Xml(source.Url)}\" />\n"))}  </packageSources>
              <packageSourceMapping>
                <packageSource key="{LocalSourceKey}">
                  <package pattern="FlexInference" />
                  <package pattern="FlexInference.*" />
                </packageSource>
            {string.Concat(sources.Select(source => $"    <packageSource key=\"{source.Key}\">\n      <package pattern=\"*\" />\n    </packageSource>\n"))}  </packageSourceMapping>
            </configuration>
            """;
        await File.WriteAllTextAsync(Path.Combine(directory, "nuget.config"), config);
        return packagesFolder;
    }

    /// <summary>The enabled package sources this machine's NuGet configuration lists (<c>dotnet nuget list source</c>).</summary>
    private static async Task<IReadOnlyList<string>> MachineFeedsAsync(string directory)
    {
        ProcessResult list = await DotNetProcess.RunDotNetAsync(directory, TimeSpan.FromMinutes(2), "nuget", "list", "source", "--format", "short");
        Assert.True(list.ExitCode == 0, list.ToString());

        // Short format: one "<E|D>[flags] <source>" line per source; E = enabled.
        List<string> feeds = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith('E') && line.Contains(' ', StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..].Trim())
            .Where(feed => !string.Equals(feed.TrimEnd('/', '\\'), Repo.PackagesDirectory.TrimEnd('/', '\\'), StringComparison.Ordinal))
            .ToList();
        Assert.True(feeds.Count > 0, $"This machine's NuGet configuration lists no enabled package source, so the consumer's other dependencies cannot be restored:\n{list}");
        return feeds;
    }

    private static string Xml(string value) => SecurityElement.Escape(value);
}
