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
internal sealed class BoundedReadStream : ReadOnlyWrapperStream
{
    private readonly long _limit;
    private long _read;

    public BoundedReadStream(Stream inner, long limit)
        : base(inner)
    {
        _limit = limit;
    }

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return Count(Inner.Read(buffer.Slice(0, Window(buffer.Length))));
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
            return Count(await Inner.ReadAsync(buffer.Slice(0, Window(buffer.Length)), cancellationToken).ConfigureAwait(false));
        }
        catch (Exception exception) when (IsUndecodable(exception))
        {
            throw Undecodable(exception);
        }
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
