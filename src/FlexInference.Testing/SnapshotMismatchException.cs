using System;
using System.Collections.Generic;

namespace FlexInference.Testing;

/// <summary>
/// Thrown by a snapshot check (<see cref="ContractCheck"/>, and the repository's own snapshot helper) when actual text
/// does not match its <c>.verified.</c> baseline, when the baseline is missing, or when a snapshot folder holds
/// baselines that are no longer produced.
/// </summary>
/// <remarks>
/// The type implements a marker interface named <c>IAssertionException</c>. xunit.v3 classifies any exception that
/// implements an interface of that name (whatever its namespace) as an assertion failure rather than an unexpected
/// exception, so a snapshot mismatch is reported exactly like a failed <c>Assert</c>. Any other test framework
/// reports it as a failing test because it is an exception escaping the test.
/// </remarks>
public sealed class SnapshotMismatchException : Exception, IAssertionException
{
    /// <summary>Creates the exception with a default message.</summary>
    public SnapshotMismatchException()
        : this("The snapshot does not match its verified baseline.")
    {
    }

    /// <summary>Creates the exception with the given message.</summary>
    /// <param name="message">The full failure message, including the diff and how to accept.</param>
    public SnapshotMismatchException(string message)
        : this(message, [])
    {
    }

    /// <summary>Creates the exception with the given message and inner exception.</summary>
    /// <param name="message">The failure message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public SnapshotMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
        ReceivedFiles = [];
        Changes = [];
    }

    /// <summary>Creates the exception with the given message and the files this run wrote.</summary>
    /// <param name="message">The full failure message, including the diff and how to accept.</param>
    /// <param name="receivedFiles">Absolute paths of the <c>.received.</c> files (or deletion markers) written.</param>
    public SnapshotMismatchException(string message, IReadOnlyList<string> receivedFiles)
        : this(message, receivedFiles, [])
    {
    }

    /// <summary>Creates the exception of a contract check, with the changes it found.</summary>
    /// <param name="message">The full failure message, listing the changes and how to accept.</param>
    /// <param name="receivedFiles">Absolute paths of the <c>.received.</c> files written.</param>
    /// <param name="changes">The changes since the accepted snapshot (empty when there is none yet).</param>
    public SnapshotMismatchException(string message, IReadOnlyList<string> receivedFiles, IReadOnlyList<ContractChange> changes)
        : base(message)
    {
        ReceivedFiles = receivedFiles;
        Changes = changes;
    }

    /// <summary>
    /// Absolute paths of the <c>.received.</c> files (and <c>.received.{ext}.delete</c> markers) that this failure wrote.
    /// </summary>
    public IReadOnlyList<string> ReceivedFiles { get; }

    /// <summary>
    /// For a contract check (<see cref="ContractCheck"/>): the dropped, renamed, retyped and added fields found since the
    /// accepted snapshot. Empty for plain text snapshots, and when there is no accepted snapshot yet.
    /// </summary>
    public IReadOnlyList<ContractChange> Changes { get; }
}

/// <summary>
/// Marker recognised by xunit.v3 by name: exceptions implementing an interface called <c>IAssertionException</c> are
/// reported as assertion failures. Declared here so this library needs no reference to a test framework.
/// </summary>
internal interface IAssertionException;
