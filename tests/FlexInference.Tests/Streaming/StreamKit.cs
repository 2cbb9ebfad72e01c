using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using FlexInference.Observability;
using FlexInference.Pipeline;
using FlexInference.Routing;
using FlexInference.Streaming;
using FlexInference.Surfaces;
using FlexInference.Tests.Infrastructure;

namespace FlexInference.Tests.Streaming;

/// <summary>Requests, fixtures and small helpers shared by the streaming tests.</summary>
internal static class StreamKit
{
    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public static CreateResponse ResponseRequest => new() { Model = "gpt-5.5", Input = "Is the Musée d'Orsay a good plan today?", StartWithin = StartWithin.Default };

    public static CreateChatCompletionRequest ChatRequest => new() { Model = "gpt-5.4-mini", Messages = [], StartWithin = StartWithin.Default };

    public static InteractionCreateParams InteractionRequest => new() { Model = "gemini-2.5-flash", Input = "Weather in Zürich?", StartWithin = StartWithin.Default };

    public static MessageCreateParams MessageRequest => new() { Model = "claude-sonnet-4-5", Messages = [], StartWithin = StartWithin.Default };

    /// <summary>A recorded stream from <c>Fixtures/Streams</c>, byte for byte.</summary>
    public static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Streams", name));

    public static string FixtureText(string name) => Encoding.UTF8.GetString(Fixture(name));

    /// <summary>
    /// A stream object of the surface over <paramref name="body"/>, without HTTP: the frame guard, the parser and the
    /// stream class exactly as the client wires them. For the split properties, where thousands of runs must be cheap.
    /// </summary>
    public static StreamingResponse Direct(Stream body, Surface surface, long maxFrameBytes = 8 * 1024 * 1024)
    {
        var clock = new CallClock(CancellationToken.None, CancellationToken.None, total: null);
        var context = new CallContext(new ApiCall(surface, surface.Path, null, null, null), clock, DirectHttp, new FailureTranslator(DirectSettings, ownsHttpClient: true), telemetry: null);
        var guarded = new SseFrameGuardStream(body, maxFrameBytes, () => { });
        return new StreamingResponse(new HttpResponseMessage(HttpStatusCode.OK), guarded, context, ResponseMetadata.From(new HttpResponseMessage(HttpStatusCode.OK), TimeSpan.Zero),
            TimeSpan.FromSeconds(60), new CallLog(DirectSettings), DirectSettings.Redactor);
    }

    private static readonly ClientSettings DirectSettings =
        ClientSettings.Resolve(new FlexInferenceClientOptions { ApiKey = MockRouter.ApiKey, BaseUrl = new Uri("http://127.0.0.1:9/v1") });

    private static readonly HttpClient DirectHttp = new();

    /// <summary>A client whose HTTP layer answers every request with a 200 event stream over <paramref name="body"/>, in memory.</summary>
    public static (FlexInferenceClient Client, InMemorySseHandler Handler) InMemoryClient(Func<Stream> body, Action<FlexInferenceClientOptions>? configure = null)
    {
        var handler = new InMemorySseHandler(body);
        var options = new FlexInferenceClientOptions
        {
            BaseUrl = new Uri("http://127.0.0.1:9/v1"),
            HttpClient = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan },
        };
        configure?.Invoke(options);
        return (new FlexInferenceClient(MockRouter.ApiKey, options), handler);
    }

    /// <summary>Reads a raw stream to its end, synchronously or not, keeping what was delivered and how it ended.</summary>
    public static async Task<(List<string> Events, Exception? Error)> ReadAllAsync(JsonEventStream stream, bool sync)
    {
        var events = new List<string>();
        try
        {
            if (sync)
            {
                foreach (JsonObject item in stream)
                {
                    events.Add(item.ToJsonString());
                }
            }
            else
            {
                await foreach (JsonObject item in stream)
                {
                    events.Add(item.ToJsonString());
                }
            }
        }
        catch (Exception exception)
        {
            return (events, exception);
        }

        return (events, null);
    }

    /// <summary>Every way to cut <paramref name="length"/> bytes into reads of 1 to <paramref name="maxRead"/> bytes.</summary>
    public static IEnumerable<int[]> AllSplits(int length, int maxRead = 13)
    {
        var parts = new List<int>();
        foreach (int[] split in Walk(length))
        {
            yield return split;
        }

        IEnumerable<int[]> Walk(int remaining)
        {
            if (remaining == 0)
            {
                yield return parts.ToArray();
                yield break;
            }

            for (int size = 1; size <= Math.Min(maxRead, remaining); size++)
            {
                parts.Add(size);
                foreach (int[] split in Walk(remaining - size))
                {
                    yield return split;
                }

                parts.RemoveAt(parts.Count - 1);
            }
        }
    }

    /// <summary>
    /// Rewrites LF-ended text with the line ending <paramref name="ending"/> picks for each line. A blank line right after
    /// a CR-ended line gets CRLF, because CR followed by LF reads as one line break and would swallow the blank line.
    /// </summary>
    public static string WithEndings(string text, Func<int, string> ending)
    {
        string[] lines = text.Split('\n');
        var result = new StringBuilder();
        string previous = "\n";
        for (int i = 0; i < lines.Length - 1; i++)
        {
            string chosen = ending(i);
            if (lines[i].Length == 0 && previous == "\r" && chosen == "\n")
            {
                chosen = "\r\n";
            }

            result.Append(lines[i]).Append(chosen);
            previous = chosen;
        }

        return result.Append(lines[^1]).ToString();
    }

    /// <summary>Shows bytes with their line endings visible, for failure messages.</summary>
    public static string Show(byte[] bytes) => Encoding.UTF8.GetString(bytes).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}

/// <summary>An HTTP handler that answers every request with a 200 event stream, in memory, and keeps the request bodies.</summary>
internal sealed class InMemorySseHandler(Func<Stream> body) : HttpMessageHandler
{
    public ConcurrentQueue<string> RequestBodies { get; } = new();

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) => Respond(request);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(Respond(request));

    private HttpResponseMessage Respond(HttpRequestMessage request)
    {
        if (request.Content is { } content)
        {
            using var reader = new StreamReader(content.ReadAsStream());
            RequestBodies.Enqueue(reader.ReadToEnd());
        }

        var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new StreamContent(body()) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
        response.Headers.Add("x-flexinference-served-provider", "openai");
        return response;
    }
}

/// <summary>Hands out its bytes in reads of the given sizes (cycled), never more than asked for.</summary>
internal sealed class SplitReadStream(byte[] data, IReadOnlyList<int> sizes) : Stream
{
    private int _position;
    private int _reads;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        if (_position >= data.Length || buffer.Length == 0)
        {
            return 0;
        }

        int size = Math.Min(Math.Min(sizes[_reads++ % sizes.Count], buffer.Length), data.Length - _position);
        data.AsSpan(_position, size).CopyTo(buffer);
        _position += size;
        return size;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>
/// A body of <paramref name="length"/> bytes made on demand from a repeating pattern (so 100 MB costs nothing to hold),
/// counting how much was actually read.
/// </summary>
internal sealed class GeneratingStream(byte[] prefix, byte[] pattern, long length) : Stream
{
    private long _position;

    public long Served => _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        int count = (int)Math.Min(buffer.Length, length - _position);
        for (int i = 0; i < count; i++)
        {
            long at = _position + i;
            buffer[i] = at < prefix.Length ? prefix[at] : pattern[(at - prefix.Length) % pattern.Length];
        }

        _position += count;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>
/// A loopback router that answers with an event stream written by a script: chunked, one chunk per
/// <see cref="SseExchange.SendAsync(string)"/>, with pauses, stalls and cut connections wherever the test wants them.
/// Every response says <c>Connection: close</c>, so a connection is never reused and each request costs one slot.
/// </summary>
internal sealed class SseServer : IAsyncDisposable
{
    public const string Head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\nConnection: close\r\n" +
        "x-request-id: req_stream_1\r\nx-flexinference-served-provider: openai\r\nx-flexinference-routing-reason: flex_won\r\nx-flexinference-pricing: byok\r\n";

    private readonly RawHttpServer _server;
    private int _requests;
    private int _hangUps;

    public SseServer(Func<SseExchange, Task> script)
    {
        _server = new RawHttpServer(async (stream, token) =>
        {
            string request = await RawHttpServer.ReadRequestAsync(stream, token);
            int index = Interlocked.Increment(ref _requests);
            Requests.Enqueue(request);
            try
            {
                await script(new SseExchange(this, stream, request, index, token));
            }
            catch (IOException)
            {
                CountHangUp(); // the client closed the connection while the script was writing
            }
        });
    }

    /// <summary>Serves <paramref name="body"/> in one go with a Content-Length, then closes.</summary>
    public static SseServer Fixed(string body) => Fixed(Encoding.UTF8.GetBytes(body));

    /// <inheritdoc cref="Fixed(string)"/>
    public static SseServer Fixed(byte[] body) => new(async exchange =>
    {
        await exchange.WriteRawAsync(Encoding.ASCII.GetBytes($"{Head}Content-Length: {body.Length}\r\n\r\n"));
        await exchange.WriteRawAsync(body);
    });

    /// <summary>Serves <paramref name="body"/> chunked, one chunk per event, then ends the body properly.</summary>
    public static SseServer Chunked(string body) => new(async exchange =>
    {
        await exchange.HeadersAsync();
        foreach (string frame in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            await exchange.SendAsync(frame + "\n\n");
        }

        await exchange.EndAsync();
    });

    public Uri BaseUrl => _server.BaseUrl;

    /// <summary>The raw requests (head and body), in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>How many times the client closed a connection before the script was done with it (seen by a read or a write).</summary>
    public int HangUps => Volatile.Read(ref _hangUps);

    public FlexInferenceClient Client(Action<FlexInferenceClientOptions>? configure = null)
    {
        var options = new FlexInferenceClientOptions { BaseUrl = BaseUrl, ApiKey = MockRouter.ApiKey };
        configure?.Invoke(options);
        return Reliability.ReliabilityKit.Client(options); // RecordDelays works on it
    }

    internal void CountHangUp() => Interlocked.Increment(ref _hangUps);

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

/// <summary>One request on an <see cref="SseServer"/>: what the script can do with the connection.</summary>
internal sealed class SseExchange(SseServer server, NetworkStream stream, string request, int index, CancellationToken token)
{
    /// <summary>The request head and body as received.</summary>
    public string Request => request;

    /// <summary>The JSON body of the request.</summary>
    public string Body => request[(request.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];

    /// <summary>1 for the server's first request, 2 for the second, and so on.</summary>
    public int Index => index;

    public CancellationToken Token => token;

    public Task HeadersAsync(string extraHeaders = "") => WriteRawAsync(Encoding.ASCII.GetBytes($"{SseServer.Head}{extraHeaders}Transfer-Encoding: chunked\r\n\r\n"));

    /// <summary>Sends <paramref name="text"/> as one HTTP chunk (the client sees it at once).</summary>
    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await WriteRawAsync(Encoding.ASCII.GetBytes($"{bytes.Length:X}\r\n"));
        await WriteRawAsync(bytes);
        await WriteRawAsync("\r\n"u8.ToArray());
    }

    /// <summary>Ends the chunked body properly (the stream's bytes end here, cleanly).</summary>
    public Task EndAsync() => WriteRawAsync("0\r\n\r\n"u8.ToArray());

    public async Task WriteRawAsync(byte[] bytes)
    {
        await stream.WriteAsync(bytes, token);
        await stream.FlushAsync(token);
    }

    /// <summary>Cuts the connection with a TCP reset (RST), wherever the body is.</summary>
    public void Reset()
    {
        stream.Socket.LingerState = new LingerOption(true, 0);
        stream.Socket.Close();
    }

    /// <summary>Keeps the connection open, sending nothing, until the client closes it (or the server stops).</summary>
    public async Task HoldOpenAsync()
    {
        var buffer = new byte[256];
        try
        {
            while (await stream.ReadAsync(buffer, token) > 0)
            {
            }

            server.CountHangUp();
        }
        catch (IOException)
        {
            server.CountHangUp();
        }
    }
}

/// <summary>
/// The SSE decoder of the WHATWG spec, written plainly and separately from the SDK's, as the oracle of the split
/// properties: lines end at CRLF, LF or CR; <c>data</c> lines join with LF; comments and other fields are ignored; a
/// frame without data dispatches nothing; a last frame without its blank line is still delivered (as the SDK promises).
/// </summary>
internal static class ReferenceSse
{
    public sealed record Event(string? Type, string Data);

    public static List<Event> Decode(byte[] bytes)
    {
        string text = Encoding.UTF8.GetString(bytes);
        var events = new List<Event>();
        var data = new StringBuilder();
        bool hasData = false;
        string? type = null;
        foreach (string line in Lines(text))
        {
            if (line.Length == 0)
            {
                Dispatch();
                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            string field = colon < 0 ? line : line[..colon];
            string value = colon < 0 ? string.Empty : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            if (field == "data")
            {
                data.Append(value).Append('\n');
                hasData = true;
            }
            else if (field == "event")
            {
                type = value;
            }
        }

        Dispatch();
        return events;

        void Dispatch()
        {
            if (hasData)
            {
                events.Add(new Event(type, data.ToString(0, data.Length - 1)));
            }

            data.Clear();
            hasData = false;
            type = null;
        }
    }

    private static IEnumerable<string> Lines(string text)
    {
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] is '\r' or '\n')
            {
                yield return text[start..i];
                if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }

    /// <summary>What a raw stream should deliver: the data of each event, up to <c>[DONE]</c>, as normalised JSON.</summary>
    public static (List<string> Events, bool SawDone) Expected(byte[] bytes)
    {
        var events = new List<string>();
        foreach (Event item in Decode(bytes))
        {
            if (item.Data == "[DONE]")
            {
                return (events, true);
            }

            events.Add(JsonNode.Parse(item.Data)!.ToJsonString());
        }

        return (events, false);
    }
}
