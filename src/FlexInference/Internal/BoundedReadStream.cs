using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace FlexInference.Internal;

/// <summary>
/// Reads a response body above the handler's decompression. It fails once more than the cap has come through, so it
/// counts the bytes the JSON reader would buffer and a small compressed "bomb" stops at the cap; and it reports a body
/// that cannot be decompressed (the decoders throw <see cref="InvalidDataException"/> or
/// <see cref="InvalidOperationException"/>) as the invalid response it is, not as an undocumented exception.
/// </summary>
internal sealed class BoundedReadStream : Stream
{
    private readonly Stream _inner;
    private readonly long _limit;
    private long _read;

    public BoundedReadStream(Stream inner, long limit)
    {
        _inner = inner;
        _limit = limit;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return Count(_inner.Read(buffer.Slice(0, Window(buffer.Length))));
        }
        catch (Exception exception) when (IsUndecodable(exception))
        {
            throw Undecodable(exception);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return Count(await _inner.ReadAsync(buffer.Slice(0, Window(buffer.Length)), cancellationToken).ConfigureAwait(false));
        }
        catch (Exception exception) when (IsUndecodable(exception))
        {
            throw Undecodable(exception);
        }
    }

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
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    // A disposed body (how a clock aborts a synchronous read) is an ObjectDisposedException, which is also an
    // InvalidOperationException: that one belongs to the clock, not to the body's encoding.
    private static bool IsUndecodable(Exception exception) =>
        exception is InvalidDataException || (exception is InvalidOperationException && exception is not ObjectDisposedException);

    private static FlexInferenceInvalidResponseException Undecodable(Exception exception) => new(
        $"FlexInference: the response body could not be decoded ({exception.Message}): its Content-Encoding does not match its bytes. " +
        "Check that the base URL points at the router, and for a proxy that rewrites responses.",
        exception);

    // Never asks for more than one byte past the cap, so the read that proves the body too large is a small one.
    private int Window(int requested)
    {
        long left = _limit - _read;
        return left >= requested ? requested : (int)Math.Max(left + 1, 1);
    }

    private int Count(int read)
    {
        _read += read;
        if (_read > _limit)
        {
            throw new ResponseTooLargeException(_limit);
        }

        return read;
    }
}
