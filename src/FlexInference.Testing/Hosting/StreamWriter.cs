using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace FlexInference.Testing;

/// <summary>Writes a surface's event sequence as <c>text/event-stream</c>, flushing after every event, and plays stream faults.</summary>
internal static class StreamWriter
{
    public static async Task WriteAsync(
        HttpContext context,
        ISurfaceRenderer renderer,
        ServeContext serve,
        Fault? fault,
        FlexInferenceTestServerOptions options,
        CancellationToken cancellationToken)
    {
        HttpResponse response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        if (fault is { Kind: FaultKind.TruncateStream, AbortConnection: true })
        {
            // Promise far more bytes than will come: when the handler returns short, Kestrel flushes what was written
            // and closes the connection, so the client reads the events and then hits "response ended prematurely".
            // (HttpContext.Abort would reset the connection and could drop events not yet on the wire.)
            response.ContentLength = 1L << 40;
        }

        await response.StartAsync(cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);

        if (fault?.Kind == FaultKind.StallAfterHeaders)
        {
            await SimulatedClock.RealDelayAsync(fault.Duration, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<SseEvent> events = renderer.Stream(serve);
        int stopAt = fault is { Kind: FaultKind.FailMidStream or FaultKind.TruncateStream or FaultKind.StallAfterEvents }
            ? Math.Min(fault.AfterEvents, FirstTerminal(events))
            : int.MaxValue;

        int sent = 0;
        for (; sent < events.Count; sent++)
        {
            if (sent == stopAt)
            {
                if (fault!.Kind != FaultKind.StallAfterEvents)
                {
                    break;
                }

                await SimulatedClock.RealDelayAsync(fault.Duration, cancellationToken).ConfigureAwait(false);
            }

            if (sent > 0)
            {
                await SimulatedClock.DelayAsync(options.StreamEventDelay, options.TimeScale, cancellationToken).ConfigureAwait(false);
            }

            await WriteEventAsync(response, events[sent], cancellationToken).ConfigureAwait(false);
        }

        if (fault?.Kind == FaultKind.FailMidStream)
        {
            ErrorSpec error = FaultErrors.Build(fault, serve.Request.Model, $"The upstream stream broke after {sent} events (simulated by FlexInferenceTestServer). Text received so far is all this attempt produces; retry the request.");
            await WriteEventAsync(response, renderer.Failure(serve, error, sent), cancellationToken).ConfigureAwait(false);
        }
    }

    private static int FirstTerminal(IReadOnlyList<SseEvent> events)
    {
        for (int i = 0; i < events.Count; i++)
        {
            if (events[i].IsTerminal)
            {
                return i;
            }
        }

        return events.Count;
    }

    private static async Task WriteEventAsync(HttpResponse response, SseEvent sse, CancellationToken cancellationToken)
    {
        var frame = new StringBuilder();
        if (sse.Name is not null)
        {
            frame.Append("event: ").Append(sse.Name).Append('\n');
        }

        frame.Append("data: ").Append(sse.Data).Append("\n\n");
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(frame.ToString()), cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
