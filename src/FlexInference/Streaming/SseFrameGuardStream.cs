using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

using FlexInference.Pipeline;

namespace FlexInference.Streaming;

/// <summary>
/// Sits between the network and the SSE parser. It counts the bytes of the current event (up to its blank-line
/// boundary) and fails once an event passes the cap, so the parser never buffers more than the cap plus one read.
/// Every byte received restarts the idle clock, comments and keep-alives included. At the end of the body it closes a
/// last event the server left without its blank line, so that event is delivered (api-contract.md §6).
/// </summary>
internal sealed class SseFrameGuardStream : ReadOnlyWrapperStream
{
    private readonly long _maxFrameBytes;
    private readonly Action _onBytes;
    private long _frameBytes;
    private int _lineBreaks; // consecutive line terminators seen; two mean an event boundary
    private bool _lastWasCarriageReturn;
    private bool _sawBytes;
    private bool _ended;
    private int _closingLineFeeds; // line feeds still to hand out after the body ended

    public SseFrameGuardStream(Stream inner, long maxFrameBytes, Action onBytes)
        : base(inner)
    {
        _maxFrameBytes = maxFrameBytes;
        _onBytes = onBytes;
    }

    /// <summary>
    /// Whether the body ended in the middle of a line: the last event was cut rather than merely left without its
    /// blank line, so a parse failure of that event means the stream ended early.
    /// </summary>
    public bool EndedMidLine { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = _ended || buffer.IsEmpty ? 0 : Inner.Read(buffer);
        }
        catch (Exception exception) when (FailureTranslator.IsUndecodable(exception))
        {
            throw FailureTranslator.Undecodable(exception);
        }

        return read > 0 || buffer.IsEmpty ? Observe(buffer.Slice(0, read)) : End(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = _ended || buffer.IsEmpty ? 0 : await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (FailureTranslator.IsUndecodable(exception))
        {
            throw FailureTranslator.Undecodable(exception); // a body that does not match its Content-Encoding
        }

        return read > 0 || buffer.IsEmpty ? Observe(buffer.Span.Slice(0, read)) : End(buffer.Span);
    }

    private int Observe(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            return 0;
        }

        _onBytes();
        _sawBytes = true;
        ReadOnlySpan<byte> rest = bytes;
        while (!rest.IsEmpty)
        {
            // The bytes up to the next line terminator all belong to the current event: count them in one step
            // (a vectorised search, not a loop over every byte).
            int terminator = rest.IndexOfAny((byte)'\r', (byte)'\n');
            int run = terminator < 0 ? rest.Length : terminator;
            if (run > 0)
            {
                _lastWasCarriageReturn = false;
                _lineBreaks = 0;
                _frameBytes += run;
                if (_frameBytes > _maxFrameBytes)
                {
                    throw new StreamFrameTooLargeException(_maxFrameBytes);
                }
            }

            if (terminator < 0)
            {
                break;
            }

            byte b = rest[terminator];
            rest = rest.Slice(terminator + 1);

            // CRLF counts as one terminator; a lone CR or LF is one too (the SSE spec allows all three).
            if (b == (byte)'\n' && _lastWasCarriageReturn)
            {
                _lastWasCarriageReturn = false;
                continue;
            }

            _lastWasCarriageReturn = b == (byte)'\r';
            if (++_lineBreaks >= 2)
            {
                _frameBytes = 0;
            }
        }

        return bytes.Length;
    }

    /// <summary>
    /// The body ended. The SSE spec drops an event not followed by a blank line, but a router or proxy may end the body
    /// right after the last event's data line; hand out two line feeds so the parser delivers it. Two always suffice:
    /// after a CR the first one only completes a CRLF.
    /// </summary>
    private int End(Span<byte> buffer)
    {
        if (!_ended)
        {
            _ended = true;
            if (_sawBytes && _lineBreaks < 2)
            {
                EndedMidLine = _lineBreaks == 0;
                _closingLineFeeds = 2;
            }
        }

        int count = Math.Min(_closingLineFeeds, buffer.Length);
        buffer.Slice(0, count).Fill((byte)'\n');
        _closingLineFeeds -= count;
        return count;
    }
}
