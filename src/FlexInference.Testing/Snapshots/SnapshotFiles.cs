using System;
using System.IO;

namespace FlexInference.Testing.Snapshots;

/// <summary>
/// The file conventions shared with Verify: <c>{name}.verified.{ext}</c> is the committed baseline and
/// <c>{name}.received.{ext}</c> the (git-ignored) output of a failing run. A baseline that is no longer produced by a
/// snapshot folder gets a <c>{name}.received.{ext}.delete</c> marker instead, which accepting turns into a deletion.
/// </summary>
internal static class SnapshotFiles
{
    /// <summary>The infix of a committed baseline: <c>Name.verified.ext</c>.</summary>
    public const string VerifiedInfix = ".verified.";

    /// <summary>The infix of the output of a failing run: <c>Name.received.ext</c>.</summary>
    public const string ReceivedInfix = ".received.";

    /// <summary>
    /// Suffix of a deletion marker, <c>Name.received.ext.delete</c>: the baseline <c>Name.verified.ext</c> is no longer
    /// produced and accepting deletes it. The marker matches the <c>*.received.*</c> ignore pattern.
    /// </summary>
    public const string DeleteMarkerSuffix = ".delete";

    /// <summary>Path of the baseline <c>{directory}/{name}.verified.{extension}</c>.</summary>
    public static string VerifiedPath(string directory, string name, string extension) =>
        Path.Combine(directory, name + VerifiedInfix + extension);

    /// <summary>Path of the received file <c>{directory}/{name}.received.{extension}</c>.</summary>
    public static string ReceivedPath(string directory, string name, string extension) =>
        Path.Combine(directory, name + ReceivedInfix + extension);

    /// <summary>Path of the deletion marker <c>{directory}/{name}.received.{extension}.delete</c>.</summary>
    public static string DeleteMarkerPath(string directory, string name, string extension) =>
        ReceivedPath(directory, name, extension) + DeleteMarkerSuffix;

    /// <summary>
    /// The directory snapshots of a test source file live in: the directory of <paramref name="sourceFile"/> (a
    /// <c>[CallerFilePath]</c> value). Deterministic CI builds map source paths to <c>/_/</c>; such a path is mapped
    /// back onto the repository that contains the running test assembly.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="sourceFile"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">A mapped <c>/_/</c> path cannot be resolved.</exception>
    public static string SourceDirectory(string sourceFile)
    {
        if (string.IsNullOrWhiteSpace(sourceFile))
        {
            throw new ArgumentException(
                "The caller's source file path is empty. Let the compiler fill the [CallerFilePath] parameter " +
                "(do not pass it), or use the overload that takes an explicit directory.",
                nameof(sourceFile));
        }

        var directory = Path.GetDirectoryName(MapDeterministicPath(sourceFile));
        return string.IsNullOrEmpty(directory)
            ? throw new ArgumentException($"'{sourceFile}' has no directory part.", nameof(sourceFile))
            : directory;
    }

    /// <summary>
    /// Resolves <paramref name="directory"/> against the directory of <paramref name="sourceFile"/> when it is
    /// relative; returns the source file's directory when <paramref name="directory"/> is null or empty.
    /// </summary>
    public static string ResolveDirectory(string? directory, string sourceFile)
    {
        if (!string.IsNullOrEmpty(directory) && Path.IsPathFullyQualified(directory))
        {
            return Path.GetFullPath(directory);
        }

        var baseDirectory = SourceDirectory(sourceFile);
        return string.IsNullOrEmpty(directory)
            ? baseDirectory
            : Path.GetFullPath(Path.Combine(baseDirectory, directory));
    }

    /// <summary>Checks that <paramref name="name"/> can be used as the first part of a snapshot file name.</summary>
    internal static void ValidateName(string name, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A snapshot name must not be empty.", parameterName);
        }

        if (name.IndexOfAny(['/', '\\']) >= 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException(
                $"The snapshot name '{name}' must be a plain file name (no directory separators or invalid characters).",
                parameterName);
        }

        if (name.Contains(VerifiedInfix, StringComparison.Ordinal) || name.Contains(ReceivedInfix, StringComparison.Ordinal) ||
            name.EndsWith(".verified", StringComparison.Ordinal) || name.EndsWith(".received", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The snapshot name '{name}' must not contain '.verified' or '.received'; the helper adds those.",
                parameterName);
        }
    }

    /// <summary>Returns the extension without a leading dot, after checking it is usable.</summary>
    internal static string NormalizeExtension(string extension, string parameterName)
    {
        var trimmed = extension?.TrimStart('.') ?? string.Empty;
        if (trimmed.Length == 0 || trimmed.IndexOfAny(['/', '\\']) >= 0 ||
            trimmed.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException(
                $"The snapshot extension '{extension}' must be a non-empty file extension such as \"txt\" or \"cs\".",
                parameterName);
        }

        return trimmed;
    }

    private static string MapDeterministicPath(string sourceFile)
    {
        // With ContinuousIntegrationBuild=true (set when CI=true) the SDK maps the repository root to "/_/" in
        // compiler output, and [CallerFilePath] values follow. Map such a path back onto the checkout.
        if (!sourceFile.StartsWith("/_/", StringComparison.Ordinal) || File.Exists(sourceFile))
        {
            return sourceFile;
        }

        var root = FindRepositoryRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException(
                $"The source path '{sourceFile}' was mapped by a deterministic build (PathMap '/_/'), and no " +
                $"repository root (a directory with .git) was found above '{AppContext.BaseDirectory}' to map it back.");
        return Path.Combine(root, sourceFile["/_/".Length..]);
    }

    private static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, ".git")) ||
                File.Exists(Path.Combine(directory.FullName, ".git")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
