namespace FlexInference.TestSupport.Tests;

public sealed class TextDiffTests
{
    [Fact]
    public void Equal_texts_have_no_diff() => Assert.Empty(TextDiff.Unified("a\nb\n", "a\nb\n"));

    [Fact]
    public void A_changed_line_is_shown_with_context_and_a_hunk_header()
    {
        var expected = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        var actual = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";

        Assert.Equal(
            ["@@ -2,7 +2,7 @@", " 2", " 3", " 4", "-5", "+five", " 6", " 7", " 8"],
            TextDiff.Unified(expected, actual));
    }

    [Fact]
    public void Inserted_and_deleted_lines_are_aligned()
    {
        Assert.Equal(
            ["@@ -1,3 +1,3 @@", " a", "-b", " c", "+d"],
            TextDiff.Unified("a\nb\nc\n", "a\nc\nd\n"));
    }

    [Fact]
    public void Distant_changes_get_separate_hunks()
    {
        var expected = string.Join('\n', Enumerable.Range(1, 30)) + "\n";
        var actual = expected.Replace("\n2\n", "\nTWO\n", StringComparison.Ordinal)
            .Replace("\n28\n", "\nTWENTY-EIGHT\n", StringComparison.Ordinal);

        var diff = TextDiff.Unified(expected, actual);

        Assert.Equal(2, diff.Count(line => line.StartsWith("@@", StringComparison.Ordinal)));
        Assert.Contains("@@ -25,6 +25,6 @@", diff);
    }

    [Fact]
    public void Long_diffs_are_cut_at_the_line_limit()
    {
        var expected = string.Join('\n', Enumerable.Range(1, 200).Select(i => $"old {i}")) + "\n";
        var actual = string.Join('\n', Enumerable.Range(1, 200).Select(i => $"new {i}")) + "\n";

        var diff = TextDiff.Unified(expected, actual, maxLines: 40);

        Assert.Equal(41, diff.Count);
        Assert.StartsWith("... (diff cut at 40 lines", diff[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_final_newline_is_called_out()
    {
        Assert.Equal(
            ["(the texts differ only in the final newline: the verified text ends with one, the received text does not)"],
            TextDiff.Unified("a\n", "a"));
    }

    [Fact]
    public void Normalising_line_endings_handles_crlf_and_lone_cr() =>
        Assert.Equal("a\nb\nc\n\n", TextDiff.NormalizeLineEndings("a\r\nb\rc\n\r\n"));
}
