using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Net.Sockets;
using System.Text;
using CsCheck;
using FlexInference.Tests.Infrastructure;
using FlexInference.Tests.Streaming;
using static FlexInference.Tests.Reliability.ReliabilityKit;

namespace FlexInference.Tests.Reliability;

/// <summary>
/// Random server bytes through a real loopback socket (the runtime's HttpClientResponseFuzzer pattern, driven by CsCheck):
/// fully random bytes, and structured-random answers (a plausible status line, random headers, bodies cut, flipped,
/// gzip'd or chunked wrongly, streams and plain). Every call, streaming or not, must succeed or throw a documented
/// FlexInference exception, within its clocks: never hang, never another exception type. Iterations are bounded by a
/// count and a time budget; the counts reached are written to the test output. The class runs alone: it keeps both
/// cores busy, which would starve the timing-sensitive tests running beside it.
/// </summary>
[Collection(nameof(FuzzTests))]
public sealed class FuzzTests
{
    private static readonly byte[] Json = Encoding.UTF8.GetBytes(Fixtures.Read("responses.response.json"));
    private static readonly byte[] Sse = StreamKit.Fixture("responses.sse");
    private static readonly string[] Statuses = ["200 OK", "200", "201 Created", "204 No Content", "301 Moved", "302 Found", "400 Bad", "401 No", "408 Slow", "429 Later", "500 Oops", "503 Busy", "101 Switching", "100 Continue", "999 What", "-1 Neg", "2000 Big"];
    private static readonly string[] HeaderNames = ["Content-Length", "Transfer-Encoding", "Content-Encoding", "Content-Type", "Retry-After", "retry-after-ms", "x-should-retry", "Connection", "x-flexinference-retries", "x-request-id", "Location", "X-Junk"];
    private static readonly string[] HeaderValues = ["0", "5", "-1", "99999999999999999999", "chunked", "gzip", "br", "deflate", "identity", "application/json", "text/event-stream", "close", "keep-alive", "true", "false", "1.5", "inf", "Mon, 02 Mar 2026 12:00:30 GMT", "", " ", "\u00ff\u00fe", "http://127.0.0.1:1/x"];

    private static readonly Gen<byte[]> RandomBytes = Gen.Byte.Array[0, 700];

    private static readonly Gen<byte[]> Body = Gen.OneOf(
        Gen.Byte.Array[0, 300],
        Gen.Int[0, Json.Length].Select(cut => Json[..cut]),
        Gen.Int[0, Sse.Length].Select(cut => Sse[..cut]),
        Gen.Select(Gen.Int[0, Json.Length - 1].Array[1, 8], Gen.Byte, (at, value) => Flip(Json, at, value)),
        Gen.Select(Gen.Int[0, Sse.Length - 1].Array[1, 8], Gen.Byte, (at, value) => Flip(Sse, at, value)),
        Gen.Select(Gen.Int[0, 2000], Gen.Bool, (cut, sse) => Gzip(sse ? Sse : Json)[..Math.Min(cut, Gzip(sse ? Sse : Json).Length)]),
        Gen.Select(Gen.Int[1, 64].Array[1, 12], Gen.Int[-3, 3], Gen.Bool, (sizes, skew, sse) => Chunk(sse ? Sse : Json, sizes, skew)),
        Gen.Const(Sse),
        Gen.Const(Json));

    private static readonly Gen<byte[]> Structured = Gen.Select(
        Gen.OneOf(Gen.Int[0, Statuses.Length - 1].Select(i => "HTTP/1.1 " + Statuses[i]), Gen.Const("HTTP/1.0 200 OK"), Gen.String[0, 20]),
        Gen.Select(Gen.Int[0, HeaderNames.Length - 1], Gen.Int[0, HeaderValues.Length - 1], Gen.String[0, 12], Gen.Int[0, 5])
            .Select((name, value, random, pick) => HeaderNames[name] + ": " + (pick == 0 ? random : HeaderValues[value])).Array[0, 7],
        Body,
        Gen.Bool,
        (status, headers, body, lf) =>
        {
            string eol = lf ? "\n" : "\r\n";
            return (byte[])[.. Encoding.Latin1.GetBytes(status + eol + string.Concat(headers.Select(h => h + eol)) + eol), .. body];
        });

    private static readonly Gen<byte[]> Valid = Gen.Select(Body, Gen.Bool, (body, sse) =>
    {
        string head = $"HTTP/1.1 200 OK\r\nContent-Type: {(sse ? "text/event-stream" : "application/json")}\r\nContent-Length: {body.Length}\r\n\r\n";
        return (byte[])[.. Encoding.ASCII.GetBytes(head), .. body];
    });

    private static readonly Gen<(byte[] Bytes, bool Stream, bool Hold)> Case = Gen.Select(
        Gen.Frequency((3, RandomBytes), (5, Structured), (2, Valid)),
        Gen.Bool,
        Gen.Int[0, 24].Select(n => n == 0));

    [Fact]
    public Task Random_server_bytes_end_in_success_or_a_documented_exception_async() => Run(sync: false, iterations: 2000, budget: TimeSpan.FromSeconds(15));

    [Fact]
    public Task Random_server_bytes_end_in_success_or_a_documented_exception_sync() => Run(sync: true, iterations: 600, budget: TimeSpan.FromSeconds(8));

    private static async Task Run(bool sync, int iterations, TimeSpan budget)
    {
        await using var server = new FuzzServer();
        using FlexInferenceClient client = Client(server.BaseUrl, options =>
        {
            options.MaxRetries = 1;
            options.FirstByteTimeout = TimeSpan.FromMilliseconds(300);
            options.Timeout = TimeSpan.FromMilliseconds(300);
            options.IdleTimeout = TimeSpan.FromMilliseconds(300);
            options.ErrorBodyTimeout = TimeSpan.FromMilliseconds(300);
            options.TotalTimeout = TimeSpan.FromSeconds(2);
            options.MaxStreamFrameBytes = 64 * 1024;
            options.MaxResponseBytes = 64 * 1024;
        });
        RecordDelays(client);
        var outcomes = new ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();
        int ran = 0;

        await Case.SampleAsync(async c =>
        {
            if (clock.Elapsed > budget)
            {
                return; // the time budget is spent: the remaining samples are skipped, not run
            }

            Interlocked.Increment(ref ran);
            server.Next(c.Bytes, c.Hold);
            Task<string> call = Task.Run(() => Outcome(client, sync, c.Stream), Token);
            Task finished = await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(15), Token));
            Assert.True(finished == call, $"the call hung: {Show(c.Bytes)} stream={c.Stream} hold={c.Hold}");
            outcomes.AddOrUpdate(await call, 1, (_, n) => n + 1);
        }, iter: iterations, threads: 1, seed: null, print: c => $"{Show(c.Bytes)} stream={c.Stream} hold={c.Hold}");

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"fuzz ({(sync ? "sync" : "async")}): {ran} iterations in {clock.Elapsed.TotalSeconds:0.0} s; outcomes: " +
            string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}")));
        Assert.True(ran >= Math.Min(iterations, 50), $"only {ran} iterations ran");
    }

    /// <summary>Runs one call and names how it ended; anything but success or a documented exception fails the property.</summary>
    private static async Task<string> Outcome(FlexInferenceClient client, bool sync, bool stream)
    {
        try
        {
            if (!stream)
            {
                await CallAsync(client, sync);
                return "success";
            }

            if (sync)
            {
                using ResponseStream opened = client.Responses.CreateStreaming(Request, cancellationToken: Token);
                foreach (ResponseStreamEvent _ in opened)
                {
                }
            }
            else
            {
                await using ResponseStream opened = await client.Responses.CreateStreamingAsync(Request, cancellationToken: Token);
                await foreach (ResponseStreamEvent _ in opened)
                {
                }
            }

            return "stream completed";
        }
        catch (FlexInferenceException exception)
        {
            return exception.GetType().Name + (exception is FlexInferenceTimeoutException timeout ? "/" + timeout.Clock : string.Empty);
        }
    }

    private static byte[] Flip(byte[] source, int[] at, byte value)
    {
        byte[] copy = [.. source];
        foreach (int i in at)
        {
            copy[i] = value;
        }

        return copy;
    }

    private static byte[] Gzip(byte[] source)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(source);
        }

        return output.ToArray();
    }

    /// <summary>Chunked framing of <paramref name="source"/>, each declared size off by <paramref name="skew"/>.</summary>
    private static byte[] Chunk(byte[] source, int[] sizes, int skew)
    {
        var output = new MemoryStream();
        int at = 0;
        for (int i = 0; at < source.Length; i++)
        {
            int size = Math.Min(sizes[i % sizes.Length], source.Length - at);
            output.Write(Encoding.ASCII.GetBytes($"{Math.Max(0, size + (i == sizes.Length / 2 ? skew : 0)):X}\r\n"));
            output.Write(source, at, size);
            output.Write("\r\n"u8);
            at += size;
        }

        output.Write("0\r\n\r\n"u8);
        return output.ToArray();
    }

    private static string Show(byte[] bytes) => Convert.ToBase64String(bytes);

    /// <summary>Answers every connection with the current bytes, then closes it (or, rarely, holds it open).</summary>
    private sealed class FuzzServer : IAsyncDisposable
    {
        private readonly RawHttpServer _server;
        private volatile byte[] _bytes = [];
        private volatile bool _hold;

        public FuzzServer()
        {
            _server = new RawHttpServer(async (stream, token) =>
            {
                try
                {
                    await RawHttpServer.ReadRequestAsync(stream, token);
                    await stream.WriteAsync(_bytes, token);
                    if (!_hold)
                    {
                        stream.Socket.Shutdown(SocketShutdown.Send);
                    }

                    // Wait for the client to hang up, so it never meets a reset for a request it already sent.
                    var buffer = new byte[1024];
                    while (await stream.ReadAsync(buffer, token) > 0)
                    {
                    }
                }
                catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
                {
                    // The client gave up on the connection: expected for most inputs.
                }
            });
        }

        public Uri BaseUrl => _server.BaseUrl;

        public void Next(byte[] bytes, bool hold)
        {
            _bytes = bytes;
            _hold = hold;
        }

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }
}

/// <summary>The fuzz tests run alone (see <see cref="FuzzTests"/>).</summary>
[CollectionDefinition(nameof(FuzzTests), DisableParallelization = true)]
public sealed class FuzzCollection;
