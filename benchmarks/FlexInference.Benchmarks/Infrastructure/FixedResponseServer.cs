using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FlexInference.Benchmarks.Infrastructure;

/// <summary>
/// The in-process loopback server of the end-to-end benchmarks: a minimal HTTP/1.1 responder that answers every
/// request under <c>/{route}/...</c> with the same pre-encoded bytes (status line, headers, body), whoever the client
/// is. It reads and discards the request (Content-Length or chunked bodies) and keeps connections alive.
/// </summary>
/// <remarks>
/// It runs each connection on a dedicated thread with blocking socket calls and preallocated buffers, so it allocates
/// nothing per request: BenchmarkDotNet's allocation column counts every thread of the process, and this keeps that
/// column the client's alone (<see cref="AllocatedBytes"/> proves it in the checks).
/// </remarks>
internal sealed class FixedResponseServer : IDisposable
{
    private readonly Socket _listener;
    private readonly List<(byte[] Prefix, byte[] Response)> _routes = new();
    private readonly List<Socket> _connections = new();
    private readonly List<Thread> _threads = new();
    private long _requests;
    private long _allocatedBytes;
    private volatile bool _disposed;

    /// <param name="routes">Route name → (content type, body, whether to send it as one chunk per SSE event).</param>
    public FixedResponseServer(IReadOnlyDictionary<string, FixedResponse> routes)
    {
        foreach ((string name, FixedResponse response) in routes)
        {
            _routes.Add((Encoding.ASCII.GetBytes("/" + name + "/"), Encode(response)));
        }

        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(64);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        var accept = new Thread(AcceptLoop) { IsBackground = true, Name = "bench-server-accept" };
        accept.Start();
    }

    public int Port { get; }

    /// <summary>Requests answered so far.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Bytes the serving threads allocated after their first request (should stay 0).</summary>
    public long AllocatedBytes => Interlocked.Read(ref _allocatedBytes);

    /// <summary>The base URL of a route, without a trailing slash.</summary>
    public string Url(string route) => $"http://127.0.0.1:{Port}/{route}";

    public void Dispose()
    {
        _disposed = true;
        _listener.Dispose();
        lock (_connections)
        {
            foreach (Socket connection in _connections)
            {
                connection.Dispose();
            }
        }
    }

    private static byte[] Encode(FixedResponse response)
    {
        var head = new StringBuilder();
        head.Append("HTTP/1.1 200 OK\r\n");
        head.Append("Content-Type: ").Append(response.ContentType).Append("\r\n");
        head.Append("Date: Mon, 24 Nov 2026 09:12:44 GMT\r\n");
        head.Append("x-request-id: req_01JD3XKQ8Z7V4N2M6P0R5T9W1Y\r\n");
        head.Append("x-flexinference-served-provider: ").Append(response.Provider).Append("\r\n");
        head.Append("x-flexinference-routing-reason: tier_direct\r\n");
        head.Append("x-flexinference-pricing: byok\r\n");
        head.Append("x-flexinference-retries: 0\r\n");
        using var bytes = new MemoryStream();
        if (!response.Chunked)
        {
            head.Append("Content-Length: ").Append(response.Body.Length).Append("\r\n\r\n");
            bytes.Write(Encoding.ASCII.GetBytes(head.ToString()));
            bytes.Write(response.Body);
            return bytes.ToArray();
        }

        // A streaming server flushes every event: one chunk per SSE event, as the router sends them.
        head.Append("Cache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n");
        bytes.Write(Encoding.ASCII.GetBytes(head.ToString()));
        ReadOnlySpan<byte> body = response.Body;
        while (body.Length > 0)
        {
            int end = body.IndexOf("\n\n"u8);
            int length = end < 0 ? body.Length : end + 2;
            bytes.Write(Encoding.ASCII.GetBytes(length.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "\r\n"));
            bytes.Write(body.Slice(0, length));
            bytes.Write("\r\n"u8);
            body = body.Slice(length);
        }

        bytes.Write("0\r\n\r\n"u8);
        return bytes.ToArray();
    }

    private void AcceptLoop()
    {
        while (!_disposed)
        {
            Socket connection;
            try
            {
                connection = _listener.Accept();
            }
            catch (Exception) when (_disposed)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            connection.NoDelay = true;
            lock (_connections)
            {
                _connections.Add(connection);
            }

            var thread = new Thread(() => Serve(connection)) { IsBackground = true, Name = "bench-server-connection" };
            lock (_threads)
            {
                _threads.Add(thread);
            }

            thread.Start();
        }
    }

    private void Serve(Socket connection)
    {
        byte[] buffer = new byte[256 * 1024];
        int start = 0;
        int end = 0;
        long allocatedAfterFirst = -1;
        try
        {
            while (!_disposed)
            {
                // The request head.
                int headEnd;
                while ((headEnd = buffer.AsSpan(start, end - start).IndexOf("\r\n\r\n"u8)) < 0)
                {
                    if (!Fill(connection, buffer, ref start, ref end))
                    {
                        return;
                    }
                }

                ReadOnlySpan<byte> head = buffer.AsSpan(start, headEnd);
                byte[] response = Route(head);
                long contentLength = HeaderNumber(head, "content-length:"u8);
                bool chunked = HasHeaderValue(head, "transfer-encoding:"u8, "chunked"u8);
                start += headEnd + 4;

                // The body, discarded.
                if (chunked)
                {
                    if (!SkipChunked(connection, buffer, ref start, ref end))
                    {
                        return;
                    }
                }
                else
                {
                    long remaining = contentLength;
                    while (remaining > 0)
                    {
                        if (start == end && !Fill(connection, buffer, ref start, ref end))
                        {
                            return;
                        }

                        int take = (int)Math.Min(remaining, end - start);
                        start += take;
                        remaining -= take;
                    }
                }

                // Counted before the answer goes out: once the client has it, a check reading Requests must see it.
                Interlocked.Increment(ref _requests);
                connection.Send(response);
                if (allocatedAfterFirst < 0)
                {
                    allocatedAfterFirst = GC.GetAllocatedBytesForCurrentThread();
                }
                else
                {
                    Interlocked.Exchange(ref _allocatedBytes, Math.Max(Interlocked.Read(ref _allocatedBytes), GC.GetAllocatedBytesForCurrentThread() - allocatedAfterFirst));
                }
            }
        }
        catch (Exception) when (_disposed)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            connection.Dispose();
        }
    }

    /// <summary>
    /// A handler whose connections are <see cref="InMemoryConnection"/>s to this server's routes: the same bytes as
    /// over loopback TCP, without the network.
    /// </summary>
    public SocketsHttpHandler CreateInMemoryHandler() => new()
    {
        ConnectCallback = (_, _) => ValueTask.FromResult<Stream>(new InMemoryConnection(this)),
        UseCookies = false,
    };

    /// <summary>The response to a request head, counted as served.</summary>
    internal byte[] Respond(ReadOnlySpan<byte> head)
    {
        byte[] response = Route(head);
        Interlocked.Increment(ref _requests);
        return response;
    }

    private byte[] Route(ReadOnlySpan<byte> head)
    {
        // "POST /route/v1/chat/completions HTTP/1.1"
        int space = head.IndexOf((byte)' ');
        ReadOnlySpan<byte> target = space < 0 ? default : head.Slice(space + 1);
        foreach ((byte[] prefix, byte[] response) in _routes)
        {
            if (target.StartsWith(prefix))
            {
                return response;
            }
        }

        throw new InvalidOperationException("FixedResponseServer: no route for " + Encoding.ASCII.GetString(head.Slice(0, Math.Min(head.Length, 120))));
    }

    private static bool Fill(Socket connection, byte[] buffer, ref int start, ref int end)
    {
        if (start == end)
        {
            start = end = 0;
        }
        else if (end == buffer.Length)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }

        int read = connection.Receive(buffer, end, buffer.Length - end, SocketFlags.None);
        if (read <= 0)
        {
            return false;
        }

        end += read;
        return true;
    }

    private static bool SkipChunked(Socket connection, byte[] buffer, ref int start, ref int end)
    {
        while (true)
        {
            int lineEnd;
            while ((lineEnd = buffer.AsSpan(start, end - start).IndexOf("\r\n"u8)) < 0)
            {
                if (!Fill(connection, buffer, ref start, ref end))
                {
                    return false;
                }
            }

            long size = ChunkSize.Parse(buffer.AsSpan(start, lineEnd));

            start += lineEnd + 2;
            long remaining = size + 2; // data and its CRLF
            if (size == 0)
            {
                remaining = 2; // no trailers from HttpClient: the final CRLF
            }

            while (remaining > 0)
            {
                if (start == end && !Fill(connection, buffer, ref start, ref end))
                {
                    return false;
                }

                int take = (int)Math.Min(remaining, end - start);
                start += take;
                remaining -= take;
            }

            if (size == 0)
            {
                return true;
            }
        }
    }

    internal static long HeaderNumber(ReadOnlySpan<byte> head, ReadOnlySpan<byte> name)
    {
        int at = IndexOfHeader(head, name);
        if (at < 0)
        {
            return 0;
        }

        long value = 0;
        foreach (byte b in head.Slice(at + name.Length))
        {
            if (b == ' ')
            {
                continue;
            }

            if (b is < (byte)'0' or > (byte)'9')
            {
                break;
            }

            value = (value * 10) + (b - '0');
        }

        return value;
    }

    internal static bool HasHeaderValue(ReadOnlySpan<byte> head, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        int at = IndexOfHeader(head, name);
        if (at < 0)
        {
            return false;
        }

        ReadOnlySpan<byte> rest = head.Slice(at + name.Length);
        int lineEnd = rest.IndexOf("\r\n"u8);
        ReadOnlySpan<byte> line = lineEnd < 0 ? rest : rest.Slice(0, lineEnd);
        return ContainsIgnoreCase(line, value);
    }

    private static bool ContainsIgnoreCase(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(haystack.Slice(i, needle.Length), needle))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Finds "\r\nname" case-insensitively; returns the index of the name.</summary>
    private static int IndexOfHeader(ReadOnlySpan<byte> head, ReadOnlySpan<byte> name)
    {
        for (int i = 0; i + 2 + name.Length <= head.Length; i++)
        {
            if (head[i] == '\r' && head[i + 1] == '\n' && Ascii.EqualsIgnoreCase(head.Slice(i + 2, name.Length), name))
            {
                return i + 2;
            }
        }

        return -1;
    }
}

/// <summary>What a route answers: the body, its content type, and whether it is sent as chunked SSE (one chunk per event).</summary>
internal sealed record FixedResponse(string ContentType, byte[] Body, bool Chunked, string Provider)
{
    public static FixedResponse Json(byte[] body, string provider) => new("application/json", body, false, provider);

    public static FixedResponse EventStream(byte[] body, string provider) => new("text/event-stream; charset=utf-8", body, true, provider);
}
