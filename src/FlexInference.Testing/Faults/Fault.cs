using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace FlexInference.Testing;

/// <summary>
/// A scripted misbehaviour for the next matching request. Create one with the factory methods, narrow it with
/// <see cref="ForPath"/> or <see cref="When"/>, and queue it with <see cref="FaultScript.Enqueue"/>.
/// </summary>
/// <remarks>
/// <para>
/// Response faults (<see cref="FaultKind.ErrorResponse"/>, <see cref="FaultKind.RawResponse"/>,
/// <see cref="FaultKind.OversizedBody"/>, <see cref="FaultKind.StallBeforeHeaders"/>) apply as soon as a request
/// arrives, before authentication and validation. Serve faults (<see cref="FaultKind.StallAfterHeaders"/> and the
/// stream faults) apply when a valid generation request is being served; the stream faults only match requests with
/// <c>"stream": true</c>. Durations are real time, never scaled by <see cref="FlexInferenceTestServerOptions.TimeScale"/>.
/// </para>
/// <para>
/// Event counts refer to SSE events of the surface's stream, including a Chat <c>[DONE]</c>. A count at or past the
/// terminal event means "just before the terminal event".
/// </para>
/// </remarks>
public sealed class Fault
{
    private Fault(FaultKind kind)
    {
        Kind = kind;
    }

    /// <summary>What the fault does.</summary>
    public FaultKind Kind { get; }

    /// <summary>The only path the fault applies to (such as <c>/v1/messages</c>), or null for any path.</summary>
    public string? Path { get; private init; }

    internal Func<RecordedRequest, bool>? Predicate { get; private init; }

    internal int StatusCode { get; private init; }

    /// <summary>The error code, or null for a provider error passed through (origin <c>provider</c>).</summary>
    internal string? Code { get; private init; }

    internal string? Message { get; private init; }

    internal TimeSpan? RetryAfter { get; private init; }

    internal TimeSpan Duration { get; private init; }

    internal int AfterEvents { get; private init; }

    internal bool AbortConnection { get; private init; }

    internal long Bytes { get; private init; }

    internal string ContentType { get; private init; } = "application/json";

    internal IReadOnlyDictionary<string, string> Headers { get; private init; } = new Dictionary<string, string>();

    internal byte[] Body { get; private init; } = Array.Empty<byte>();

    /// <summary>Whether the fault applies when a request arrives (rather than while a valid request is being served).</summary>
    internal bool AppliesOnArrival => Kind is FaultKind.ErrorResponse or FaultKind.RawResponse or FaultKind.OversizedBody or FaultKind.StallBeforeHeaders;

    /// <summary>Whether the fault needs a stream to act on.</summary>
    internal bool NeedsStream => Kind is FaultKind.StallAfterEvents or FaultKind.FailMidStream or FaultKind.TruncateStream;

    /// <summary>HTTP 402 in the called surface's envelope (class <c>billing</c>).</summary>
    /// <param name="code">The code; default <c>insufficient_balance</c> (the only 402 of the current contract).</param>
    /// <param name="message">The message; default the catalogue's explanation and fix.</param>
    public static Fault PaymentRequired(string code = FlexInferenceErrorCodes.InsufficientBalance, string? message = null) =>
        Error(402, code, message);

    /// <summary>HTTP 429 with a <c>Retry-After</c> header (whole seconds, rounded up).</summary>
    /// <param name="retryAfter">How long the caller should wait; default 5 s (the per-organization limiter).</param>
    /// <param name="code">The code; default <c>rate_limit_exceeded</c>.</param>
    /// <param name="message">The message; default the catalogue's explanation and fix.</param>
    public static Fault RateLimited(TimeSpan? retryAfter = null, string code = FlexInferenceErrorCodes.RateLimitExceeded, string? message = null)
    {
        TimeSpan wait = retryAfter ?? TimeSpan.FromSeconds(5);
        if (wait < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(retryAfter), retryAfter, "Retry-After cannot be negative; use TimeSpan.Zero for \"retry now\".");
        }

        return new Fault(FaultKind.ErrorResponse) { StatusCode = 429, Code = code, Message = message, RetryAfter = wait };
    }

    /// <summary>An HTTP 5xx. With no code it is a provider fault passed through (origin <c>provider</c>, class <c>upstream</c>).</summary>
    /// <param name="statusCode">500 to 599; default 500.</param>
    /// <param name="code">A FlexInference code such as <c>pii_masking_failed</c>, or null for a provider fault.</param>
    /// <param name="message">The message; default a description of the simulated failure.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="statusCode"/> is not 5xx.</exception>
    public static Fault ServerError(int statusCode = 500, string? code = null, string? message = null)
    {
        if (statusCode is < 500 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "ServerError needs a 5xx status such as 500, 502 or 503; use Fault.Error for other statuses.");
        }

        return Error(statusCode, code, message);
    }

    /// <summary>
    /// Any HTTP error in the called surface's envelope. A catalogued code (<see cref="FlexInferenceErrorCodes"/>) gets
    /// the catalogue's class, type and fix text; an unknown code gets <c>doc_url: null</c>; a null code is a provider
    /// error passed through.
    /// </summary>
    /// <param name="statusCode">400 to 599.</param>
    /// <param name="code">The error code, or null for a provider error.</param>
    /// <param name="message">The message; default the catalogue's explanation and fix.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="statusCode"/> is not 4xx or 5xx.</exception>
    public static Fault Error(int statusCode, string? code, string? message = null)
    {
        if (statusCode is < 400 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "An error fault needs a 4xx or 5xx status; use Fault.Raw for anything else.");
        }

        return new Fault(FaultKind.ErrorResponse) { StatusCode = statusCode, Code = code, Message = message };
    }

    /// <summary>
    /// On a stream: sends <paramref name="afterEvents"/> events, then the surface's in-stream error frame (chat
    /// <c>{"error":…}</c>, messages <c>type: error</c>, interactions <c>event_type: error</c>, responses
    /// <c>response.failed</c>) carrying the <c>flexinference</c> block with <paramref name="statusCode"/>. HTTP stays 200.
    /// </summary>
    /// <param name="afterEvents">Events sent before the failure frame (0 = fail right after the headers).</param>
    /// <param name="statusCode">The status the failure would have had before the stream began; default 502.</param>
    /// <param name="code">A FlexInference code, or null (default) for a provider failure.</param>
    /// <param name="message">The message.</param>
    public static Fault FailMidStream(int afterEvents, int statusCode = 502, string? code = null, string? message = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterEvents);
        if (statusCode is < 400 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "The failure status must be 4xx or 5xx, for example 502 (broken upstream) or 429 (throttled).");
        }

        return new Fault(FaultKind.FailMidStream) { AfterEvents = afterEvents, StatusCode = statusCode, Code = code, Message = message };
    }

    /// <summary>On a stream: sends <paramref name="afterEvents"/> events, then stops before the terminal event.</summary>
    /// <param name="afterEvents">Events sent before the stream stops.</param>
    /// <param name="abortConnection">
    /// False (default): the response ends cleanly, just without its terminal event. True: the connection is dropped
    /// (the client sees an I/O error mid-body).
    /// </param>
    public static Fault TruncateStream(int afterEvents, bool abortConnection = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterEvents);
        return new Fault(FaultKind.TruncateStream) { AfterEvents = afterEvents, AbortConnection = abortConnection };
    }

    /// <summary>Sends nothing at all for <paramref name="duration"/> (real time), then serves normally: a first-byte stall.</summary>
    public static Fault StallBeforeHeaders(TimeSpan duration) =>
        new(FaultKind.StallBeforeHeaders) { Duration = NonNegative(duration) };

    /// <summary>On a generation request: sends the headers, then nothing for <paramref name="duration"/> (real time), then the body or stream.</summary>
    public static Fault StallAfterHeaders(TimeSpan duration) =>
        new(FaultKind.StallAfterHeaders) { Duration = NonNegative(duration) };

    /// <summary>On a stream: sends <paramref name="afterEvents"/> events, then nothing for <paramref name="duration"/> (real time), then the rest: an idle stall.</summary>
    public static Fault StallAfterEvents(int afterEvents, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterEvents);
        return new Fault(FaultKind.StallAfterEvents) { AfterEvents = afterEvents, Duration = NonNegative(duration) };
    }

    /// <summary>
    /// Answers with a body of exactly <paramref name="bytes"/> bytes: JSON <c>{"padding":"aaa…"}</c> for a JSON content
    /// type, or a single <c>data: aaa…</c> line with no frame separator for <c>text/event-stream</c>.
    /// </summary>
    /// <param name="bytes">The body size.</param>
    /// <param name="statusCode">The HTTP status; default 200.</param>
    /// <param name="contentType">The content type; default <c>application/json</c>.</param>
    public static Fault OversizedBody(long bytes, int statusCode = 200, string contentType = "application/json")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        return new Fault(FaultKind.OversizedBody) { Bytes = bytes, StatusCode = statusCode, ContentType = contentType };
    }

    /// <summary>Answers with exactly this status, headers and UTF-8 body.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="body">The body text.</param>
    /// <param name="contentType">The content type; default <c>application/json</c>.</param>
    /// <param name="headers">Extra response headers.</param>
    public static Fault Raw(int statusCode, string body, string contentType = "application/json", IReadOnlyDictionary<string, string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Raw(statusCode, Encoding.UTF8.GetBytes(body), contentType, headers);
    }

    /// <summary>Answers with exactly this status, headers and body bytes.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="body">The body bytes.</param>
    /// <param name="contentType">The content type, or null to send none.</param>
    /// <param name="headers">Extra response headers.</param>
    public static Fault Raw(int statusCode, byte[] body, string? contentType = "application/json", IReadOnlyDictionary<string, string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (statusCode is < 100 or > 999)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "An HTTP status has three digits.");
        }

        return new Fault(FaultKind.RawResponse)
        {
            StatusCode = statusCode,
            Body = body.ToArray(),
            ContentType = contentType ?? string.Empty,
            Headers = new Dictionary<string, string>(headers ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase),
        };
    }

    /// <summary>A copy that applies only to requests for <paramref name="path"/> (<c>/v1/messages</c>, or just <c>messages</c>).</summary>
    public Fault ForPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Copy(PathNames.Normalize(path), Predicate);
    }

    /// <summary>A copy that applies only to requests <paramref name="predicate"/> accepts (in addition to any path filter).</summary>
    public Fault When(Func<RecordedRequest, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        Func<RecordedRequest, bool>? previous = Predicate;
        return Copy(Path, previous is null ? predicate : request => previous(request) && predicate(request));
    }

    /// <summary>Whether the fault applies to <paramref name="request"/>.</summary>
    internal bool Matches(RecordedRequest request) =>
        (Path is null || string.Equals(Path, request.Path, StringComparison.Ordinal))
        && (!NeedsStream || request.IsStream)
        && (Predicate is null || Predicate(request));

    /// <inheritdoc />
    public override string ToString()
    {
        string detail = Kind switch
        {
            FaultKind.ErrorResponse or FaultKind.RawResponse => StatusCode.ToString(CultureInfo.InvariantCulture) + (Code is null ? string.Empty : " " + Code),
            FaultKind.FailMidStream => $"after {AfterEvents} events, {StatusCode}",
            FaultKind.TruncateStream => $"after {AfterEvents} events{(AbortConnection ? ", abort" : string.Empty)}",
            FaultKind.StallAfterEvents => $"after {AfterEvents} events for {Duration}",
            FaultKind.OversizedBody => $"{Bytes} bytes",
            _ => Duration.ToString(),
        };
        return $"{Kind}({detail}){(Path is null ? string.Empty : " on " + Path)}";
    }

    private Fault Copy(string? path, Func<RecordedRequest, bool>? predicate) => new(Kind)
    {
        Path = path,
        Predicate = predicate,
        StatusCode = StatusCode,
        Code = Code,
        Message = Message,
        RetryAfter = RetryAfter,
        Duration = Duration,
        AfterEvents = AfterEvents,
        AbortConnection = AbortConnection,
        Bytes = Bytes,
        ContentType = ContentType,
        Headers = Headers,
        Body = Body,
    };

    private static TimeSpan NonNegative(TimeSpan duration) =>
        duration >= TimeSpan.Zero ? duration : throw new ArgumentOutOfRangeException(nameof(duration), duration, "A stall cannot be negative.");
}
