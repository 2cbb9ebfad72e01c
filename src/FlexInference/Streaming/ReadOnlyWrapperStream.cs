using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace FlexInference.Streaming;

/// <summary>
/// The part every read-only, forward-only wrapper over a response body shares: it owns the inner stream and refuses
/// seeking and writing. Subclasses implement the two span/memory reads; the array overloads route to them.
/// </summary>
internal abstract class ReadOnlyWrapperStream : Stream
{
    protected ReadOnlyWrapperStream(Stream inner) => Inner = inner;

    /// <summary>The wrapped body.</summary>
    protected Stream Inner { get; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public abstract override int Read(Span<byte> buffer);

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
