using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace FlexInference.Testing;

/// <summary>The request body as read under the size cap.</summary>
/// <param name="Bytes">The body, or empty when it was over the cap.</param>
/// <param name="Length">Bytes received (or declared, when the declaration alone was over the cap).</param>
/// <param name="TooLarge">Whether the body broke the cap (declared or actually received).</param>
internal readonly record struct RequestBody(byte[] Bytes, long Length, bool TooLarge);

/// <summary>Reads a request body while enforcing the router's cap on both Content-Length and the bytes received.</summary>
internal static class BodyReader
{
    // After the cap is broken the rest is read and thrown away, so the client can read the 413 instead of a reset.
    private const long DrainLimit = 64L * 1024 * 1024;

    public static async Task<RequestBody> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > maxBytes)
        {
            await DrainAsync(request.Body, 0, cancellationToken).ConfigureAwait(false);
            return new RequestBody(Array.Empty<byte>(), declared, TooLarge: true);
        }

        using var buffer = new MemoryStream();
        byte[] chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > maxBytes)
                {
                    long total = await DrainAsync(request.Body, buffer.Length, cancellationToken).ConfigureAwait(false);
                    return new RequestBody(Array.Empty<byte>(), total, TooLarge: true);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return new RequestBody(buffer.ToArray(), buffer.Length, TooLarge: false);
    }

    private static async Task<long> DrainAsync(Stream body, long alreadyRead, CancellationToken cancellationToken)
    {
        byte[] scratch = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long total = alreadyRead;
            int read;
            while (total < DrainLimit && (read = await body.ReadAsync(scratch.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
