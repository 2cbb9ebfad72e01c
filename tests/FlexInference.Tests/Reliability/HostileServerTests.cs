using System.IO.Compression;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using FlexInference.Tests.Infrastructure;
using FlexInference.Tests.Streaming;
using static FlexInference.Tests.Reliability.ReliabilityKit;

namespace FlexInference.Tests.Reliability;

/// <summary>
/// A server that answers too much, too deep or nonsense: the SDK stops at its caps and throws only its documented
/// exceptions, never hangs and never overflows the stack.
/// </summary>
public sealed class HostileServerTests
{
    private const long Cap = 1024 * 1024;

    // 128 MiB of JSON that inflates from about 130 KB: a small download that would fill memory without the cap.
    private static readonly Lazy<byte[]> Bomb = new(() =>
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write("{\"id\":\"resp_bomb\",\"object\":\"response\",\"padding\":\""u8);
            byte[] block = new byte[1024 * 1024];
            Array.Fill(block, (byte)'a');
            for (int i = 0; i < 128; i++)
            {
                gzip.Write(block);
            }

            gzip.Write("\"}"u8);
        }

        return compressed.ToArray();
    });

    [Fact]
    public void The_default_cap_is_64_MiB()
    {
        Assert.Equal(64L * 1024 * 1024, new FlexInferenceClientOptions().MaxResponseBytes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_declared_larger_than_the_cap_is_refused_before_it_is_read(bool sync)
    {
        await using var server = new RecordingServer(async (_, _, stream, token) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Cap * 100}\r\n\r\n{{\"id\":"), token);
            await Task.Delay(Timeout.Infinite, token); // the rest never comes: only the declared length can stop the call
        });
        using FlexInferenceClient client = Client(server.BaseUrl, options => options.MaxResponseBytes = Cap);

        var error = await Throws<ResponseTooLargeException>(() => CallAsync(client, sync));

        Assert.Equal(Cap, error.Limit);
        Assert.Contains("MaxResponseBytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task A_chunked_body_without_a_length_stops_at_the_cap(bool sync, bool raw)
    {
        long written = 0;
        await using var server = new RecordingServer(async (_, _, stream, token) =>
        {
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray(), token);
            byte[] chunk = Encoding.ASCII.GetBytes($"10000\r\n{new string('a', 0x10000)}\r\n");
            try
            {
                await stream.WriteAsync("7\r\n{\"id\":\"\r\n"u8.ToArray(), token); // one string that never ends
                for (int i = 0; i < 1600 && !token.IsCancellationRequested; i++) // 100 MiB if nobody stops reading
                {
                    await stream.WriteAsync(chunk, token);
                    Interlocked.Add(ref written, chunk.Length);
                }
            }
            catch (IOException)
            {
                // The client stopped reading and closed the connection: the point of the test.
            }
        });
        using FlexInferenceClient client = Client(server.BaseUrl, options => options.MaxResponseBytes = Cap);

        var error = await Throws<ResponseTooLargeException>(() => raw
            ? (sync ? Task.Run(() => client.Responses.Create(new JsonObject { ["model"] = "gpt-5.5", ["input"] = "x", ["start_within"] = "default" }, cancellationToken: Token)) : client.Responses.CreateAsync(new JsonObject { ["model"] = "gpt-5.5", ["input"] = "x", ["start_within"] = "default" }, cancellationToken: Token))
            : CallAsync(client, sync));

        Assert.Equal(Cap, error.Limit);
        Assert.True(Interlocked.Read(ref written) < 40 * Cap, $"the server wrote {Interlocked.Read(ref written)} bytes before the client stopped");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_gzip_bomb_stops_at_the_cap_counted_after_decompression(bool sync)
    {
        byte[] bomb = Bomb.Value;
        Assert.True(bomb.Length < 1024 * 1024, $"the bomb is {bomb.Length} bytes"); // far below the cap on the wire
        await using var server = new RecordingServer(async (_, _, stream, token) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: {bomb.Length}\r\nConnection: close\r\n\r\n"), token);
            await stream.WriteAsync(bomb, token);
        });
        using FlexInferenceClient client = Client(server.BaseUrl, options => options.MaxResponseBytes = 4 * Cap);

        var error = await Throws<ResponseTooLargeException>(() => CallAsync(client, sync));

        Assert.Equal(4 * Cap, error.Limit);
    }

    [Theory]
    [InlineData(false, "[", "]")]
    [InlineData(true, "[", "]")]
    [InlineData(false, "{\"a\":", "}")]
    [InlineData(true, "{\"a\":", "}")]
    public async Task A_body_nested_100000_deep_is_an_invalid_response_not_a_stack_overflow(bool sync, string open, string close)
    {
        string deep = string.Concat(Enumerable.Repeat(open, 100_000)) + "1" + string.Concat(Enumerable.Repeat(close, 100_000));
        string body = """{"id":"resp_deep","object":"response","output":[],"extra":""" + deep + "}";
        await using var server = RecordingServer.Answering(HttpResponse(200, body), HttpResponse(200, deep));
        using FlexInferenceClient client = Client(server.BaseUrl);

        var typed = await Throws<FlexInferenceInvalidResponseException>(() => CallAsync(client, sync));
        var raw = await Throws<FlexInferenceInvalidResponseException>(() => sync
            ? Task.Run(() => client.Responses.Create(new JsonObject { ["model"] = "gpt-5.5", ["input"] = "x", ["start_within"] = "default" }, cancellationToken: Token))
            : client.Responses.CreateAsync(new JsonObject { ["model"] = "gpt-5.5", ["input"] = "x", ["start_within"] = "default" }, cancellationToken: Token));

        Assert.IsAssignableFrom<System.Text.Json.JsonException>(typed.InnerException);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(raw.InnerException);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stream_event_nested_100000_deep_is_an_invalid_response(bool sync)
    {
        string deep = string.Concat(Enumerable.Repeat("[", 100_000)) + string.Concat(Enumerable.Repeat("]", 100_000));
        string first = StreamKit.FixtureText("responses.sse").Split("\n\n")[0];
        await using var server = SseServer.Chunked(first + "\n\n" + "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"x\",\"extra\":" + deep + "}\n\n");
        using FlexInferenceClient client = server.Client();

        var typed = await Throws<FlexInferenceInvalidResponseException>(() => Read(client, sync, raw: false));
        var raw = await Throws<FlexInferenceInvalidResponseException>(() => Read(client, sync, raw: true));

        Assert.IsAssignableFrom<System.Text.Json.JsonException>(typed.InnerException);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(raw.InnerException);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_error_body_nested_100000_deep_is_quoted_not_parsed(bool sync)
    {
        string deep = string.Concat(Enumerable.Repeat("{\"error\":", 100_000)) + "1" + string.Concat(Enumerable.Repeat("}", 100_000));
        await using var server = RecordingServer.Answering(HttpResponse(500, deep));
        using FlexInferenceClient client = Client(server.BaseUrl, options => options.MaxRetries = 0);

        var error = await Throws<ServerException>(() => CallAsync(client, sync));

        Assert.Null(error.Code);
        Assert.Contains("HTTP 500", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, Type> Malformed => new()
    {
        { "garbage status line", "HELLO WORLD\r\n\r\n", typeof(FlexInferenceConnectionException) },
        { "status without code", "HTTP/1.1 OK\r\n\r\n", typeof(FlexInferenceConnectionException) },
        { "header without colon", "HTTP/1.1 200 OK\r\nContent-Length 5\r\n\r\n{}", typeof(FlexInferenceConnectionException) },
        { "binary in a header", "HTTP/1.1 200 OK\r\nX-A: \u0001\u0002\r\nContent-Length: 2\r\n\r\n{}", typeof(FlexInferenceInvalidResponseException) }, // tolerated; {} has no id
        { "headers over 64 KiB", "HTTP/1.1 200 OK\r\nX-Big: " + new string('a', 70_000) + "\r\nContent-Length: 2\r\n\r\n{}", typeof(FlexInferenceConnectionException) },
        { "body shorter than its length", "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"id\":", typeof(FlexInferenceConnectionException) },
        { "bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n", typeof(FlexInferenceConnectionException) },
        { "not json", "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nnot json!", typeof(FlexInferenceInvalidResponseException) },
        { "json but an array", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]", typeof(FlexInferenceInvalidResponseException) },
        { "json null", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnull", typeof(FlexInferenceInvalidResponseException) },
        { "empty 200", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", typeof(FlexInferenceInvalidResponseException) },
        { "invalid utf-8", "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n{\"id\":\"\u00ff\u00fe\"}", typeof(FlexInferenceInvalidResponseException) },
        { "1xx forever", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n", typeof(FlexInferenceConnectionException) },
        { "error status with garbage body", "HTTP/1.1 500 Oops\r\nContent-Length: 4\r\n\r\n\u0000\u0001\u0002\u0003", typeof(ServerException) },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_response_ends_in_a_documented_exception(string name, string response, Type expected)
    {
        byte[] bytes = Encoding.Latin1.GetBytes(response);
        await using var server = new RecordingServer(async (_, _, stream, token) =>
        {
            await stream.WriteAsync(bytes, token);
            stream.Socket.Shutdown(SocketShutdown.Send);
        });
        foreach (bool sync in new[] { false, true })
        {
            // A client per call: with retries off, a pooled connection the server already closed would fail the second call.
            using FlexInferenceClient client = Client(server.BaseUrl, options =>
            {
                options.MaxRetries = 0;
                options.FirstByteTimeout = TimeSpan.FromSeconds(5);
                options.Timeout = TimeSpan.FromSeconds(5);
            });
            Exception error = await Throws<Exception>(() => CallAsync(client, sync));
            Assert.True(expected.IsInstanceOfType(error), $"{name} (sync {sync}): {error}");
        }
    }

    private static async Task Read(FlexInferenceClient client, bool sync, bool raw)
    {
        var body = new JsonObject { ["model"] = "gpt-5.5", ["input"] = "x", ["start_within"] = "default" };
        await Task.Run(async () =>
        {
            if (raw)
            {
                using JsonEventStream stream = sync ? client.Responses.CreateStreaming(body, cancellationToken: Token) : await client.Responses.CreateStreamingAsync(body, cancellationToken: Token);
                (_, Exception? error) = await StreamKit.ReadAllAsync(stream, sync);
                if (error is not null)
                {
                    throw error;
                }

                return;
            }

            using ResponseStream typed = sync ? client.Responses.CreateStreaming(Request, cancellationToken: Token) : await client.Responses.CreateStreamingAsync(Request, cancellationToken: Token);
            if (sync)
            {
                foreach (ResponseStreamEvent _ in typed)
                {
                }
            }
            else
            {
                await foreach (ResponseStreamEvent _ in typed)
                {
                }
            }
        }, Token);
    }
}
