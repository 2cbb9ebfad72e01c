namespace FlexInference.TestSupport.Tests;

public sealed class SnapshotDirectoryTests
{
    private static Dictionary<string, string> Produced(params (string Name, string Text)[] files) =>
        files.ToDictionary(file => file.Name, file => file.Text);

    [Fact]
    public async Task A_matching_set_passes_and_clears_leftover_received_files()
    {
        using var dir = new TempDirectory();
        dir.Write("A.g.verified.cs", "class A;\n");
        dir.Write("B.g.verified.cs", "class B;\r\n");
        dir.Write("A.g.received.cs", "leftover\n");
        dir.Write("Gone.g.received.cs.delete", "leftover marker\n");
        dir.Write("README.md", "not a snapshot\n");

        await Snapshot.VerifyDirectoryAsync(Produced(("A.g.cs", "class A;\n"), ("B.g.cs", "class B;\n")), dir.Path);

        Assert.Equal(["A.g.verified.cs", "B.g.verified.cs", "README.md"], dir.FileNames());
    }

    [Fact]
    public async Task Changed_missing_and_stale_files_are_all_reported()
    {
        using var dir = new TempDirectory();
        dir.Write("Same.g.verified.cs", "same\n");
        dir.Write("Changed.g.verified.cs", "one\ntwo\nthree\n");
        dir.Write("Stale.g.verified.cs", "no longer produced\n");

        var exception = await Assert.ThrowsAsync<SnapshotMismatchException>(() => Snapshot.VerifyDirectoryAsync(
            Produced(("Same.g.cs", "same\n"), ("Changed.g.cs", "one\n2\nthree\n"), ("New.g.cs", "brand new\n")),
            dir.Path));

        var message = exception.Message;
        Assert.Contains("Changed (1)", message, StringComparison.Ordinal);
        Assert.Contains("    Changed.g.verified.cs\n", message, StringComparison.Ordinal);
        Assert.Contains("Missing baseline (produced, but no .verified. file yet) (1)", message, StringComparison.Ordinal);
        Assert.Contains("    New.g.verified.cs\n", message, StringComparison.Ordinal);
        Assert.Contains("Stale baseline (a .verified. file that is no longer produced) (1)", message, StringComparison.Ordinal);
        Assert.Contains("    Stale.g.verified.cs\n", message, StringComparison.Ordinal);
        Assert.Contains("-two\n+2\n", message, StringComparison.Ordinal);
        Assert.Contains("+brand new", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Same.g", message, StringComparison.Ordinal);

        Assert.Equal("one\n2\nthree\n", dir.Read("Changed.g.received.cs"));
        Assert.Equal("brand new\n", dir.Read("New.g.received.cs"));
        Assert.True(dir.Exists("Stale.g.received.cs.delete"));
        Assert.False(dir.Exists("Same.g.received.cs"));
        Assert.Equal(3, exception.ReceivedFiles.Count);

        // Baselines are untouched: stale ones are only marked, never deleted by a test run.
        Assert.Equal("no longer produced\n", dir.Read("Stale.g.verified.cs"));
        Assert.Equal("one\ntwo\nthree\n", dir.Read("Changed.g.verified.cs"));
        Assert.False(dir.Exists("New.g.verified.cs"));
    }

    [Fact]
    public async Task Only_stale_baselines_still_fail()
    {
        using var dir = new TempDirectory();
        dir.Write("Kept.verified.txt", "kept\n");
        dir.Write("Removed.verified.txt", "removed\n");

        var exception = await Assert.ThrowsAsync<SnapshotMismatchException>(
            () => Snapshot.VerifyDirectoryAsync(Produced(("Kept.txt", "kept\n")), dir.Path));

        Assert.Contains("Stale baseline", exception.Message, StringComparison.Ordinal);
        Assert.Equal(
            ["Kept.verified.txt", "Removed.received.txt.delete", "Removed.verified.txt"],
            dir.FileNames());
    }

    [Fact]
    public async Task An_empty_or_absent_folder_reports_every_file_as_missing()
    {
        using var dir = new TempDirectory();
        var folder = Path.Combine(dir.Path, "NotYetCreated");

        var exception = await Assert.ThrowsAsync<SnapshotMismatchException>(
            () => Snapshot.VerifyDirectoryAsync(Produced(("A.cs", "a\n"), ("B.cs", "b\n")), folder));

        Assert.Contains("Missing baseline (produced, but no .verified. file yet) (2)", exception.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "A.received.cs")));
        Assert.True(File.Exists(Path.Combine(folder, "B.received.cs")));
    }

    [Fact]
    public async Task Diffs_are_shown_for_the_first_files_only()
    {
        using var dir = new TempDirectory();
        var produced = Enumerable.Range(1, 5).ToDictionary(i => $"F{i}.cs", i => $"content {i}\n");

        var exception = await Assert.ThrowsAsync<SnapshotMismatchException>(
            () => Snapshot.VerifyDirectoryAsync(produced, dir.Path));

        Assert.Contains("(diffs of 2 more file(s) not shown", exception.Message, StringComparison.Ordinal);
        Assert.Equal(5, Directory.EnumerateFiles(dir.Path, "*.received.cs").Count());
    }

    [Theory]
    [InlineData("NoExtension")]
    [InlineData("sub/File.cs")]
    [InlineData("File.")]
    [InlineData("X.verified.cs")]
    public void Unusable_file_names_are_rejected(string key)
    {
        using var dir = new TempDirectory();

        Assert.Throws<ArgumentException>(() => Snapshot.VerifyDirectory(Produced((key, "x")), dir.Path));
        Assert.Empty(dir.FileNames());
    }
}
