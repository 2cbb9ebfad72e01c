using System.Threading.Tasks.Sources;

namespace FlexInference.Benchmarks.Infrastructure;

/// <summary>
/// The in-memory twin of a loopback connection to <see cref="FixedResponseServer"/>: a duplex stream that a
/// <see cref="SocketsHttpHandler"/> gets from its ConnectCallback. The client's HTTP/1.1 request bytes are parsed as
/// the server parses them, and the same pre-encoded response bytes become readable at once. The whole call then runs
/// on the caller's thread, with no kernel, no thread hop and no scheduler in the measurement: what remains is the CPU
/// cost of the HTTP stack and of the SDK, which a shared 2-core machine measures far more steadily than TCP.
/// </summary>
internal sealed class InMemoryConnection(FixedResponseServer server) : Stream, IValueTaskSource<int>
{
    private byte[] _in = new byte[256 * 1024];
    private int _inLength;
    private byte[]? _out;
    private int _outOffset;
    private ManualResetValueTaskSourceCore<int> _pending; // the one read waiting for a response (the handler's read-ahead)
    private Memory<byte> _pendingBuffer;
    private bool _waiting;
    private bool _closed;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_inLength + buffer.Length > _in.Length)
        {
            Array.Resize(ref _in, Math.Max(_in.Length * 2, _inLength + buffer.Length));
        }

        buffer.CopyTo(_in.AsSpan(_inLength));
        _inLength += buffer.Length;
        while (TryTakeRequest(out byte[]? response))
        {
            _out = response;
            _outOffset = 0;
            CompletePendingRead();
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return default;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override int Read(Span<byte> buffer) =>
        TryRead(buffer, out int read) ? read : throw new InvalidOperationException("InMemoryConnection: a synchronous read with no response pending.");

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (TryRead(buffer.Span, out int read))
        {
            return new ValueTask<int>(read);
        }

        // The handler's idle read-ahead on a pooled connection: it completes when the next response is ready.
        _pending.Reset();
        _pendingBuffer = buffer;
        _waiting = true;
        return new ValueTask<int>(this, _pending.Version);
    }

    int IValueTaskSource<int>.GetResult(short token) => _pending.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _pending.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _pending.OnCompleted(continuation, state, token, flags);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _closed = true;
        CompletePendingRead();
        base.Dispose(disposing);
    }

    /// <summary>Copies pending response bytes; false when there are none yet (a zero-byte read then waits too).</summary>
    private bool TryRead(Span<byte> buffer, out int read)
    {
        if (_out is { } response && _outOffset < response.Length)
        {
            read = Math.Min(buffer.Length, response.Length - _outOffset);
            response.AsSpan(_outOffset, read).CopyTo(buffer);
            _outOffset += read;
            return true;
        }

        read = 0;
        return _closed;
    }

    private void CompletePendingRead()
    {
        if (_waiting && TryRead(_pendingBuffer.Span, out int read))
        {
            _waiting = false;
            _pendingBuffer = default;
            _pending.SetResult(read);
        }
    }

    private bool TryTakeRequest(out byte[]? response)
    {
        response = null;
        ReadOnlySpan<byte> data = _in.AsSpan(0, _inLength);
        int headEnd = data.IndexOf("\r\n\r\n"u8);
        if (headEnd < 0)
        {
            return false;
        }

        ReadOnlySpan<byte> head = data.Slice(0, headEnd);
        int bodyStart = headEnd + 4;
        int end;
        if (FixedResponseServer.HasHeaderValue(head, "transfer-encoding:"u8, "chunked"u8))
        {
            end = ChunkedEnd(data, bodyStart);
            if (end < 0)
            {
                return false;
            }
        }
        else
        {
            end = bodyStart + (int)FixedResponseServer.HeaderNumber(head, "content-length:"u8);
            if (end > data.Length)
            {
                return false;
            }
        }

        response = server.Respond(head);
        data.Slice(end).CopyTo(_in);
        _inLength -= end;
        return true;
    }

    /// <summary>The end of a complete chunked body starting at <paramref name="at"/>, or -1 when more bytes are needed.</summary>
    private static int ChunkedEnd(ReadOnlySpan<byte> data, int at)
    {
        while (true)
        {
            int lineEnd = data.Slice(at).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                return -1;
            }

            int size = (int)ChunkSize.Parse(data.Slice(at, lineEnd));

            at += lineEnd + 2 + size + 2;
            if (at > data.Length)
            {
                return -1;
            }

            if (size == 0)
            {
                return at;
            }
        }
    }
}
