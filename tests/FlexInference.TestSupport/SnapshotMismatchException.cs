namespace FlexInference.TestSupport;

/// <summary>
/// Thrown by <see cref="Snapshot"/> when actual text does not match its <c>.verified.</c> baseline, when the baseline
/// is missing, or when a snapshot folder holds baselines that are no longer produced.
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
    }

    /// <summary>Creates the exception with the given message and the files this run wrote.</summary>
    /// <param name="message">The full failure message, including the diff and how to accept.</param>
    /// <param name="receivedFiles">Absolute paths of the <c>.received.</c> files (or deletion markers) written.</param>
    public SnapshotMismatchException(string message, IReadOnlyList<string> receivedFiles)
        : base(message)
    {
        ReceivedFiles = receivedFiles;
    }

    /// <summary>
    /// Absolute paths of the <c>.received.</c> files (and <c>.received.{ext}.delete</c> markers) that this failure wrote.
    /// </summary>
    public IReadOnlyList<string> ReceivedFiles { get; }
}

/// <summary>
/// Marker recognised by xunit.v3 by name: exceptions implementing an interface called <c>IAssertionException</c> are
/// reported as assertion failures. Declared here so this library needs no reference to a test framework.
/// </summary>
internal interface IAssertionException;
