namespace FlexInference.Benchmarks.Infrastructure;

/// <summary>The size line of an HTTP/1.1 chunk, read by both the loopback server and its in-memory twin.</summary>
internal static class ChunkSize
{
    /// <summary>The hexadecimal size at the start of <paramref name="line"/> (without its CRLF); chunk extensions are ignored.</summary>
    public static long Parse(ReadOnlySpan<byte> line)
    {
        long size = 0;
        foreach (byte b in line)
        {
            int digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                break; // chunk extensions
            }

            size = (size * 16) + digit;
        }

        return size;
    }
}
