namespace FlexInference.Testing;

/// <summary>One server-sent event: an optional <c>event:</c> name and one <c>data:</c> payload.</summary>
/// <param name="Name">The <c>event:</c> line, or null for data-only frames (Chat Completions).</param>
/// <param name="Data">The <c>data:</c> payload (JSON, or <c>[DONE]</c>).</param>
/// <param name="IsTerminal">Whether this is the surface's terminal event (a fault stops before it).</param>
internal readonly record struct SseEvent(string? Name, string Data, bool IsTerminal = false);
