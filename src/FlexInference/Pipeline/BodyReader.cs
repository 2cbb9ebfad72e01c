using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace FlexInference.Pipeline;

/// <summary>
/// Reads a non-streaming body, above the handler's decompression, into one pooled buffer under a byte cap, so a small
/// compressed "bomb" stops at the cap and memory stays bounded; a body that cannot be decompressed is reported as the
/// invalid response it is. The synchronous flavour aborts a blocked read by disposing the stream when the token fires.
/// </summary>
internal static class BodyReader
{
    private const int FirstBuffer = 16 * 1024;

    /// <summary>A success body: more than <paramref name="cap"/> bytes is <see cref="ResponseTooLargeException"/>.</summary>
    public static async ValueTask<PooledBody> ReadAsync(HttpResponseMessage response, long cap, bool async, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > cap)
        {
            throw new ResponseTooLargeException(cap);
        }

        return await ReadAsync(response, cap, truncate: false, (int?)response.Content.Headers.ContentLength, async, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An error body: up to <paramref name="cap"/> bytes are kept; one that cannot be decoded ends where decoding failed.</summary>
    public static ValueTask<PooledBody> ReadErrorAsync(HttpResponseMessage response, int cap, bool async, CancellationToken cancellationToken) =>
        ReadAsync(response, cap, truncate: true, null, async, cancellationToken);

    private static async ValueTask<PooledBody> ReadAsync(
        HttpResponseMessage response, long cap, bool truncate, int? expected, bool async, CancellationToken cancellationToken)
    {
        cap = Math.Min(cap, Array.MaxLength - 1L); // one array holds the body
        Stream stream = async ? await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false) : response.Content.ReadAsStream(cancellationToken);
        using (stream)
        using (async ? default : cancellationToken.Register(static state => ((Stream)state!).Dispose(), stream))
        {
            byte[] buffer = Rent((int)Math.Min(cap + 1, Math.Max(expected + 1 ?? FirstBuffer, 1)));
            int length = 0;
            try
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        if (length > cap)
                        {
                            break;
                        }

                        // Doubling, but straight to the cap once the next step would reach it: a body that passes the cap
                        // (a decompression bomb) costs about twice the cap in all, never a power of two above it.
                        long next = (long)buffer.Length * 2;
                        buffer = Grow(buffer, (int)(next >= cap ? cap + 1 : next));
                    }

                    int read = async
                        ? await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)
                        : stream.Read(buffer, length, buffer.Length - length);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                }

                cancellationToken.ThrowIfCancellationRequested(); // a disposed body (the sync abort) reads as its end
            }
            catch (Exception exception) when (FailureTranslator.IsUndecodable(exception))
            {
                if (!truncate)
                {
                    Return(buffer);
                    throw FailureTranslator.Undecodable(exception);
                }

                // An error body that cannot be decoded: the status still tells what happened, keep what was read.
            }
            catch
            {
                Return(buffer);
                throw;
            }

            if (length > cap)
            {
                if (!truncate)
                {
                    Return(buffer);
                    throw new ResponseTooLargeException(cap);
                }

                return new PooledBody(buffer, (int)cap, truncated: true);
            }

            return new PooledBody(buffer, length, truncated: false);
        }
    }

    private static byte[] Grow(byte[] buffer, int size)
    {
        byte[] larger = Rent(size);
        buffer.AsSpan().CopyTo(larger);
        Return(buffer);
        return larger;
    }

    // Bodies up to 1 MiB come from the pool. A larger one (rare: a big answer, or a decompression bomb on its way to the
    // cap) gets arrays of exactly the size asked for, so the pool never rounds one up to the next power of two and never
    // keeps it afterwards.
    private const int LargestPooled = 1 << 20;

    public static byte[] Rent(int size) => size <= LargestPooled ? ArrayPool<byte>.Shared.Rent(size) : GC.AllocateUninitializedArray<byte>(size);

    public static void Return(byte[] buffer)
    {
        if (buffer.Length <= LargestPooled)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
