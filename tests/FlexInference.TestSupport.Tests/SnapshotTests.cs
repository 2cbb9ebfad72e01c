namespace FlexInference.TestSupport.Tests;

public sealed class SnapshotTests
{
    [Fact]
    public async Task Match_passes_and_writes_nothing()
    {
        using var dir = new TempDirectory();
        dir.Write("Greeting.verified.txt", "hello\nworld\n");

        await Snapshot.VerifyAsync("hello\nworld\n", name: "Greeting", extension: "txt", directory: dir.Path);

        Assert.Equal(["Greeting.verified.txt"], dir.FileNames());
    }

    [Fact]
    public async Task Mismatch_throws_and_writes_received_with_the_actual_content()
    {
        using var dir = new TempDirectory();
        dir.Write("Greeting.verified.txt", "hello\nworld\n");

        var exception = await Assert.ThrowsAsync<SnapshotMismatchException>(
            () => Snapshot.VerifyAsync("hello\nthere\n", name: "Greeting", extension: "txt", directory: dir.Path));

        Assert.Equal("hello\nthere\n", dir.Read("Greeting.received.txt"));
        Assert.Equal("hello\nworld\n", dir.Read("Greeting.verified.txt"));
        Assert.Equal([dir.File("Greeting.received.txt")], exception.ReceivedFiles);
        Assert.Contains("does not match its baseline: Greeting.verified.txt", exception.Message, StringComparison.Ordinal);
        Assert.Contains("-world\n+there\n", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_baseline_throws_and_writes_received()
    {
        using var dir = new TempDirectory();

        var exception = Assert.Throws<SnapshotMismatchException>(
            () => Snapshot.Verify("new output\n", name: "Fresh", extension: "json", directory: dir.Path));

        Assert.Equal(["Fresh.received.json"], dir.FileNames());
        Assert.Equal("new output\n", dir.Read("Fresh.received.json"));
        Assert.Contains("has no baseline yet: Fresh.verified.json", exception.Message, StringComparison.Ordinal);
        Assert.Contains("+new output", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Match_deletes_a_stale_received_file()
    {
        using var dir = new TempDirectory();
        dir.Write("Greeting.verified.txt", "hello\n");
        dir.Write("Greeting.received.txt", "an older, wrong output\n");

        await Snapshot.VerifyAsync("hello\n", name: "Greeting", extension: "txt", directory: dir.Path);

        Assert.Equal(["Greeting.verified.txt"], dir.FileNames());
    }

    [Fact]
    public async Task A_second_mismatch_overwrites_the_received_file()
    {
        using var dir = new TempDirectory();
        dir.Write("Greeting.verified.txt", "hello\n");

        await Assert.ThrowsAsync<SnapshotMismatchException>(
            () => Snapshot.VerifyAsync("first\n", name: "Greeting", extension: "txt", directory: dir.Path));
        await Assert.ThrowsAsync<SnapshotMismatchException>(
            () => Snapshot.VerifyAsync("second\n", name: "Greeting", extension: "txt", directory: dir.Path));

        Assert.Equal("second\n", dir.Read("Greeting.received.txt"));
    }

    [Theory]
    [InlineData("a\r\nb\r\n", "a\nb\n")]
    [InlineData("a\nb\n", "a\r\nb\r\n")]
    [InlineData("a\rb\r", "a\r\nb\n")]
    public async Task Line_endings_are_normalised_before_comparing(string verified, string actual)
    {
        using var dir = new TempDirectory();
        dir.Write("Lines.verified.txt", verified);

        await Snapshot.VerifyAsync(actual, name: "Lines", extension: "txt", directory: dir.Path);

        Assert.Equal(["Lines.verified.txt"], dir.FileNames());
    }

    [Fact]
    public async Task Received_file_is_written_with_normalised_line_endings()
    {
        using var dir = new TempDirectory();

        await Assert.ThrowsAsync<SnapshotMismatchException>(
            () => Snapshot.VerifyAsync("a\r\nb\rc\n", name: "Lines", extension: "txt", directory: dir.Path));

        Assert.Equal("a\nb\nc\n", dir.Read("Lines.received.txt"));
    }

    [Fact]
    public async Task A_byte_order_mark_in_the_baseline_is_ignored()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("Bom.verified.txt"), "text\n", new System.Text.UTF8Encoding(true));

        await Snapshot.VerifyAsync("text\n", name: "Bom", extension: "txt", directory: dir.Path);
    }

    [Fact]
    public async Task The_final_newline_is_significant()
    {
        using var dir = new TempDirectory();
        dir.Write("Eol.verified.txt", "text\n");

        var exception = await Assert.ThrowsAsync<SnapshotMismatchException>(
            () => Snapshot.VerifyAsync("text", name: "Eol", extension: "txt", directory: dir.Path));

        Assert.Contains("differ only in the final newline", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_name_is_class_and_method_beside_the_caller_file()
    {
        using var dir = new TempDirectory();

        // The compiler fills these from [CallerFilePath] and [CallerMemberName]; here they point into a temp folder.
        await Assert.ThrowsAsync<SnapshotMismatchException>(
            () => Snapshot.VerifyAsync("x", "cs", sourceFile: dir.SourceFile("WidgetTests"), member: "Renders"));

        Assert.Equal(["WidgetTests.Renders.received.cs"], dir.FileNames());

        File.Move(dir.File("WidgetTests.Renders.received.cs"), dir.File("WidgetTests.Renders.verified.cs"));
        await Snapshot.VerifyAsync("x", "cs", sourceFile: dir.SourceFile("WidgetTests"), member: "Renders");
        Assert.Equal(["WidgetTests.Renders.verified.cs"], dir.FileNames());
    }

    [Fact]
    public async Task A_relative_directory_is_resolved_against_the_caller_file()
    {
        using var dir = new TempDirectory();

        await Assert.ThrowsAsync<SnapshotMismatchException>(
            () => Snapshot.VerifyAsync("x", name: "Named", extension: "txt", directory: "Snapshots", sourceFile: dir.SourceFile()));

        Assert.True(File.Exists(Path.Combine(dir.Path, "Snapshots", "Named.received.txt")));
    }

    [Fact]
    public async Task The_helper_never_creates_or_changes_a_verified_file()
    {
        using var dir = new TempDirectory();
        dir.Write("Changed.verified.txt", "old\r\n");
        var before = File.ReadAllBytes(dir.File("Changed.verified.txt"));

        await Assert.ThrowsAsync<SnapshotMismatchException>(
            () => Snapshot.VerifyAsync("new\n", name: "Changed", extension: "txt", directory: dir.Path));
        await Assert.ThrowsAsync<SnapshotMismatchException>(
            () => Snapshot.VerifyAsync("new\n", name: "Missing", extension: "txt", directory: dir.Path));
        await Assert.ThrowsAsync<SnapshotMismatchException>(
            () => Snapshot.VerifyAsync("new\n", "txt", sourceFile: dir.SourceFile(), member: "Default"));
        await Assert.ThrowsAsync<SnapshotMismatchException>(() => Snapshot.VerifyDirectoryAsync(
            new Dictionary<string, string> { ["Generated.g.cs"] = "class C;\n" }, "Set", dir.SourceFile()));
        await Snapshot.VerifyAsync("old\n", name: "Changed", extension: "txt", directory: dir.Path);

        var verified = Directory.EnumerateFiles(dir.Path, "*.verified.*", SearchOption.AllDirectories)
            .Select(Path.GetFileName).ToList();
        Assert.Equal(["Changed.verified.txt"], verified);
        Assert.Equal(before, File.ReadAllBytes(dir.File("Changed.verified.txt")));
    }

    [Fact]
    public async Task The_message_names_the_accept_command_when_not_on_ci()
    {
        using var dir = new TempDirectory();
        using var _ = SnapshotEnvironment.OverrideCi(false);

        var exception = await Assert.ThrowsAsync<SnapshotMismatchException>(
            () => Snapshot.VerifyAsync("x", name: "Hint", extension: "txt", directory: dir.Path));

        Assert.Contains("accept it with: ./build.sh --target=UpdateSnapshots", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("CI=true", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_ci_received_files_are_still_written_but_accepting_is_refused()
    {
        using var dir = new TempDirectory();
        using var _ = SnapshotEnvironment.OverrideCi(true);

        var exception = await Assert.ThrowsAsync<SnapshotMismatchException>(
            () => Snapshot.VerifyAsync("x", name: "Hint", extension: "txt", directory: dir.Path));

        Assert.True(dir.Exists("Hint.received.txt"));
        Assert.Contains("snapshots cannot be accepted here", exception.Message, StringComparison.Ordinal);
        Assert.Contains("run ./build.sh --target=UpdateSnapshots locally", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_exception_is_an_assertion_failure_for_xunit()
    {
        // xunit.v3 reports exceptions implementing an interface named IAssertionException as assertion failures.
        Assert.Contains(
            typeof(SnapshotMismatchException).GetInterfaces(),
            type => type.Name == "IAssertionException");
    }

    [Theory]
    [InlineData("")]
    [InlineData("sub/name")]
    [InlineData("name.verified")]
    [InlineData("a.received.b")]
    public void Unusable_names_are_rejected(string name)
    {
        using var dir = new TempDirectory();

        Assert.Throws<ArgumentException>(() => Snapshot.Verify("x", name: name, extension: "txt", directory: dir.Path));
        Assert.Empty(dir.FileNames());
    }
}
