using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using FlexInference.Testing;
using FlexInference.Testing.Snapshots;

namespace FlexInference.TestSupport;

/// <summary>
/// Snapshot (approval) testing with Verify's file conventions, for a repository where the Verify package is not
/// available. Switching to Verify later is mechanical: the file names and the accept workflow are the same.
/// </summary>
/// <remarks>
/// <para>
/// <b>Files.</b> <see cref="VerifyAsync(string, string, string, string)"/> compares against
/// <c>{ClassName}.{MethodName}.verified.{ext}</c> in the directory of the calling test's source file, where the class
/// name is the source file's name without extension (keep one test class per file, named like the file). The
/// explicit-name overloads use <c>{name}.verified.{ext}</c> in a directory you choose (relative directories are
/// resolved against the calling test's source directory). <see cref="VerifyDirectoryAsync"/> checks a whole set of
/// named files against one folder.
/// </para>
/// <para>
/// <b>Comparison.</b> Text is compared after normalising line endings to <c>\n</c> on both sides; a UTF-8 byte order
/// mark in the baseline is ignored. Everything else (trailing whitespace, the final newline) is significant.
/// </para>
/// <para>
/// <b>On mismatch</b>, or when the baseline does not exist, the actual text is written (UTF-8, <c>\n</c> line endings)
/// to <c>{name}.received.{ext}</c> beside the baseline and a <see cref="SnapshotMismatchException"/> is thrown whose
/// message has a short unified-style diff and the command that accepts every received file:
/// <c>./build.sh --target=UpdateSnapshots</c> (see <see cref="AcceptCommand"/>). <b>On match</b> a leftover
/// <c>.received.</c> file is deleted. A test run never creates or overwrites a <c>.verified.</c> file: only accepting
/// does. Under <c>CI=true</c> the <c>.received.</c> files are still written (useful as CI artifacts) but the message
/// says that accepting is not possible on CI.
/// </para>
/// <para>
/// The <c>Async</c> methods exist so call sites read like Verify's (<c>await Verify(...)</c>); the file work itself is
/// small and synchronous, and a failure surfaces when the returned task is awaited.
/// </para>
/// <para>
/// Theories: the default file name does not include the arguments, so every case of a <c>[Theory]</c> would share
/// one baseline; use the explicit-name overload with a per-case name instead.
/// </para>
/// </remarks>
[StackTraceHidden] // Failures point at the test's call site, not at the helper's internals.
public static class Snapshot
{
    /// <summary>The command that accepts received files (renames every <c>*.received.*</c> under <c>tests/</c>).</summary>
    public const string AcceptCommand = "./build.sh --target=UpdateSnapshots";

    /// <summary>The extension used when none is given.</summary>
    public const string DefaultExtension = "txt";

    /// <summary>The maximum number of diff lines shown per file in a failure message.</summary>
    public const int MaxDiffLines = SnapshotVerifier.MaxDiffLines;

    /// <summary>In a folder check, diffs are shown for at most this many files; the rest are only listed.</summary>
    private const int MaxFilesWithDiff = 3;

    /// <summary>
    /// Verifies <paramref name="actual"/> against <c>{ClassName}.{MethodName}.verified.{extension}</c> beside the
    /// calling test's source file.
    /// </summary>
    /// <param name="actual">The text to verify.</param>
    /// <param name="extension">The snapshot file's extension, without the dot (<c>txt</c>, <c>cs</c>, <c>json</c>).</param>
    /// <param name="sourceFile">Filled by the compiler; do not pass.</param>
    /// <param name="member">Filled by the compiler; do not pass.</param>
    /// <returns>A task that faults with <see cref="SnapshotMismatchException"/> when the snapshot does not match.</returns>
    public static Task VerifyAsync(
        string actual,
        string extension = DefaultExtension,
        [CallerFilePath] string sourceFile = "",
        [CallerMemberName] string member = "") =>
        AsTask(() => Verify(actual, extension, sourceFile, member));

    /// <summary>Synchronous form of <see cref="VerifyAsync(string, string, string, string)"/>.</summary>
    /// <param name="actual">The text to verify.</param>
    /// <param name="extension">The snapshot file's extension, without the dot.</param>
    /// <param name="sourceFile">Filled by the compiler; do not pass.</param>
    /// <param name="member">Filled by the compiler; do not pass.</param>
    /// <exception cref="SnapshotMismatchException">The text does not match its baseline, or there is none.</exception>
    public static void Verify(
        string actual,
        string extension = DefaultExtension,
        [CallerFilePath] string sourceFile = "",
        [CallerMemberName] string member = "")
    {
        ArgumentNullException.ThrowIfNull(actual);
        var directory = SnapshotFiles.SourceDirectory(sourceFile);
        var className = Path.GetFileNameWithoutExtension(sourceFile);
        if (string.IsNullOrWhiteSpace(member))
        {
            throw new ArgumentException("The caller's member name is empty; let the compiler fill it.", nameof(member));
        }

        VerifyNamed(actual, $"{className}.{member}", extension, directory);
    }

    /// <summary>
    /// Verifies <paramref name="actual"/> against <c>{name}.verified.{extension}</c> in <paramref name="directory"/>.
    /// Pass the arguments by name (<c>name:</c>, <c>extension:</c>, <c>directory:</c>) to pick this overload.
    /// </summary>
    /// <param name="actual">The text to verify.</param>
    /// <param name="name">The snapshot name, e.g. <c>CreateResponse.g</c> for <c>CreateResponse.g.verified.cs</c>.</param>
    /// <param name="extension">The snapshot file's extension, without the dot.</param>
    /// <param name="directory">
    /// The folder of the baseline: absolute, or relative to the calling test's source directory; null for that
    /// directory itself.
    /// </param>
    /// <param name="sourceFile">Filled by the compiler; do not pass.</param>
    /// <returns>A task that faults with <see cref="SnapshotMismatchException"/> when the snapshot does not match.</returns>
    public static Task VerifyAsync(
        string actual,
        string name,
        string extension,
        string? directory = null,
        [CallerFilePath] string sourceFile = "") =>
        AsTask(() => Verify(actual, name, extension, directory, sourceFile));

    /// <summary>Synchronous form of <see cref="VerifyAsync(string, string, string, string?, string)"/>.</summary>
    /// <param name="actual">The text to verify.</param>
    /// <param name="name">The snapshot name.</param>
    /// <param name="extension">The snapshot file's extension, without the dot.</param>
    /// <param name="directory">The folder of the baseline (absolute, or relative to the caller's source directory).</param>
    /// <param name="sourceFile">Filled by the compiler; do not pass.</param>
    /// <exception cref="SnapshotMismatchException">The text does not match its baseline, or there is none.</exception>
    public static void Verify(
        string actual,
        string name,
        string extension,
        string? directory = null,
        [CallerFilePath] string sourceFile = "")
    {
        ArgumentNullException.ThrowIfNull(actual);
        VerifyNamed(actual, name, extension, SnapshotFiles.ResolveDirectory(directory, sourceFile));
    }

    /// <summary>
    /// Verifies a whole set of named files against the baselines in <paramref name="folder"/>: every produced file
    /// <c>{name}.{ext}</c> must match <c>{name}.verified.{ext}</c>, and every <c>*.verified.*</c> file in the folder
    /// must still be produced. Meant for generated-code baselines (one folder per generator run).
    /// </summary>
    /// <remarks>
    /// The folder belongs to this set: at the start of the check, every <c>*.received.*</c> file in it is deleted.
    /// Then, for every problem, a file is written: <c>{name}.received.{ext}</c> for a changed file and for a produced
    /// file without a baseline, and a <c>{name}.received.{ext}.delete</c> marker for a stale baseline (accepting
    /// deletes the baseline). The thrown message lists all three kinds and shows diffs for the first few files.
    /// Files in the folder that are neither verified nor received (a README, say) are left alone.
    /// </remarks>
    /// <param name="files">
    /// Produced files keyed by file name, e.g. <c>"CreateResponse.g.cs"</c>. A key must have an extension and no
    /// directory part.
    /// </param>
    /// <param name="folder">The baseline folder: absolute, or relative to the calling test's source directory.</param>
    /// <param name="sourceFile">Filled by the compiler; do not pass.</param>
    /// <returns>A task that faults with <see cref="SnapshotMismatchException"/> when the set does not match.</returns>
    public static Task VerifyDirectoryAsync(
        IReadOnlyDictionary<string, string> files,
        string folder,
        [CallerFilePath] string sourceFile = "") =>
        AsTask(() => VerifyDirectory(files, folder, sourceFile));

    /// <summary>Synchronous form of <see cref="VerifyDirectoryAsync"/>.</summary>
    /// <param name="files">Produced files keyed by file name with extension.</param>
    /// <param name="folder">The baseline folder: absolute, or relative to the calling test's source directory.</param>
    /// <param name="sourceFile">Filled by the compiler; do not pass.</param>
    /// <exception cref="SnapshotMismatchException">The set of files does not match the folder.</exception>
    public static void VerifyDirectory(
        IReadOnlyDictionary<string, string> files,
        string folder,
        [CallerFilePath] string sourceFile = "")
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var directory = SnapshotFiles.ResolveDirectory(folder, sourceFile);

        var entries = files
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => (Key: pair.Key, Parts: SplitKey(pair.Key), Text: pair.Value))
            .ToList();

        // Leftovers of earlier runs are never accepted by mistake: this check rewrites what is still relevant.
        if (Directory.Exists(directory))
        {
            foreach (var received in Directory.EnumerateFiles(directory, "*" + SnapshotFiles.ReceivedInfix + "*"))
            {
                File.Delete(received);
            }
        }

        var results = new List<SnapshotResult>();
        var expectedVerified = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, (name, extension), text) in entries)
        {
            ArgumentNullException.ThrowIfNull(text, $"{nameof(files)}[\"{key}\"]");
            expectedVerified.Add(Path.GetFileName(SnapshotFiles.VerifiedPath(directory, name, extension)));
            results.Add(SnapshotVerifier.Check(text, name, extension, directory));
        }

        var stale = new List<string>();
        if (Directory.Exists(directory))
        {
            stale.AddRange(Directory.EnumerateFiles(directory, "*" + SnapshotFiles.VerifiedInfix + "*")
                .Select(path => Path.GetFileName(path))
                .Where(fileName => !expectedVerified.Contains(fileName))
                .Order(StringComparer.Ordinal));
        }

        var changed = results.Where(result => result.State == SnapshotState.Changed).ToList();
        var missing = results.Where(result => result.State == SnapshotState.MissingBaseline).ToList();
        if (changed.Count == 0 && missing.Count == 0 && stale.Count == 0)
        {
            return;
        }

        var written = new List<string>();
        foreach (var result in changed.Concat(missing))
        {
            SnapshotVerifier.WriteReceived(result);
            written.Add(result.ReceivedPath);
        }

        foreach (var fileName in stale)
        {
            var infix = fileName.IndexOf(SnapshotFiles.VerifiedInfix, StringComparison.Ordinal);
            var marker = SnapshotFiles.DeleteMarkerPath(
                directory, fileName[..infix], fileName[(infix + SnapshotFiles.VerifiedInfix.Length)..]);
            File.WriteAllText(
                marker,
                $"{fileName} is no longer produced. Accepting ({AcceptCommand}) deletes it.\n",
                SnapshotVerifier.Utf8NoBom);
            written.Add(marker);
        }

        var message = new StringBuilder();
        message.Append("Snapshot folder ").Append(directory).Append(" does not match the ")
            .Append(entries.Count).Append(" produced file(s).\n");
        AppendList(message, "Changed", changed.Select(result => Path.GetFileName(result.VerifiedPath)),
            "a .received. file was written beside each");
        AppendList(message, "Missing baseline (produced, but no .verified. file yet)",
            missing.Select(result => Path.GetFileName(result.VerifiedPath)), "a .received. file was written for each");
        AppendList(message, "Stale baseline (a .verified. file that is no longer produced)", stale,
            "a .received.{ext}.delete marker was written; accepting deletes the baseline");

        var shown = 0;
        foreach (var result in changed.Concat(missing))
        {
            if (shown == MaxFilesWithDiff)
            {
                message.Append('\n').Append("(diffs of ").Append(changed.Count + missing.Count - shown)
                    .Append(" more file(s) not shown: see the .received. files)\n");
                break;
            }

            message.Append('\n');
            SnapshotVerifier.AppendDiff(message, result);
            shown++;
        }

        message.Append('\n');
        AppendAcceptHint(message);
        throw new SnapshotMismatchException(message.ToString(), written);
    }

    private static void VerifyNamed(string actual, string name, string extension, string directory)
    {
        var result = SnapshotVerifier.Check(actual, name, extension, directory);
        if (result.State == SnapshotState.Match)
        {
            return;
        }

        SnapshotVerifier.WriteReceived(result);
        var message = new StringBuilder();
        SnapshotVerifier.AppendHeader(message, result);
        message.Append('\n');
        SnapshotVerifier.AppendDiff(message, result);
        message.Append('\n');
        AppendAcceptHint(message);
        throw new SnapshotMismatchException(message.ToString(), [result.ReceivedPath]);
    }

    private static (string Name, string Extension) SplitKey(string key)
    {
        var fileName = key ?? string.Empty;
        var dot = fileName.LastIndexOf('.');
        if (dot <= 0 || dot == fileName.Length - 1)
        {
            throw new ArgumentException(
                $"The produced file name '{key}' needs a name and an extension (e.g. \"CreateResponse.g.cs\").",
                "files");
        }

        var name = fileName[..dot];
        var extension = fileName[(dot + 1)..];
        SnapshotFiles.ValidateName(name, "files");
        return (name, SnapshotFiles.NormalizeExtension(extension, "files"));
    }

    private static void AppendList(StringBuilder message, string title, IEnumerable<string> fileNames, string note)
    {
        var list = fileNames.ToList();
        if (list.Count == 0)
        {
            return;
        }

        message.Append("  ").Append(title).Append(" (").Append(list.Count).Append("): ").Append(note).Append('\n');
        foreach (var fileName in list)
        {
            message.Append("    ").Append(fileName).Append('\n');
        }
    }

    private static void AppendAcceptHint(StringBuilder message) =>
        SnapshotVerifier.AppendAcceptHint(message, AcceptCommand, "renames every *.received.* under tests/ to *.verified.*");

    private static Task AsTask(Action verify)
    {
        try
        {
            verify();
            return Task.CompletedTask;
        }
#pragma warning disable CA1031 // The exception is handed to the awaiting caller, not swallowed.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return Task.FromException(exception);
        }
    }
}
