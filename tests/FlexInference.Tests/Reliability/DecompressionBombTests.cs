using System.IO.Compression;
using System.Text;
using FlexInference.Tests.Infrastructure;
using FlexInference.Tests.Observability;
using static FlexInference.Tests.Reliability.ReliabilityKit;

namespace FlexInference.Tests.Reliability;

/// <summary>
/// A small gzip body that inflates past <c>MaxResponseBytes</c> stops at the cap, and what reading it up to there costs
/// is bounded: about twice the cap (docs/reliability.md), not a power of two above it.
/// </summary>
[Collection(nameof(TelemetryCollection))] // measures the process's allocations: runs alone
public sealed class DecompressionBombTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_gzip_bomb_stops_at_the_cap_and_costs_about_twice_the_cap(bool sync)
    {
        const long Cap = 8L * 1024 * 1024;
        byte[] bomb = Gzip(new byte[64 * 1024 * 1024]); // 64 MiB of zeros: about 64 KB on the wire
        byte[] head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: {bomb.Length}\r\nConnection: close\r\n\r\n");
        await using var server = RecordingServer.Answering([.. head, .. bomb]);
        using FlexInferenceClient client = Client(server.BaseUrl, options => options.MaxResponseBytes = Cap);

        long before = GC.GetTotalAllocatedBytes(precise: true);
        await Throws<ResponseTooLargeException>(() => CallAsync(client, sync));
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        TestContext.Current.TestOutputHelper?.WriteLine($"cap {Cap:N0} bytes, allocated {allocated:N0} bytes ({(double)allocated / Cap:0.00} x the cap)");
        Assert.InRange(allocated, 0, (long)(2.5 * Cap));
    }

    private static byte[] Gzip(byte[] source)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(source);
        }

        return output.ToArray();
    }
}
