using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace FlexInference.Testing.Snapshots;

/// <summary>
/// A small line diff for failure messages: unified-style hunks (<c>@@ -a,n +b,m @@</c>, <c>-</c>/<c>+</c>/space
/// prefixes, three lines of context) of the first differences, cut after a maximum number of lines. It is meant to
/// show a reader where two texts part, not to produce a patch.
/// </summary>
internal static class TextDiff
{
    /// <summary>Above this many cells (lines × lines of the differing middle) the exact LCS is not computed.</summary>
    private const long MaxLcsCells = 4_000_000;

    private const int Context = 3;

    /// <summary>Normalises line endings: <c>\r\n</c> and lone <c>\r</c> become <c>\n</c>.</summary>
    public static string NormalizeLineEndings(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains('\r', StringComparison.Ordinal)
            ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')
            : text;
    }

    /// <summary>
    /// Describes how <paramref name="actual"/> differs from <paramref name="expected"/> (both already normalised to
    /// <c>\n</c>) in at most <paramref name="maxLines"/> lines (plus a truncation note when cut).
    /// </summary>
    /// <param name="expected">The verified text.</param>
    /// <param name="actual">The received text.</param>
    /// <param name="maxLines">The maximum number of diff lines shown (about 40 keeps messages readable).</param>
    /// <returns>The diff lines, without trailing newlines; empty when the texts are equal.</returns>
    public static IReadOnlyList<string> Unified(string expected, string actual, int maxLines = 40)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (string.Equals(expected, actual, StringComparison.Ordinal))
        {
            return [];
        }

        var a = SplitLines(expected, out var aEndsWithNewline);
        var b = SplitLines(actual, out var bEndsWithNewline);
        var ops = Diff(a, b);
        var output = new List<string>();

        var changed = Enumerable.Range(0, ops.Count).Where(index => ops[index].Kind != OpKind.Equal).ToList();
        if (changed.Count == 0)
        {
            output.Add(aEndsWithNewline
                ? "(the texts differ only in the final newline: the verified text ends with one, the received text does not)"
                : "(the texts differ only in the final newline: the received text ends with one, the verified text does not)");
            return output;
        }

        var total = 0;
        var truncatedFrom = -1;
        foreach (var (start, end) in Hunks(ops, changed))
        {
            var hunk = RenderHunk(ops, start, end);
            foreach (var line in hunk)
            {
                if (total >= maxLines)
                {
                    truncatedFrom = total;
                    break;
                }

                output.Add(line);
                total++;
            }

            if (truncatedFrom >= 0)
            {
                break;
            }
        }

        if (truncatedFrom >= 0)
        {
            var remaining = ops.Count(op => op.Kind != OpKind.Equal) -
                            output.Count(line => line.Length > 0 && (line[0] == '-' || line[0] == '+'));
            output.Add($"... (diff cut at {maxLines} lines; {remaining} more changed line(s): open the .received. file)");
        }
        else if (aEndsWithNewline != bEndsWithNewline)
        {
            output.Add(aEndsWithNewline ? @"\ received text has no newline at end of file" : @"\ verified text has no newline at end of file");
        }

        return output;
    }

    /// <summary>Renders up to <paramref name="maxLines"/> lines of a new text, each prefixed with <c>+</c>.</summary>
    public static IReadOnlyList<string> Added(string actual, int maxLines = 40)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var lines = SplitLines(actual, out _);
        var output = lines.Take(maxLines).Select(line => "+" + line).ToList();
        if (lines.Length > maxLines)
        {
            output.Add($"... ({lines.Length - maxLines} more line(s): open the .received. file)");
        }

        return output;
    }

    internal static string Join(IEnumerable<string> lines)
    {
        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            builder.Append(line).Append('\n');
        }

        return builder.ToString();
    }

    private static string[] SplitLines(string text, out bool endsWithNewline)
    {
        endsWithNewline = text.EndsWith('\n');
        if (text.Length == 0)
        {
            return [];
        }

        var body = endsWithNewline ? text[..^1] : text;
        return body.Split('\n');
    }

    private static List<Op> Diff(string[] a, string[] b)
    {
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix &&
               a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix])
        {
            suffix++;
        }

        var ops = new List<Op>(a.Length + b.Length);
        for (var i = 0; i < prefix; i++)
        {
            ops.Add(new Op(OpKind.Equal, i, i, a[i]));
        }

        var n = a.Length - prefix - suffix;
        var m = b.Length - prefix - suffix;
        if ((long)(n + 1) * (m + 1) <= MaxLcsCells)
        {
            AddLcsOps(a, b, prefix, n, m, ops);
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                ops.Add(new Op(OpKind.Delete, prefix + i, prefix, a[prefix + i]));
            }

            for (var j = 0; j < m; j++)
            {
                ops.Add(new Op(OpKind.Insert, prefix + n, prefix + j, b[prefix + j]));
            }
        }

        for (var k = 0; k < suffix; k++)
        {
            ops.Add(new Op(OpKind.Equal, a.Length - suffix + k, b.Length - suffix + k, a[a.Length - suffix + k]));
        }

        return ops;
    }

    private static void AddLcsOps(string[] a, string[] b, int offset, int n, int m, List<Op> ops)
    {
        // lcs[i, j] = length of the longest common subsequence of a[offset+i..] and b[offset+j..].
        var width = m + 1;
        var lcs = new int[(n + 1) * width];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lcs[(i * width) + j] = a[offset + i] == b[offset + j]
                    ? lcs[((i + 1) * width) + j + 1] + 1
                    : Math.Max(lcs[((i + 1) * width) + j], lcs[(i * width) + j + 1]);
            }
        }

        int x = 0, y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && a[offset + x] == b[offset + y])
            {
                ops.Add(new Op(OpKind.Equal, offset + x, offset + y, a[offset + x]));
                x++;
                y++;
            }
            else if (y >= m || (x < n && lcs[((x + 1) * width) + y] >= lcs[(x * width) + y + 1]))
            {
                ops.Add(new Op(OpKind.Delete, offset + x, offset + y, a[offset + x]));
                x++;
            }
            else
            {
                ops.Add(new Op(OpKind.Insert, offset + x, offset + y, b[offset + y]));
                y++;
            }
        }
    }

    private static IEnumerable<(int Start, int End)> Hunks(List<Op> ops, List<int> changed)
    {
        var start = Math.Max(0, changed[0] - Context);
        var end = Math.Min(ops.Count - 1, changed[0] + Context);
        foreach (var index in changed.Skip(1))
        {
            if (index - Context <= end + 1)
            {
                end = Math.Min(ops.Count - 1, index + Context);
                continue;
            }

            yield return (start, end);
            start = Math.Max(0, index - Context);
            end = Math.Min(ops.Count - 1, index + Context);
        }

        yield return (start, end);
    }

    private static List<string> RenderHunk(List<Op> ops, int start, int end)
    {
        var first = ops[start];
        var aCount = 0;
        var bCount = 0;
        var body = new List<string>();
        for (var k = start; k <= end; k++)
        {
            var op = ops[k];
            switch (op.Kind)
            {
                case OpKind.Equal:
                    body.Add(" " + op.Text);
                    aCount++;
                    bCount++;
                    break;
                case OpKind.Delete:
                    body.Add("-" + op.Text);
                    aCount++;
                    break;
                default:
                    body.Add("+" + op.Text);
                    bCount++;
                    break;
            }
        }

        // Unified diff line numbers are 1-based; an empty side is reported at the line before it.
        var aStart = aCount == 0 ? first.AIndex : first.AIndex + 1;
        var bStart = bCount == 0 ? first.BIndex : first.BIndex + 1;
        body.Insert(0, $"@@ -{aStart},{aCount} +{bStart},{bCount} @@");
        return body;
    }

    private enum OpKind
    {
        Equal,
        Delete,
        Insert,
    }

    private readonly record struct Op(OpKind Kind, int AIndex, int BIndex, string Text);
}
