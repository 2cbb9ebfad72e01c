using System.Text.RegularExpressions;
using FlexInference.Tests.Infrastructure;

namespace FlexInference.Tests.Design;

/// <summary>
/// The hand-written layer stays thin and navigable (docs/decisions.md, "Shape of the hand-written layer"): folders name
/// concepts, each file's namespace is its folder's, no catch-all folder, no file over 400 lines.
/// </summary>
public sealed partial class LayoutTests
{
    private static readonly string Source = Path.Combine(RepositoryRoot.Path, "src", "FlexInference");

    // The DI extensions live in Microsoft.Extensions.DependencyInjection, as the .NET convention asks, so that
    // services.AddFlexInference(...) needs no extra using.
    private static readonly string[] ConventionNamespaces = ["Microsoft.Extensions.DependencyInjection"];

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (string file in SourceFiles())
        {
            data.Add(Path.GetRelativePath(Source, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_files_namespace_is_its_folders(string file)
    {
        string folder = Path.GetDirectoryName(file)!;
        string expected = folder.Length == 0 ? "FlexInference" : "FlexInference." + folder.Replace(Path.DirectorySeparatorChar, '.');
        string actual = Namespace().Match(File.ReadAllText(Path.Combine(Source, file))).Groups[1].Value;

        Assert.True(actual == expected || ConventionNamespaces.Contains(actual), $"{file} declares namespace {actual}; its folder says {expected}.");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void No_file_is_over_400_lines(string file)
    {
        int lines = File.ReadAllLines(Path.Combine(Source, file)).Length;

        Assert.True(lines <= 400, $"{file} has {lines} lines: split it by concept.");
    }

    [Fact]
    public void There_is_no_catch_all_folder()
    {
        string[] folders = Directory.GetDirectories(Source).Select(Path.GetFileName).Where(name => name is not ("bin" or "obj")).ToArray()!;

        Assert.DoesNotContain("Internal", folders);
        Assert.DoesNotContain("Helpers", folders);
        Assert.DoesNotContain("Common", folders);
    }

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Source, "*.cs", SearchOption.AllDirectories)
            .Where(path => !Regex.IsMatch(path, @"[\\/](bin|obj)[\\/]"))
            .Order(StringComparer.Ordinal);

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex Namespace();
}
