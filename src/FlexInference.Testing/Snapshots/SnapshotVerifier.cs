using System;
using System.IO;
using System.Text;

namespace FlexInference.Testing.Snapshots;

/// <summary>
/// The one implementation of Verify's file conventions, shared by the contract checks and the repository's own
/// snapshot helper: compare text with <c>{name}.verified.{ext}</c>, write <c>{name}.received.{ext}</c> on a mismatch
/// (never the baseline: accepting is a person's job), describe the difference, and say how to accept (not on CI).
/// </summary>
internal static class SnapshotVerifier
{
    /// <summary>The maximum number of diff lines shown per file in a failure message.</summary>
    public const int MaxDiffLines = 40;

    public static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Compares one file; deletes its stale received file on a match. Never writes.</summary>
    public static SnapshotResult Check(string actual, string name, string extension, string directory)
    {
        SnapshotFiles.ValidateName(name, nameof(name));
        extension = SnapshotFiles.NormalizeExtension(extension, nameof(extension));
        string verifiedPath = SnapshotFiles.VerifiedPath(directory, name, extension);
        string receivedPath = SnapshotFiles.ReceivedPath(directory, name, extension);
        string normalizedActual = TextDiff.NormalizeLineEndings(actual);

        if (!File.Exists(verifiedPath))
        {
            return new SnapshotResult(SnapshotState.MissingBaseline, verifiedPath, receivedPath, normalizedActual, null);
        }

        // File.ReadAllText detects and drops a UTF-8 byte order mark.
        string verified = TextDiff.NormalizeLineEndings(File.ReadAllText(verifiedPath, Encoding.UTF8));
        if (string.Equals(verified, normalizedActual, StringComparison.Ordinal))
        {
            File.Delete(receivedPath);
            return new SnapshotResult(SnapshotState.Match, verifiedPath, receivedPath, normalizedActual, verified);
        }

        return new SnapshotResult(SnapshotState.Changed, verifiedPath, receivedPath, normalizedActual, verified);
    }

    /// <summary>Writes the received file of a failed comparison (UTF-8, <c>\n</c> line endings).</summary>
    public static void WriteReceived(SnapshotResult result)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(result.ReceivedPath)!);
        File.WriteAllText(result.ReceivedPath, result.Actual, Utf8NoBom);
    }

    /// <summary>The header of a one-file failure: which baseline, and where the received file went.</summary>
    public static void AppendHeader(StringBuilder message, SnapshotResult result)
    {
        message.Append(result.State == SnapshotState.MissingBaseline
                ? "Snapshot has no baseline yet: "
                : "Snapshot does not match its baseline: ")
            .Append(Path.GetFileName(result.VerifiedPath)).Append('\n');
        message.Append("  verified: ").Append(result.VerifiedPath)
            .Append(result.State == SnapshotState.MissingBaseline ? " (does not exist)" : string.Empty).Append('\n');
        message.Append("  received: ").Append(result.ReceivedPath).Append(" (written by this run)\n");
    }

    /// <summary>A short unified-style diff of the baseline and the received text.</summary>
    public static void AppendDiff(StringBuilder message, SnapshotResult result)
    {
        string verifiedName = Path.GetFileName(result.VerifiedPath);
        string receivedName = Path.GetFileName(result.ReceivedPath);
        if (result.Verified is null)
        {
            message.Append("--- ").Append(verifiedName).Append(" (missing)\n");
            message.Append("+++ ").Append(receivedName).Append('\n');
            message.Append(TextDiff.Join(TextDiff.Added(result.Actual, MaxDiffLines)));
            return;
        }

        message.Append("--- ").Append(verifiedName).Append('\n');
        message.Append("+++ ").Append(receivedName).Append('\n');
        message.Append(TextDiff.Join(TextDiff.Unified(result.Verified, result.Actual, MaxDiffLines)));
    }

    /// <summary>How to accept the received files, or, under <c>CI=true</c>, why that cannot happen here.</summary>
    /// <param name="message">The message to append to.</param>
    /// <param name="command">The command that accepts, e.g. <c>./build.sh --target=UpdateSnapshots</c>.</param>
    /// <param name="whatItDoes">What the command does, in parentheses after it.</param>
    public static void AppendAcceptHint(StringBuilder message, string command, string whatItDoes)
    {
        if (SnapshotEnvironment.IsCi)
        {
            message.Append("Running on CI (CI=true): snapshots cannot be accepted here. The .received. files were ")
                .Append("written for inspection (keep them as CI artifacts). To accept, run ").Append(command)
                .Append(" locally, review the .verified. changes and commit them.");
        }
        else
        {
            message.Append("If the received output is right, accept it with: ").Append(command)
                .Append(" (").Append(whatItDoes).Append("; review the diff before committing).");
        }
    }
}

/// <summary>The outcome of comparing one text with its baseline.</summary>
internal enum SnapshotState
{
    Match,
    Changed,
    MissingBaseline,
}

/// <summary>One comparison: the paths, the (normalised) actual text and the baseline's text, if any.</summary>
internal sealed record SnapshotResult(SnapshotState State, string VerifiedPath, string ReceivedPath, string Actual, string? Verified);
