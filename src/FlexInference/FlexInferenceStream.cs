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
using FlexInference.Errors;
using FlexInference.Pipeline;
using FlexInference.Routing;
using FlexInference.Streaming;

namespace FlexInference;

/// <summary>
/// A server-sent-event stream from the router, enumerable once, with <c>await foreach</c> or <c>foreach</c>.
/// The served route is known as soon as the headers arrive (<see cref="Routing"/>); text deltas and the final object
/// have helpers. Dispose it (<c>await using</c>) to release the connection if you stop early; finishing the loop,
/// breaking out of it, disposing the enumerator, an exception or cancellation all release it too.
/// </summary>
/// <typeparam name="TEvent">The event type of the surface.</typeparam>
public abstract class FlexInferenceStream<TEvent> : IAsyncEnumerable<TEvent>, IEnumerable<TEvent>, IAsyncDisposable, IDisposable
    where TEvent : class
{
    private readonly StringBuilder _text = new();
    private int _enumerated;
    private bool _sawChunk;

    private protected FlexInferenceStream(StreamingResponse response)
    {
        Response = response;
        Routing = RouteBuilder.Build(default, response.Metadata);
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

    private protected StreamingResponse Response { get; }

    /// <summary>Whether the call's telemetry is recorded (someone listens), so work done only for it can be skipped.</summary>
    private protected bool Observed => Response.Telemetry is not null;

    /// <inheritdoc />
    public IAsyncEnumerator<TEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default) => new EventReader(this, async: true, cancellationToken);

    /// <summary>Enumerates synchronously (blocking reads on the connection).</summary>
    public IEnumerator<TEvent> GetEnumerator() => new EventReader(this, async: false, default);

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
        if (!Response.IsDisposed)
        {
            Response.Dispose(Routing, Facts(), IsCompleted);
        }
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    /// <summary>What the events so far said about the answer (model, id, token counts), for telemetry; never content.</summary>
    private protected abstract ResultFacts Facts();

    /// <summary>The text an event adds, or null.</summary>
    private protected abstract string? TextDelta(TEvent item);

    /// <summary>Reads one event's bytes into the event type.</summary>
    private protected abstract TEvent ParseEvent(ReadOnlySpan<byte> data);

    /// <summary>Whether a typed stream drops the event (an unknown member or a keep-alive).</summary>
    private protected virtual bool IsSkipped(TEvent item) => false;

    /// <summary>Whether keep-alives are delivered (raw streams deliver every event).</summary>
    private protected virtual bool IncludeSkipped => false;

    /// <summary>Lets the stream accumulate the final object; called for every delivered event, in order.</summary>
    private protected abstract void Accumulate(TEvent item);

    /// <summary>Replaces the route report with what the body says, keeping the header facts.</summary>
    private protected void UpdateRouting(ServiceTier? tier, UsageRouting? routing, UsageCost? cost) =>
        Routing = RouteBuilder.Build(new ResultFacts(tier ?? Routing.ServiceTier, routing, cost, null, null, null, null), Response.Metadata);

    /// <summary>Reads the rest of the stream (when nobody enumerated it), then builds the final object.</summary>
    private protected async ValueTask<T> FinishAsync<T>(Func<T> build, bool async, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _enumerated) == 0)
        {
            var reader = new EventReader(this, async, cancellationToken);
            try
            {
                while (await reader.NextAsync(async).ConfigureAwait(false))
                {
                }
            }
            finally
            {
                reader.Dispose();
            }
        }

        if (!IsCompleted)
        {
            throw new InvalidOperationException(
                "The stream has not reached its end yet: call the final-object helper after your loop finishes, or instead of looping.");
        }

        return build();
    }

    private SseFrame<TEvent> ParseFrame(string eventType, ReadOnlySpan<byte> data)
    {
        if (data.SequenceEqual("[DONE]"u8))
        {
            return SseFrame<TEvent>.Done;
        }

        StreamEventKind kind = Response.Vocabulary.Classify(data);
        return kind switch
        {
            StreamEventKind.Failure => new SseFrame<TEvent>(kind, null, ErrorReader.FromStreamFrame(Response.Surface, Response.Vocabulary, data, Response.Redactor)),
            StreamEventKind.Skip => new SseFrame<TEvent>(kind, IncludeSkipped ? Parse(data) : null, null),
            _ => new SseFrame<TEvent>(kind, Parse(data), null),
        };
    }

    /// <summary>An event a reader cannot take (a lone surrogate escape, a duplicate key) is unreadable, as invalid JSON is.</summary>
    private TEvent Parse(ReadOnlySpan<byte> data)
    {
        try
        {
            return ParseEvent(data);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException && exception is not ObjectDisposedException)
        {
            throw new JsonException(exception.Message, exception);
        }
    }

    /// <summary>One frame: the event to deliver (null for none), and whether the stream ends after it.</summary>
    private TEvent? Handle(SseFrame<TEvent> frame, out bool stop)
    {
        if (!_sawChunk)
        {
            _sawChunk = true;
            Response.Telemetry?.FirstChunk();
        }

        stop = frame.IsDone || frame.Kind == StreamEventKind.Terminal;
        if (frame.Error is { } error)
        {
            throw Response.Fail(new StreamFailedException(error, TextSoFar));
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

    /// <summary>
    /// A read failure as the documented exception. A connection cut or reset mid-body (the HTTP framing ended early, or
    /// any transport error once events flow) and a last event cut mid-line that does not parse all mean the stream ended
    /// before its terminal event, so they raise <see cref="StreamEndedEarlyException"/> with the text so far; the rest
    /// (cancellation, clocks, disposal) is the pipeline's.
    /// </summary>
    private Exception? Translate(Exception exception)
    {
        bool cut = exception is IOException or HttpRequestException || (exception is JsonException && Response.Body.EndedMidLine);
        return cut && !Response.Clock.Token.IsCancellationRequested ? EndedEarly(exception) : Response.Context.Translate(exception);
    }

    private StreamEndedEarlyException EndedEarly(Exception? innerException = null) => new(
        "FlexInference: the connection closed before the stream's terminal event, so the answer may be incomplete. " +
        "The text received so far is in TextSoFar; retry the request, or check for a proxy that cuts long responses.",
        TextSoFar,
        innerException);

    /// <summary>
    /// The one enumerator of a stream, for <c>await foreach</c> and <c>foreach</c> alike: every step takes <c>async</c>
    /// and blocks when it is false. Disposing it, even before the first move, releases the connection.
    /// </summary>
    private sealed class EventReader : IAsyncEnumerator<TEvent>, IEnumerator<TEvent>
    {
        private readonly FlexInferenceStream<TEvent> _stream;
        private readonly IAsyncEnumerator<SseItem<SseFrame<TEvent>>>? _asyncItems;
        private readonly IEnumerator<SseItem<SseFrame<TEvent>>>? _items;
        private readonly CancellationTokenRegistration _link;
        private bool _stopAfterCurrent;
        private bool _finished;

        public EventReader(FlexInferenceStream<TEvent> stream, bool async, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref stream._enumerated, 1) != 0)
            {
                throw new InvalidOperationException("A stream can be enumerated only once: it reads the network as it goes. Keep the events you need in a list.");
            }

            StreamingResponse response = stream.Response;
            if (response.IsDisposed)
            {
                throw new ObjectDisposedException(stream.GetType().Name, "The stream was disposed before it was enumerated.");
            }

            _stream = stream;
            SseParser<SseFrame<TEvent>> parser = SseParser.Create(response.Body, stream.ParseFrame);
            if (async)
            {
                _link = response.Clock.LinkCaller(cancellationToken);
                _asyncItems = parser.EnumerateAsync(response.Clock.Token).GetAsyncEnumerator(response.Clock.Token);
            }
            else
            {
                // A blocking read cannot take a token: a clock or the caller ends it by disposing the body.
                _link = response.Clock.Token.Register(static state => ((IDisposable)state!).Dispose(), response.Body);
                _items = parser.Enumerate().GetEnumerator();
            }
        }

        public TEvent Current { get; private set; } = null!;

        object IEnumerator.Current => Current;

        public ValueTask<bool> MoveNextAsync() => NextAsync(async: true);

        public bool MoveNext() => NextAsync(async: false).EnsureCompleted();

        public async ValueTask<bool> NextAsync(bool async)
        {
            if (_finished)
            {
                return false;
            }

            try
            {
                while (!_stopAfterCurrent)
                {
                    if (!await ReadAsync(async).ConfigureAwait(false))
                    {
                        throw _stream.Response.Fail(_stream.EndedEarly());
                    }

                    TEvent? item = _stream.Handle(_asyncItems is null ? _items!.Current.Data : _asyncItems.Current.Data, out bool stop);
                    _stopAfterCurrent = stop;
                    if (item is not null)
                    {
                        Current = item;
                        return true;
                    }
                }
            }
            catch
            {
                Dispose();
                throw;
            }

            Dispose();
            return false;
        }

        public void Reset() => throw new NotSupportedException("A stream reads the network as it goes and cannot restart.");

        public void Dispose()
        {
            if (_finished)
            {
                return;
            }

            _finished = true;
            _link.Dispose();
            _items?.Dispose();
            if (_asyncItems?.DisposeAsync() is { IsCompletedSuccessfully: false } pending)
            {
                // The parser's enumerator only returns its buffers; one still busy finishes on its own.
                _ = pending.AsTask().ContinueWith(static task => task.Exception, TaskScheduler.Default);
            }

            _stream.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }

        /// <summary>Moves to the next server-sent event under the idle clock, with failures translated.</summary>
        private async ValueTask<bool> ReadAsync(bool async)
        {
            StreamingResponse response = _stream.Response;
            response.Clock.Start(FlexInferenceClock.Idle, response.IdleTimeout);
            try
            {
                // A cancellation during the caller's loop body stops the stream here, even if events are already buffered.
                response.Clock.Token.ThrowIfCancellationRequested();
                if (async)
                {
                    return await _asyncItems!.MoveNextAsync().ConfigureAwait(false);
                }

                bool more = _items!.MoveNext();
                if (!more)
                {
                    // This path aborts a read by disposing the body, and a disposed body reads as its end: when the caller's
                    // token or a clock did that, report it as such, not as the server ending the stream early.
                    response.Clock.Token.ThrowIfCancellationRequested();
                }

                return more;
            }
            catch (Exception exception)
            {
                Exception? translated = exception is FlexInferenceException ? null : _stream.Translate(exception);
                response.Fail(translated ?? exception);
                if (translated is not null)
                {
                    throw translated;
                }

                throw;
            }
            finally
            {
                response.Clock.Pause(); // the caller's loop body is not the server's silence
            }
        }
    }
}
