using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using FlexInference.Errors;
using FlexInference.Observability;
using FlexInference.Routing;
using FlexInference.Streaming;
using FlexInference.Validation;

namespace FlexInference.Pipeline;

/// <summary>
/// Sends one call and reads its answer under the call's clocks. One body serves both flavours: with <c>async: false</c>
/// every step blocks (the sync API makes a real synchronous HTTP call, never sync-over-async) and the returned task is
/// complete. A call is retried while no answer can have been produced (<see cref="RetryPolicy"/>); the final non-2xx
/// answer becomes the typed exception of the error catalogue.
/// </summary>
internal sealed class CallPipeline : IDisposable
{
    // Null when IHttpClientFactory hands out a client per call (AddFlexInference): the factory owns and rotates its handlers.
    private readonly HttpClient? _http;
    private readonly bool _ownsHttpClient;
    private readonly RequestFactory _requests;
    private readonly FailureTranslator _failures;
    private readonly CallLog _log;

    // Cancelled by Dispose: every running call and open stream is linked to it and ends with ObjectDisposedException.
    private readonly CancellationTokenSource _lifetime = new();
    private int _disposed;

    /// <param name="settings">The resolved client settings.</param>
    /// <param name="retry">The retry rules; tests pass one whose waits and clock they control. Null builds it from the settings.</param>
    public CallPipeline(ClientSettings settings, RetryPolicy? retry = null)
    {
        Settings = settings;
        _ownsHttpClient = settings.HttpClient is null && settings.HttpClientSource is null;
        _http = settings.HttpClient ?? (settings.HttpClientSource is null ? HttpHandlerFactory.CreateHttpClient(settings) : null);
        _requests = new RequestFactory(settings);
        _failures = new FailureTranslator(settings, _ownsHttpClient);
        _log = new CallLog(settings);
        Retry = retry ?? new RetryPolicy(settings.InitialRetryDelay, settings.MaxRetryDelay, settings.MaxRetryAfter);
        if (settings.Ledger is { } ledger)
        {
            settings.Telemetry.Metrics.Attach(ledger);
        }
    }

    public ClientSettings Settings { get; }

    public RetryPolicy Retry { get; }

    /// <summary>Sends a call and reads its body into the result; the route report is built once and attached to it.</summary>
    public async ValueTask<T> SendAsync<T>(ApiCall call, ResultReader<T> reader, bool async, CancellationToken cancellationToken)
        where T : class
    {
        using CallContext context = Begin(call, streaming: false, cancellationToken);
        try
        {
            (HttpResponseMessage response, ResponseMetadata metadata) = await SendUntilAnsweredAsync(context, async).ConfigureAwait(false);
            using (response)
            {
                context.Clock.Start(FlexInferenceClock.Body, call.Options?.Timeout ?? Settings.Timeout);
                using PooledBody body = await BodyReader.ReadAsync(response, Settings.MaxResponseBytes, async, context.Clock.Token).ConfigureAwait(false);
                T result = Parse(reader, body.Span) ?? throw EmptyBody();
                ResultFacts facts = reader.Facts(result, body.Span);
                ServedRoute route = RouteBuilder.Build(facts, metadata);
                RouteStore.Attach(result, route);
                _log.Served(context, metadata, route);
                context.Telemetry?.Served(metadata, route, facts);
                context.Ledger?.Record(call.Facts?.Model, route, facts);
                return result;
            }
        }
        catch (Exception exception)
        {
            Exception documented = Failed(context, exception);
            if (ReferenceEquals(documented, exception))
            {
                throw;
            }

            throw documented;
        }
        finally
        {
            context.Telemetry?.End(context.Clock.Attempts);
        }
    }

    /// <summary>
    /// Sends a streaming request and returns once the headers arrived (after the flex race and any retries), with the
    /// body wrapped in the frame guard and the idle clock. The caller owns the returned response. Nothing is retried
    /// after this returns: once events flow, a failure reaches the caller.
    /// </summary>
    public async ValueTask<StreamingResponse> OpenStreamAsync(ApiCall call, bool async, CancellationToken cancellationToken)
    {
        CallContext context = Begin(call, streaming: true, cancellationToken);
        HttpResponseMessage? response = null;
        try
        {
            (response, ResponseMetadata metadata) = await SendUntilAnsweredAsync(context, async).ConfigureAwait(false);
            if (response.Content.Headers.ContentType?.MediaType is "application/json")
            {
                throw await NotAStreamAsync(context, response, async).ConfigureAwait(false);
            }

            Stream body = async
                ? await response.Content.ReadAsStreamAsync(context.Clock.Token).ConfigureAwait(false)
                : response.Content.ReadAsStream(context.Clock.Token);
            _log.Served(context, metadata, RouteBuilder.Build(default, metadata));
            context.Telemetry?.Opened(metadata);

            // The idle clock runs only while the SDK waits for bytes; it restarts on every byte and pauses while the
            // caller's loop body runs. The total budget, if any, keeps running throughout.
            context.Clock.Pause();
            TimeSpan idle = call.Options?.IdleTimeout ?? Settings.IdleTimeout;
            var guarded = new SseFrameGuardStream(body, Settings.MaxStreamFrameBytes, () => context.Clock.Start(FlexInferenceClock.Idle, idle));
            return new StreamingResponse(response, guarded, context, metadata, idle, _log, Settings.Redactor);
        }
        catch (Exception exception)
        {
            response?.Dispose();
            Exception documented = Failed(context, exception);
            context.Telemetry?.End(context.Clock.Attempts);
            context.Dispose();
            if (ReferenceEquals(documented, exception))
            {
                throw;
            }

            throw documented;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            // First end what is running (as ObjectDisposedException), then release the connections.
            _lifetime.Cancel();
        }
        catch (AggregateException)
        {
            // A callback of a running call failed while it was being stopped; disposing must not throw.
        }

        if (_ownsHttpClient)
        {
            _http!.Dispose();
        }

        if (Settings.Ledger is { } ledger)
        {
            Settings.Telemetry.Metrics.Detach(ledger);
        }
    }

    /// <summary>The wait for headers: a per-call override wins; otherwise a flex race raises it to window + 30 s.</summary>
    private TimeSpan FirstByteLimit(ApiCall call)
    {
        if (call.Options?.FirstByteTimeout is { } overridden)
        {
            return overridden;
        }

        TimeSpan limit = Settings.FirstByteTimeout;
        if (call.Facts?.StartWithin?.Window is { } window && limit != Timeout.InfiniteTimeSpan)
        {
            TimeSpan raced = window + TimeSpan.FromSeconds(30);
            limit = raced > limit ? raced : limit;
        }

        return limit;
    }

    private CallContext Begin(ApiCall call, bool streaming, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(FlexInferenceClient));
        }

        RequestOptionsCheck.Validate(call.Options);
        TimeSpan? total = call.Options?.TotalTimeout ?? Settings.TotalTimeout;
        HttpClient http = _http ?? Settings.HttpClientSource!();
        var clock = new CallClock(cancellationToken, _lifetime.Token, total);
        return new CallContext(call, clock, http, _failures, Settings.Telemetry.Start(call, streaming)) { Ledger = call.Facts is null ? null : Settings.Ledger };
    }

    /// <summary>
    /// Sends the call until an attempt gets a 2xx (its headers read), retrying what <see cref="Retry"/> allows, or throws
    /// the documented exception of the last failure.
    /// </summary>
    private async ValueTask<(HttpResponseMessage Response, ResponseMetadata Metadata)> SendUntilAnsweredAsync(CallContext context, bool async)
    {
        CallClock clock = context.Clock;
        int maxRetries = context.Call.Options?.MaxRetries ?? Settings.MaxRetries;
        for (int retries = 0; ; retries++)
        {
            ApiCall call = context.Call; // after a client fallback, the resend at a tier word
            clock.Attempts = retries + 1;
            long attemptStarted = Stopwatch.GetTimestamp();
            HttpResponseMessage response;
            using (HttpRequestMessage request = _requests.Create(call, retries))
            {
                _log.Starting(call, retries);
                clock.Start(FlexInferenceClock.FirstByte, FirstByteLimit(call));
                try
                {
                    response = async
                        ? await context.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, clock.Token).ConfigureAwait(false)
                        : context.Http.Send(request, HttpCompletionOption.ResponseHeadersRead, clock.Token);
                }
                catch (Exception exception) when (context.Translate(exception) is { } translated)
                {
                    // Only a connection failure before the headers is retried; a clock, the caller or disposal never are.
                    RetryDecision decision = translated is FlexInferenceConnectionException
                        ? Retry.ForFailure(exception, retries, maxRetries, clock.Remaining)
                        : RetryDecision.Stop(null);
                    if (!decision.ShouldRetry)
                    {
                        throw RetryNote.Add(translated, decision, retries, maxRetries, context.Fallback);
                    }

                    await BackoffAsync(context, decision, retries, maxRetries, async).ConfigureAwait(false);
                    continue;
                }
            }

            var metadata = ResponseMetadata.From(response, Stopwatch.GetElapsedTime(attemptStarted));
            if (response.IsSuccessStatusCode)
            {
                metadata.Fallback = context.Fallback;
                return (response, metadata);
            }

            FlexInferenceApiError error;
            bool? shouldRetry;
            using (response)
            {
                error = await ReadErrorAsync(context, response, metadata, async).ConfigureAwait(false);
                shouldRetry = RetryHint.ShouldRetry(response.Headers);
            }

            RetryDecision retry = Retry.ForStatus(error, shouldRetry, retries, maxRetries, clock.Remaining);
            if (!retry.ShouldRetry)
            {
                // The fallback comes after the retry loop's final word, as one more attempt of the same call.
                ApiCall? resend = FallbackPolicy.Plan(
                    context, error, Settings.FlexFallback, !Settings.AllowMissingStartWithin, retries, maxRetries, out ClientFallback? fallback, out string? whyNot);
                if (resend is not null)
                {
                    context.FallBack(resend, fallback!);
                    _log.FellBack(context, fallback!, retries + 1);
                    context.Telemetry?.FellBack(fallback!);
                    continue;
                }

                error = RetryNote.Add(error, retry, retries, maxRetries, context.Fallback);
                throw FlexInferenceErrorCatalog.CreateException(whyNot is null ? error : error with { Message = error.Message + whyNot });
            }

            await BackoffAsync(context, retry, retries, maxRetries, async).ConfigureAwait(false);
        }
    }

    private async ValueTask BackoffAsync(CallContext context, RetryDecision decision, int retries, int maxRetries, bool async)
    {
        _log.Retrying(context.Call, decision, retries, maxRetries);
        context.Telemetry?.Retrying(retries + 1, decision.Delay, decision.Reason);
        CallClock clock = context.Clock;
        clock.Pause(); // a backoff is not the server's silence; only the total budget and the caller bound it
        try
        {
            if (async)
            {
                await Retry.DelayAsync(decision.Delay, clock.Token).ConfigureAwait(false);
            }
            else
            {
                Retry.Delay(decision.Delay, clock.Token);
            }

            clock.Token.ThrowIfCancellationRequested();
        }
        catch (Exception exception) when (context.Translate(exception) is { } translated)
        {
            throw translated;
        }
    }

    private async ValueTask<FlexInferenceApiError> ReadErrorAsync(CallContext context, HttpResponseMessage response, ResponseMetadata metadata, bool async)
    {
        context.Clock.Start(FlexInferenceClock.Body, Settings.ErrorBodyTimeout);
        int status = (int)response.StatusCode;
        using PooledBody body = await BodyReader.ReadErrorAsync(response, ErrorReader.MaxBodyBytes, async, context.Clock.Token).ConfigureAwait(false);
        FlexInferenceApiError error = ErrorReader.FromBody(
            context.Call.Surface, status, response.ReasonPhrase, body.Span, body.Truncated, metadata, RetryHint.Read(response.Headers, Retry.UtcNow()), Settings.Redactor);
        _log.ErrorBodyRead(context.Call, status, error.Body);
        if (status is >= 300 and < 400)
        {
            // The SDK's own handler never follows a redirect: the key must not travel to another address.
            error = error with
            {
                Message = error.Message + " The router does not redirect, and the SDK does not follow redirects (the API key must not travel to another " +
                    "address): set BaseUrl to the router's final URL.",
            };
        }

        return error;
    }

    /// <summary>A 2xx JSON answer to a streaming request (a proxy or an old router that ignored <c>"stream": true</c>): say so, quoting it.</summary>
    private async ValueTask<Exception> NotAStreamAsync(CallContext context, HttpResponseMessage response, bool async)
    {
        context.Clock.Start(FlexInferenceClock.Body, Settings.ErrorBodyTimeout);
        using PooledBody body = await BodyReader.ReadErrorAsync(response, ErrorReader.MaxQuotedChars, async, context.Clock.Token).ConfigureAwait(false);
        string text = Settings.Redactor.Redact(System.Text.Encoding.UTF8.GetString(body.Span))!;
        return new FlexInferenceInvalidResponseException(
            $"FlexInference: the streaming request was answered {(int)response.StatusCode} with a JSON body (application/json) instead of an event stream " +
            $"(text/event-stream): {text}{(body.Truncated ? "..." : string.Empty)}. Check that the base URL points at the router and that no proxy rewrites " +
            "the request; to get one JSON answer, call CreateAsync instead of CreateStreamingAsync.");
    }

    /// <summary>Logs a failed call and records it on the span; returns the documented exception to throw.</summary>
    private Exception Failed(CallContext context, Exception exception)
    {
        Exception documented = context.Translate(exception) ?? exception;
        _log.Failed(context, documented);
        context.Telemetry?.Fail(documented);
        return documented;
    }

    /// <summary>
    /// Server text a reader cannot take (a lone surrogate escape in a string, a duplicate key) is an unreadable body, as
    /// invalid JSON is: the documented <see cref="FlexInferenceInvalidResponseException"/>, never the reader's own exception.
    /// </summary>
    private static T? Parse<T>(ResultReader<T> reader, ReadOnlySpan<byte> body)
        where T : class
    {
        try
        {
            return reader.Parse(body);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException && exception is not ObjectDisposedException)
        {
            throw new System.Text.Json.JsonException(exception.Message, exception);
        }
    }

    private static FlexInferenceInvalidResponseException EmptyBody() =>
        new("FlexInference: the server answered 2xx with an empty or null body, where the endpoint returns an object. Check that the base URL points at the router.");
}
