using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Serialization;
using FlexInference.Testing.Snapshots;

namespace FlexInference.Testing;

/// <summary>
/// Contract checks for types you generate from your own copy of the spec: call them from a test to learn, on every
/// regeneration, which fields were dropped, renamed or retyped, and whether the JSON you recorded still reads.
/// </summary>
/// <remarks>
/// <para>
/// Both checks follow Verify's file conventions: the accepted snapshot is <c>{TestClass}.{TestMethod}.verified.txt</c>
/// beside the calling test's source file (the class name is the file name; keep one test class per file). When the
/// current text differs, or there is no accepted snapshot yet, <c>{TestClass}.{TestMethod}.received.txt</c> is written
/// beside it and a <see cref="SnapshotMismatchException"/> lists the changes (<see cref="SnapshotMismatchException.Changes"/>),
/// shows a diff and says how to accept: review the received file and rename it to <c>.verified.txt</c>. A check never
/// writes or accepts a <c>.verified.</c> file itself, and under <c>CI=true</c> the message says accepting is not possible there.
/// </para>
/// <para>
/// Fixtures map to types by file name: the part before the first dot names a type of the context's namespace
/// (<c>Response.flex-race.json</c> is read as <c>Response</c>, <c>CreateResponse.json</c> as <c>CreateResponse</c>).
/// Pass a map (paths relative to the folder, <c>/</c> separators) for files named otherwise.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// public sealed class RouterContractTests
/// {
///     [Fact]
///     public void Surface() => ContractCheck.VerifySurface(typeof(MyApp.Router.Response).Assembly, "MyApp.Router");
///
///     [Fact]
///     public void Recorded_bodies() => ContractCheck.VerifyFixtures("Fixtures", MyApp.Router.FlexInferenceJsonContext.Default);
/// }
/// </code>
/// </example>
[System.Diagnostics.StackTraceHidden] // Failures point at the test's call site, not at the helper's internals.
public static class ContractCheck
{
    /// <summary>
    /// Snapshots the generated surface of <paramref name="ns"/> (types, JSON names, C# names and types) and fails with
    /// the dropped, renamed, retyped and added fields when it differs from the accepted one.
    /// </summary>
    /// <param name="assembly">The assembly the types are generated into, e.g. <c>typeof(MyApp.Router.Response).Assembly</c>.</param>
    /// <param name="ns">The namespace your spec file's <c>FlexInferenceNamespace</c> metadata names.</param>
    /// <param name="sourceFile">Filled by the compiler; do not pass.</param>
    /// <param name="member">Filled by the compiler; do not pass.</param>
    /// <exception cref="SnapshotMismatchException">The surface changed, or there is no accepted snapshot yet.</exception>
    /// <exception cref="ArgumentException">The namespace holds no generated type.</exception>
    public static void VerifySurface(Assembly assembly, string ns, [CallerFilePath] string sourceFile = "", [CallerMemberName] string member = "")
    {
        GeneratedSurface surface = GeneratedSurface.Read(assembly, ns);
        Verify(surface.ToString(), "generated surface of " + ns, accepted => surface.CompareTo(GeneratedSurface.Parse(accepted)), sourceFile, member);
    }

    /// <summary>
    /// Re-reads every recorded <c>*.json</c> under <paramref name="fixtureFolder"/> through the current types and fails
    /// when a field that was typed is now dropped (untyped), renamed or retyped, when a value no longer fits its field,
    /// or when a fixture no longer reads, compared with the accepted report.
    /// </summary>
    /// <param name="fixtureFolder">The folder of recorded bodies: absolute, or relative to the calling test's source file.</param>
    /// <param name="context">The generated context of your types, e.g. <c>MyApp.Router.FlexInferenceJsonContext.Default</c>.</param>
    /// <param name="map">Types of fixtures not named by the convention, keyed by path relative to the folder; null for none.</param>
    /// <param name="sourceFile">Filled by the compiler; do not pass.</param>
    /// <param name="member">Filled by the compiler; do not pass.</param>
    /// <exception cref="SnapshotMismatchException">The report changed, or there is no accepted snapshot yet.</exception>
    /// <exception cref="ArgumentException">A fixture has no type (see the convention), or the folder holds no fixture.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static void VerifyFixtures(
        string fixtureFolder,
        JsonSerializerContext context,
        IReadOnlyDictionary<string, Type>? map = null,
        [CallerFilePath] string sourceFile = "",
        [CallerMemberName] string member = "")
    {
        FixtureSet fixtures = ReadFixtures(fixtureFolder, context, map, sourceFile);
        Verify(fixtures.ToString(), "fixture report", accepted => fixtures.CompareTo(FixtureSet.Parse(accepted)), sourceFile, member);
    }

    /// <summary>The fixture report <see cref="VerifyFixtures"/> snapshots, for reading or for your own assertions.</summary>
    /// <param name="fixtureFolder">The folder of recorded bodies: absolute, or relative to the calling test's source file.</param>
    /// <param name="context">The generated context of your types.</param>
    /// <param name="map">Types of fixtures not named by the convention; null for none.</param>
    /// <param name="sourceFile">Filled by the compiler; do not pass.</param>
    /// <returns>One block per fixture: one line per field path, saying which property reads it, or that it is untyped.</returns>
    public static string DescribeFixtures(string fixtureFolder, JsonSerializerContext context, IReadOnlyDictionary<string, Type>? map = null, [CallerFilePath] string sourceFile = "") =>
        ReadFixtures(fixtureFolder, context, map, sourceFile).ToString();

    private static FixtureSet ReadFixtures(string fixtureFolder, JsonSerializerContext context, IReadOnlyDictionary<string, Type>? map, string sourceFile)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fixtureFolder);
        ArgumentNullException.ThrowIfNull(context);
        return FixtureSet.Read(SnapshotFiles.ResolveDirectory(fixtureFolder, sourceFile), context, map);
    }

    private static void Verify(string actual, string what, Func<string, IReadOnlyList<ContractChange>> compare, string sourceFile, string member)
    {
        if (string.IsNullOrWhiteSpace(member))
        {
            throw new ArgumentException("The caller's member name is empty; let the compiler fill it.", nameof(member));
        }

        string directory = SnapshotFiles.SourceDirectory(sourceFile);
        string name = Path.GetFileNameWithoutExtension(sourceFile) + "." + member;
        SnapshotResult result = SnapshotVerifier.Check(actual, name, "txt", directory);
        if (result.State == SnapshotState.Match)
        {
            return;
        }

        IReadOnlyList<ContractChange> changes = [];
        string? unreadable = null;
        if (result.Verified is not null)
        {
            try
            {
                changes = compare(result.Verified);
            }
            catch (FormatException exception)
            {
                unreadable = exception.Message;
            }
        }

        SnapshotVerifier.WriteReceived(result);
        var message = new StringBuilder();
        message.Append("FlexInference contract check: the ").Append(what)
            .Append(result.Verified is null ? " has no accepted snapshot yet.\n" : " changed since the accepted snapshot.\n");
        if (changes.Count > 0)
        {
            message.Append(GeneratedSurface.Count(changes.Count, "change")).Append(":\n");
            foreach (ContractChange change in changes)
            {
                message.Append("  ").Append(change).Append('\n');
            }
        }
        else if (unreadable is not null)
        {
            message.Append("The accepted snapshot could not be compared field by field (").Append(unreadable).Append("); see the diff.\n");
        }
        else if (result.Verified is not null)
        {
            message.Append("No field changed; the text differs (order or layout): see the diff.\n");
        }

        message.Append('\n');
        SnapshotVerifier.AppendHeader(message, result);
        message.Append('\n');
        SnapshotVerifier.AppendDiff(message, result);
        message.Append('\n');
        SnapshotVerifier.AppendAcceptHint(message, $"mv \"{result.ReceivedPath}\" \"{result.VerifiedPath}\"",
            "the received file becomes the accepted snapshot; tools that accept Verify snapshots work too");
        throw new SnapshotMismatchException(message.ToString(), [result.ReceivedPath], changes);
    }
}
