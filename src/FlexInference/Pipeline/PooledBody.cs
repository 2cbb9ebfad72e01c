using System;

namespace FlexInference.Pipeline;

/// <summary>A response body read into a (pooled, up to 1 MiB) buffer; disposing returns the buffer.</summary>
internal struct PooledBody : IDisposable
{
    private byte[]? _buffer;

    public PooledBody(byte[] buffer, int length, bool truncated)
    {
        _buffer = buffer;
        Length = length;
        Truncated = truncated;
    }

    public int Length { get; }

    /// <summary>Whether reading stopped at the cap with more to come (error bodies only; a success body that large throws).</summary>
    public bool Truncated { get; }

    public readonly ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            BodyReader.Return(buffer);
        }
    }
}
