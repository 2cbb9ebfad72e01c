using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace FlexInference.Testing;

/// <summary>Renders a served answer in one surface's own shape and streaming vocabulary (§3, §6).</summary>
internal interface ISurfaceRenderer
{
    /// <summary>The non-streamed body; its usage always carries routing (and cost when priced).</summary>
    JsonObject Body(ServeContext context);

    /// <summary>The whole event sequence of a stream, terminal event included.</summary>
    IReadOnlyList<SseEvent> Stream(ServeContext context);

    /// <summary>The surface's in-stream failure frame: the last frame of a stream that failed after it started.</summary>
    SseEvent Failure(ServeContext context, ErrorSpec error, int sequenceNumber);
}
