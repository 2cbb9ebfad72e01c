using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FlexInference.Internal;
using FlexInference.Internal.Telemetry;

namespace FlexInference;

/// <summary>
/// A server-sent-event stream from the router, enumerable once, with <c>await foreach</c> or <c>foreach</c>.
/// The served route is known as soon as the headers arrive (<see cref="Routing"/>); text deltas and the final object
/// have helpers. Dispose it (<c>await using</c>) to release the connection if you stop early; finishing the loop,
/// breaking out of it, an exception or cancellation all release it too.
/// </summary>
/// <typeparam name="TEvent">The event type of the surface.</typeparam>
public abstract class FlexInferenceStream<TEvent> : IAsyncEnumerable<TEvent>, IEnumerable<TEvent>, IAsyncDisposable, IDisposable
    where TEvent : class
{
    private readonly StreamingResponse _response;
    private readonly StringBuilder _text = new();
    private int _enumerated;
    private bool _sawChunk;

    private protected FlexInferenceStream(StreamingResponse response)
    {
        _response = response;
        Routing = RoutingExtensions.Build(null, null, null, response.Metadata);
    }

    /// <summary>
    /// How the router served the request: from the headers when the stream opens, completed with the body's
    /// <c>service_tier</c>, <c>usage.routing</c> and <c>usage.cost</c> when they arrive (cost and routing need
    /// <c>include_cost: true</c> on a stream).
    /// </summary>
    public ServedRoute Routing { get; private set; }

    /// <summary>The text received so far.</summary>
    public string TextSoFar => _text.ToString();

    /// <summary>Whether the stream reached its terminal event.</summary>
    public bool IsCompleted { get; private set; }

    /// <inheritdoc />
    public async IAsyncEnumerator<TEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        StartEnumeration();
        using CancellationTokenRegistration link = _response.Clock.LinkCaller(cancellationToken);
        try
        {
            await using IAsyncEnumerator<SseItem<SseFrame<TEvent>>> items = SseParser.Create(_response.Body, ParseFrame)
                .EnumerateAsync(_response.Clock.Token).GetAsyncEnumerator(_response.Clock.Token);
            while (await MoveNextAsync(items).ConfigureAwait(false))
            {
                if (Handle(items.Current.Data, out bool stop) is { } item)
                {
                    yield return item;
                }

                if (stop)
                {
                    yield break;
                }
            }

            throw _response.Fail(EndedEarly());
        }
        finally
        {
            Dispose();
        }
    }

    /// <summary>Enumerates synchronously (blocking reads on the connection).</summary>
    public IEnumerator<TEvent> GetEnumerator()
    {
        StartEnumeration();
        try
        {
            using IEnumerator<SseItem<SseFrame<TEvent>>> items = SseParser.Create(_response.Body, ParseFrame).Enumerate().GetEnumerator();
            using CancellationTokenRegistration abort = _response.Clock.Token.Register(static state => ((IDisposable)state!).Dispose(), _response.Body);
            while (MoveNext(items))
            {
                if (Handle(items.Current.Data, out bool stop) is { } item)
                {
                    yield return item;
                }

                if (stop)
                {
                    yield break;
                }
            }

            throw _response.Fail(EndedEarly());
        }
        finally
        {
            Dispose();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Only the text as it arrives (per api-contract.md §6 "Helper notes" for each surface).</summary>
    public async IAsyncEnumerable<string> TextDeltasAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (TEvent item in this.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (TextDelta(item) is { Length: > 0 } delta)
            {
                yield return delta;
            }
        }
    }

    /// <summary>The synchronous twin of <see cref="TextDeltasAsync"/>.</summary>
    public IEnumerable<string> TextDeltas()
    {
        foreach (TEvent item in this)
        {
            if (TextDelta(item) is { Length: > 0 } delta)
            {
                yield return delta;
            }
        }
    }

    /// <summary>Releases the connection. Safe to call more than once.</summary>
    public void Dispose()
    {
        _response.Completed |= IsCompleted;
        _response.Route ??= Routing;
        if (_response.Telemetry is { } telemetry && !_response.IsDisposed)
        {
            telemetry.Streamed(Routing, Facts(), IsCompleted);
        }

        _response.Dispose();
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    /// <summary>Whether the call's telemetry is recorded (someone listens), so work done only for it can be skipped.</summary>
    private protected bool Observed => _response.Telemetry is not null;

    /// <summary>What the events so far said about the answer (model, id, token counts), for telemetry; never content.</summary>
    private protected abstract ResultFacts Facts();

    /// <summary>The text an event adds, or null.</summary>
    private protected abstract string? TextDelta(TEvent item);

    /// <summary>Reads one event's bytes into the event type.</summary>
    private protected abstract TEvent ParseEvent(ReadOnlySpan<byte> data);

    /// <summary>Whether a typed stream drops the event (an unknown member or a keep-alive).</summary>
    private protected virtual bool IsSkipped(TEvent item) => false;

    /// <summary>Lets the stream accumulate the final object; called for every delivered event, in order.</summary>
    private protected abstract void Accumulate(TEvent item);

    /// <summary>Replaces the route report with what the body says, keeping the header facts.</summary>
    private protected void UpdateRouting(ServiceTier? tier, UsageRouting? routing, UsageCost? cost) =>
        Routing = RoutingExtensions.Build(tier ?? Routing.ServiceTier, routing, cost, _response.Metadata);

    /// <summary>Drains the rest of the stream (when nobody enumerated it) before a final object is built.</summary>
    private protected async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _enumerated) == 0)
        {
            await foreach (TEvent _ in this.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
            }
        }

        EnsureCompleted();
    }

    /// <summary>The synchronous twin of <see cref="DrainAsync"/>.</summary>
    private protected void Drain()
    {
        if (Volatile.Read(ref _enumerated) == 0)
        {
            foreach (TEvent _ in this)
            {
            }
        }

        EnsureCompleted();
    }

    private void EnsureCompleted()
    {
        if (!IsCompleted)
        {
            throw new InvalidOperationException(
                "The stream has not reached its end yet: call the final-object helper after your loop finishes, or instead of looping.");
        }
    }

    private SseFrame<TEvent> ParseFrame(string eventType, ReadOnlySpan<byte> data)
    {
        if (data.SequenceEqual("[DONE]"u8))
        {
            return SseFrame<TEvent>.Done;
        }

        StreamEventKind kind = StreamProtocol.Classify(_response.Surface, data);
        return kind switch
        {
            StreamEventKind.Failure => new SseFrame<TEvent>(kind, null, StreamProtocol.ReadFailure(_response.Surface, data)),
            StreamEventKind.Skip => new SseFrame<TEvent>(kind, IncludeSkipped ? ParseEvent(data) : null, null),
            _ => new SseFrame<TEvent>(kind, ParseEvent(data), null),
        };
    }

    /// <summary>Whether keep-alives are delivered (raw streams deliver every event).</summary>
    private protected virtual bool IncludeSkipped => false;

    private TEvent? Handle(SseFrame<TEvent> frame, out bool stop)
    {
        if (!_sawChunk)
        {
            _sawChunk = true;
            _response.Telemetry?.FirstChunk();
        }

        stop = frame.IsDone || frame.Kind == StreamEventKind.Terminal;
        if (frame.Error is { } error)
        {
            throw _response.Fail(new StreamFailedException(error, TextSoFar));
        }

        if (frame.Event is not { } item || IsSkipped(item))
        {
            IsCompleted |= stop;
            return null;
        }

        if (TextDelta(item) is { } delta)
        {
            _text.Append(delta);
        }

        Accumulate(item);
        IsCompleted |= stop;
        return item;
    }

    private async ValueTask<bool> MoveNextAsync(IAsyncEnumerator<SseItem<SseFrame<TEvent>>> items)
    {
        _response.Clock.Start(FlexInferenceClock.Idle, IdleLimit);
        try
        {
            // A cancellation during the caller's loop body stops the stream here, even if events are already buffered.
            _response.Clock.Token.ThrowIfCancellationRequested();
            return await items.MoveNextAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Exception? translated = exception is FlexInferenceException ? null : Translate(exception);
            _response.Fail(translated ?? exception);
            if (translated is not null)
            {
                throw translated;
            }

            throw;
        }
        finally
        {
            _response.Clock.Pause(); // the caller's loop body is not the server's silence
        }
    }

    private bool MoveNext(IEnumerator<SseItem<SseFrame<TEvent>>> items)
    {
        _response.Clock.Start(FlexInferenceClock.Idle, IdleLimit);
        try
        {
            _response.Clock.Token.ThrowIfCancellationRequested();
            bool more = items.MoveNext();
            if (!more)
            {
                // This path aborts a read by disposing the body, and a disposed body reads as its end: when the caller's
                // token or a clock did that, report it as such, not as the server ending the stream early.
                _response.Clock.Token.ThrowIfCancellationRequested();
            }

            return more;
        }
        catch (Exception exception)
        {
            Exception? translated = exception is FlexInferenceException ? null : Translate(exception);
            _response.Fail(translated ?? exception);
            if (translated is not null)
            {
                throw translated;
            }

            throw;
        }
        finally
        {
            _response.Clock.Pause();
        }
    }

    private TimeSpan IdleLimit => _response.IdleTimeout;

    /// <summary>
    /// A read failure as the documented exception. A connection cut or reset mid-body (the HTTP framing ended early, or
    /// any transport error once events flow) and a last event cut mid-line that does not parse all mean the stream ended
    /// before its terminal event, so they raise <see cref="StreamEndedEarlyException"/> with the text so far; the rest
    /// (cancellation, clocks, disposal) goes to the clock.
    /// </summary>
    private Exception? Translate(Exception exception)
    {
        bool cut = exception is IOException or HttpRequestException
            || (exception is JsonException && _response.Body is SseFrameGuardStream { EndedMidLine: true });
        return cut && !_response.Clock.Token.IsCancellationRequested ? EndedEarly(exception) : _response.Clock.Translate(exception);
    }

    private void StartEnumeration()
    {
        if (Interlocked.Exchange(ref _enumerated, 1) != 0)
        {
            throw new InvalidOperationException("A stream can be enumerated only once: it reads the network as it goes. Keep the events you need in a list.");
        }

        if (_response.IsDisposed)
        {
            throw new ObjectDisposedException(GetType().Name, "The stream was disposed before it was enumerated.");
        }
    }

    private StreamEndedEarlyException EndedEarly(Exception? innerException = null) => new(
        "FlexInference: the connection closed before the stream's terminal event, so the answer may be incomplete. " +
        "The text received so far is in TextSoFar; retry the request, or check for a proxy that cuts long responses.",
        TextSoFar,
        innerException);
}
