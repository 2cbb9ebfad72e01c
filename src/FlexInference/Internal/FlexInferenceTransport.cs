using System;
using System.Buffers;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using FlexInference.Internal.Telemetry;

namespace FlexInference.Internal;

/// <summary>
/// Sends one call and reads its response under the call's clocks, in an async and a truly synchronous flavour (the sync
/// path uses <see cref="HttpClient.Send(HttpRequestMessage, HttpCompletionOption, CancellationToken)"/>, never
/// sync-over-async). A call is retried while no answer can have been produced (<see cref="RetryPolicy"/>); the final
/// non-2xx answer becomes the typed exception of the error catalogue.
/// </summary>
internal sealed partial class FlexInferenceTransport : IDisposable
{
    /// <summary>
    /// Sent on every attempt: how many retries came before it (0 on the first). Not to be confused with the router's
    /// response header <c>x-flexinference-retries</c>, which counts the router's own retries upstream.
    /// </summary>
    public const string RetryCountHeader = "x-flexinference-retry-count";

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
    private static readonly ProductInfoHeaderValue UserAgent = new("FlexInference.NET", typeof(FlexInferenceTransport).Assembly.GetName().Version?.ToString(3) ?? "0");
    private static readonly string[] RetryCounts = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    // Null when IHttpClientFactory hands out a client per call (AddFlexInference): the factory owns and rotates its handlers.
    private readonly HttpClient? _http;
    private readonly bool _ownsHttpClient;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly string _baseUrl;

    // Cancelled by Dispose: every running call and open stream is linked to it and ends with ObjectDisposedException.
    private readonly CancellationTokenSource _lifetime = new();
    private int _disposed;

    public FlexInferenceTransport(ClientSettings settings)
    {
        Settings = settings;
        _ownsHttpClient = settings.HttpClient is null && settings.HttpClientSource is null;
        _http = settings.HttpClient ?? (settings.HttpClientSource is null ? CreateHttpClient(settings) : null);
        _authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
        _baseUrl = settings.BaseUrl.AbsoluteUri;
        Retry = new RetryPolicy(settings.InitialRetryDelay, settings.MaxRetryDelay, settings.MaxRetryAfter);
    }

    public ClientSettings Settings { get; }

    /// <summary>The retry rules; replaceable by tests (delays, time and randomness are delegates on it).</summary>
    public RetryPolicy Retry { get; set; }

    public async Task<T> SendAsync<T>(ApiCall call, IResponseReader<T> reader, CancellationToken cancellationToken)
        where T : class
    {
        using CallClock clock = NewClock(call, cancellationToken, out HttpClient http);
        CallTelemetry? telemetry = Settings.Telemetry.Start(call, streaming: false);
        long started = Stopwatch.GetTimestamp();
        try
        {
            (HttpResponseMessage response, ResponseMetadata metadata) = await OpenAsync(call, clock, http, telemetry).ConfigureAwait(false);
            using (response)
            {
                try
                {
                    clock.Start(FlexInferenceClock.Body, call.Options?.Timeout ?? Settings.Timeout);
                    using Stream body = Bounded(response, await response.Content.ReadAsStreamAsync(clock.Token).ConfigureAwait(false));
                    T result = await reader.ReadAsync(body, clock.Token).ConfigureAwait(false) ?? throw EmptyBody();
                    ResponseMetadataStore.Attach(result, metadata);
                    Served(call, metadata, result, started, clock.Attempts);
                    telemetry?.Served(metadata, result);
                    return result;
                }
                catch (Exception exception) when (exception is not FlexInferenceException && clock.Translate(exception) is { } translated)
                {
                    throw translated;
                }
            }
        }
        catch (Exception exception) when (Failed(call, exception, started, clock.Attempts, telemetry))
        {
            throw; // never reached: the filter only logs
        }
        finally
        {
            telemetry?.End(clock.Attempts);
        }
    }

    public T Send<T>(ApiCall call, IResponseReader<T> reader, CancellationToken cancellationToken)
        where T : class
    {
        using CallClock clock = NewClock(call, cancellationToken, out HttpClient http);
        CallTelemetry? telemetry = Settings.Telemetry.Start(call, streaming: false);
        long started = Stopwatch.GetTimestamp();
        try
        {
            (HttpResponseMessage response, ResponseMetadata metadata) = Open(call, clock, http, telemetry);
            using (response)
            {
                try
                {
                    clock.Start(FlexInferenceClock.Body, call.Options?.Timeout ?? Settings.Timeout);
                    using Stream body = Bounded(response, response.Content.ReadAsStream(clock.Token));
                    using CancellationTokenRegistration abort = clock.Token.Register(static state => ((Stream)state!).Dispose(), body);
                    T result = reader.Read(body) ?? throw EmptyBody();
                    ResponseMetadataStore.Attach(result, metadata);
                    Served(call, metadata, result, started, clock.Attempts);
                    telemetry?.Served(metadata, result);
                    return result;
                }
                catch (Exception exception) when (exception is not FlexInferenceException && clock.Translate(exception) is { } translated)
                {
                    throw translated;
                }
            }
        }
        catch (Exception exception) when (Failed(call, exception, started, clock.Attempts, telemetry))
        {
            throw;
        }
        finally
        {
            telemetry?.End(clock.Attempts);
        }
    }

    /// <summary>
    /// Sends a streaming request and returns once the headers arrived (after the flex race and any retries), with the
    /// body wrapped in the frame guard and the idle clock. The caller owns the returned response. Nothing is retried
    /// after this returns: once events flow, a failure reaches the caller.
    /// </summary>
    public async Task<StreamingResponse> SendStreamingAsync(ApiCall call, CancellationToken cancellationToken)
    {
        CallClock clock = NewClock(call, cancellationToken, out HttpClient http);
        CallTelemetry? telemetry = Settings.Telemetry.Start(call, streaming: true);
        long started = Stopwatch.GetTimestamp();
        HttpResponseMessage? response = null;
        try
        {
            (response, ResponseMetadata metadata) = await OpenAsync(call, clock, http, telemetry).ConfigureAwait(false);
            Stream body;
            try
            {
                body = await response.Content.ReadAsStreamAsync(clock.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (clock.Translate(exception) is { } translated)
            {
                throw translated;
            }

            Served(call, metadata, null, started, clock.Attempts);
            telemetry?.Opened(metadata);
            return OpenStream(call, response, body, clock, metadata, started, telemetry);
        }
        catch (Exception exception)
        {
            response?.Dispose();
            Failed(call, exception, started, clock.Attempts, telemetry);
            telemetry?.End(clock.Attempts);
            clock.Dispose();
            throw;
        }
    }

    /// <summary>The synchronous twin of <see cref="SendStreamingAsync"/>.</summary>
    public StreamingResponse SendStreaming(ApiCall call, CancellationToken cancellationToken)
    {
        CallClock clock = NewClock(call, cancellationToken, out HttpClient http);
        CallTelemetry? telemetry = Settings.Telemetry.Start(call, streaming: true);
        long started = Stopwatch.GetTimestamp();
        HttpResponseMessage? response = null;
        try
        {
            (response, ResponseMetadata metadata) = Open(call, clock, http, telemetry);
            Stream body;
            try
            {
                body = response.Content.ReadAsStream(clock.Token);
            }
            catch (Exception exception) when (clock.Translate(exception) is { } translated)
            {
                throw translated;
            }

            Served(call, metadata, null, started, clock.Attempts);
            telemetry?.Opened(metadata);
            StreamingResponse opened = OpenStream(call, response, body, clock, metadata, started, telemetry);
            telemetry?.Detach(); // this synchronous return would otherwise leave the stream's span ambient in the caller
            return opened;
        }
        catch (Exception exception)
        {
            response?.Dispose();
            Failed(call, exception, started, clock.Attempts, telemetry);
            telemetry?.End(clock.Attempts);
            clock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends the call until an attempt gets a 2xx (its headers read), retrying what <see cref="Retry"/> allows, or throws
    /// the documented exception of the last failure.
    /// </summary>
    private async Task<(HttpResponseMessage Response, ResponseMetadata Metadata)> OpenAsync(ApiCall call, CallClock clock, HttpClient http, CallTelemetry? telemetry)
    {
        int maxRetries = call.Options?.MaxRetries ?? Settings.MaxRetries;
        for (int retries = 0; ; retries++)
        {
            clock.Attempts = retries + 1;
            long attemptStarted = Stopwatch.GetTimestamp();
            HttpResponseMessage response;
            using (HttpRequestMessage request = CreateRequest(call, retries))
            {
                Starting(call, retries);
                clock.Start(FlexInferenceClock.FirstByte, FirstByteLimit(call));
                try
                {
                    response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, clock.Token).ConfigureAwait(false);
                }
                catch (Exception exception) when (clock.Translate(exception) is { } translated)
                {
                    RetryDecision decision = ForFailure(exception, translated, retries, maxRetries, clock);
                    if (!decision.ShouldRetry)
                    {
                        throw WithNote(translated, decision, retries, maxRetries);
                    }

                    await BackoffAsync(call, clock, decision, retries, maxRetries, telemetry).ConfigureAwait(false);
                    continue;
                }
            }

            var metadata = ResponseMetadata.From(response, Stopwatch.GetElapsedTime(attemptStarted));
            if (response.IsSuccessStatusCode)
            {
                return (response, metadata);
            }

            FlexInferenceApiError error;
            bool? shouldRetry;
            using (response)
            {
                error = await ReadErrorAsync(call, response, metadata, clock).ConfigureAwait(false);
                shouldRetry = RetryHint.ShouldRetry(response.Headers);
            }

            RetryDecision retry = Retry.ForStatus(error, shouldRetry, retries, maxRetries, clock.Remaining);
            if (!retry.ShouldRetry)
            {
                throw FlexInferenceErrorCatalog.CreateException(WithNote(error, retry, retries, maxRetries));
            }

            await BackoffAsync(call, clock, retry, retries, maxRetries, telemetry).ConfigureAwait(false);
        }
    }

    /// <summary>The synchronous twin of <see cref="OpenAsync"/>.</summary>
    private (HttpResponseMessage Response, ResponseMetadata Metadata) Open(ApiCall call, CallClock clock, HttpClient http, CallTelemetry? telemetry)
    {
        int maxRetries = call.Options?.MaxRetries ?? Settings.MaxRetries;
        for (int retries = 0; ; retries++)
        {
            clock.Attempts = retries + 1;
            long attemptStarted = Stopwatch.GetTimestamp();
            HttpResponseMessage response;
            using (HttpRequestMessage request = CreateRequest(call, retries))
            {
                Starting(call, retries);
                clock.Start(FlexInferenceClock.FirstByte, FirstByteLimit(call));
                try
                {
                    response = http.Send(request, HttpCompletionOption.ResponseHeadersRead, clock.Token);
                }
                catch (Exception exception) when (clock.Translate(exception) is { } translated)
                {
                    RetryDecision decision = ForFailure(exception, translated, retries, maxRetries, clock);
                    if (!decision.ShouldRetry)
                    {
                        throw WithNote(translated, decision, retries, maxRetries);
                    }

                    Backoff(call, clock, decision, retries, maxRetries, telemetry);
                    continue;
                }
            }

            var metadata = ResponseMetadata.From(response, Stopwatch.GetElapsedTime(attemptStarted));
            if (response.IsSuccessStatusCode)
            {
                return (response, metadata);
            }

            FlexInferenceApiError error;
            bool? shouldRetry;
            using (response)
            {
                error = ReadError(call, response, metadata, clock);
                shouldRetry = RetryHint.ShouldRetry(response.Headers);
            }

            RetryDecision retry = Retry.ForStatus(error, shouldRetry, retries, maxRetries, clock.Remaining);
            if (!retry.ShouldRetry)
            {
                throw FlexInferenceErrorCatalog.CreateException(WithNote(error, retry, retries, maxRetries));
            }

            Backoff(call, clock, retry, retries, maxRetries, telemetry);
        }
    }

    private StreamingResponse OpenStream(
        ApiCall call, HttpResponseMessage response, Stream body, CallClock clock, ResponseMetadata metadata, long started, CallTelemetry? telemetry)
    {
        // The idle clock runs only while the SDK waits for bytes; it restarts on every byte and pauses while the
        // caller's loop body runs. The total budget, if any, keeps running throughout.
        clock.Pause();
        TimeSpan idle = call.Options?.IdleTimeout ?? Settings.IdleTimeout;
        // No total cap on a stream (events are capped one by one), but an undecodable body must still be reported as such.
        var guarded = new SseFrameGuardStream(new BoundedReadStream(body, long.MaxValue), Settings.MaxStreamFrameBytes, () => clock.Start(FlexInferenceClock.Idle, idle));
        return new StreamingResponse(response, guarded, clock, metadata, idle, call.Surface, Settings.Logger, call.Path, started) { Telemetry = telemetry };
    }

    /// <summary>The wait for headers: a per-call override wins; otherwise a flex race raises it to window + 30 s.</summary>
    public TimeSpan FirstByteLimit(ApiCall call)
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

    /// <summary>One attempt's request: a new message each time, over the very same body bytes.</summary>
    public HttpRequestMessage CreateRequest(ApiCall call, int retries = 0)
    {
        var request = new HttpRequestMessage(call.Method, _baseUrl + call.Path);
        request.Headers.Authorization = _authorization;
        request.Headers.TryAddWithoutValidation("Accept", "text/event-stream, application/json"); // the same bytes, not parsed on every call
        request.Headers.UserAgent.Add(UserAgent);
        request.Headers.TryAddWithoutValidation(RetryCountHeader, retries < RetryCounts.Length ? RetryCounts[retries] : retries.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (call.Body is not null)
        {
            request.Content = new ByteArrayContent(call.Body);
            request.Content.Headers.ContentType = JsonContentType;
        }

        return request;
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
    }

    /// <summary>The call's clocks, and the HttpClient it is sent with: the client's own or supplied one, or a new one from the factory.</summary>
    private CallClock NewClock(ApiCall call, CancellationToken cancellationToken, out HttpClient http)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(FlexInferenceClient));
        }

        RequestOptionsCheck.Validate(call.Options);
        TimeSpan? total = call.Options?.TotalTimeout ?? Settings.TotalTimeout;
        http = _http ?? Settings.HttpClientSource!();
        return new CallClock(Settings, _ownsHttpClient, http.Timeout, cancellationToken, _lifetime.Token, total);
    }

    /// <summary>Only a connection failure before the headers is retried; a clock, the caller or disposal never are.</summary>
    private RetryDecision ForFailure(Exception original, Exception translated, int retries, int maxRetries, CallClock clock) =>
        translated is FlexInferenceConnectionException ? Retry.ForFailure(original, retries, maxRetries, clock.Remaining) : RetryDecision.Stop(null);

    private async Task BackoffAsync(ApiCall call, CallClock clock, RetryDecision decision, int retries, int maxRetries, CallTelemetry? telemetry)
    {
        Retrying(call, decision, retries, maxRetries);
        telemetry?.Retrying(retries + 1, decision.Delay, decision.Reason);
        clock.Pause(); // a backoff is not the server's silence; only the total budget and the caller bound it
        try
        {
            await Retry.DelayAsync(decision.Delay, clock.Token).ConfigureAwait(false);
            clock.Token.ThrowIfCancellationRequested();
        }
        catch (Exception exception) when (clock.Translate(exception) is { } translated)
        {
            throw translated;
        }
    }

    private void Backoff(ApiCall call, CallClock clock, RetryDecision decision, int retries, int maxRetries, CallTelemetry? telemetry)
    {
        Retrying(call, decision, retries, maxRetries);
        telemetry?.Retrying(retries + 1, decision.Delay, decision.Reason);
        clock.Pause();
        try
        {
            Retry.Delay(decision.Delay, clock.Token);
            clock.Token.ThrowIfCancellationRequested();
        }
        catch (Exception exception) when (clock.Translate(exception) is { } translated)
        {
            throw translated;
        }
    }

    private async Task<FlexInferenceApiError> ReadErrorAsync(ApiCall call, HttpResponseMessage response, ResponseMetadata metadata, CallClock clock)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ErrorResponseReader.MaxBodyBytes);
        try
        {
            clock.Start(FlexInferenceClock.Body, Settings.ErrorBodyTimeout);
            Stream body = new BoundedReadStream(await response.Content.ReadAsStreamAsync(clock.Token).ConfigureAwait(false), long.MaxValue);
            int length = await ReadUpToAsync(body, buffer.AsMemory(0, ErrorResponseReader.MaxBodyBytes), clock.Token).ConfigureAwait(false);
            return ReadError(call, response, buffer.AsSpan(0, length), metadata);
        }
        catch (Exception exception) when (exception is not FlexInferenceException && clock.Translate(exception) is { } translated)
        {
            throw translated;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private FlexInferenceApiError ReadError(ApiCall call, HttpResponseMessage response, ResponseMetadata metadata, CallClock clock)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ErrorResponseReader.MaxBodyBytes);
        try
        {
            clock.Start(FlexInferenceClock.Body, Settings.ErrorBodyTimeout);
            using Stream body = new BoundedReadStream(response.Content.ReadAsStream(clock.Token), long.MaxValue);
            int length = ReadUpTo(body, new ArraySegment<byte>(buffer, 0, ErrorResponseReader.MaxBodyBytes), clock.Token);
            return ReadError(call, response, buffer.AsSpan(0, length), metadata);
        }
        catch (Exception exception) when (exception is not FlexInferenceException && clock.Translate(exception) is { } translated)
        {
            throw translated;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private FlexInferenceApiError ReadError(ApiCall call, HttpResponseMessage response, ReadOnlySpan<byte> body, ResponseMetadata metadata)
    {
        int status = (int)response.StatusCode;
        FlexInferenceApiError error = ErrorResponseReader.Read(
            status, response.ReasonPhrase, body, body.Length == ErrorResponseReader.MaxBodyBytes, metadata, RetryHint.Read(response.Headers, Retry.UtcNow()));
        ErrorBodyRead(call, status, error.Body);
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

    /// <summary>Adds why the call was not retried, and how often it was sent, to the final error.</summary>
    private static FlexInferenceApiError WithNote(FlexInferenceApiError error, RetryDecision decision, int retries, int maxRetries) =>
        Note(decision, retries, maxRetries) is { } note ? error with { Message = error.Message + note } : error;

    private static Exception WithNote(Exception translated, RetryDecision decision, int retries, int maxRetries) =>
        translated is FlexInferenceConnectionException && Note(decision, retries, maxRetries) is { } note
            ? new FlexInferenceConnectionException(translated.Message + note, translated.InnerException)
            : translated;

    private static string? Note(RetryDecision decision, int retries, int maxRetries)
    {
        string? sent = retries > 0 ? $" Sent {retries + 1} times (MaxRetries = {maxRetries})." : null;
        return decision.Reason is { } reason ? $" Not retried: {reason}.{sent}" : sent;
    }

    private Stream Bounded(HttpResponseMessage response, Stream body)
    {
        if (response.Content.Headers.ContentLength > Settings.MaxResponseBytes)
        {
            body.Dispose();
            throw new ResponseTooLargeException(Settings.MaxResponseBytes);
        }

        return new BoundedReadStream(body, Settings.MaxResponseBytes);
    }

    private static FlexInferenceInvalidResponseException EmptyBody() =>
        new("FlexInference: the server answered 2xx with an empty or null body, where the endpoint returns an object. Check that the base URL points at the router.");

    /// <summary>Reads an error body up to the buffer's size. A body that cannot be decoded ends there: the status still tells what happened.</summary>
    private static async Task<int> ReadUpToAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int total = 0;
        try
        {
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.Slice(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }
        }
        catch (FlexInferenceInvalidResponseException)
        {
            // Undecodable (a Content-Encoding that does not match the bytes): keep what was read.
        }

        return total;
    }

    private static int ReadUpTo(Stream stream, ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        using CancellationTokenRegistration abort = cancellationToken.Register(static state => ((Stream)state!).Dispose(), stream);
        int total = 0;
        try
        {
            int read;
            while (total < buffer.Count && (read = stream.Read(buffer.Array!, buffer.Offset + total, buffer.Count - total)) > 0)
            {
                total += read;
            }
        }
        catch (FlexInferenceInvalidResponseException)
        {
            // Undecodable: keep what was read.
        }

        cancellationToken.ThrowIfCancellationRequested();
        return total;
    }

    private static HttpClient CreateHttpClient(ClientSettings settings) =>
        new(CreateHandler(settings.ConnectTimeout), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The SDK's own handler; also the primary handler of the <c>AddFlexInference</c> named client.</summary>
    internal static SocketsHttpHandler CreateHandler(TimeSpan connectTimeout) =>
        new()
        {
            ConnectTimeout = connectTimeout,
            AutomaticDecompression = DecompressionMethods.All, // MaxResponseBytes counts after this, so a bomb stops at the cap
            PooledConnectionLifetime = TimeSpan.FromMinutes(5), // picks up DNS changes
            AllowAutoRedirect = false, // the router never redirects; never carry the key elsewhere
            UseCookies = false,

            // A stream stopped early (break, dispose, a clock, cancellation) must let its connection go at once. By default
            // the handler first drains the rest of the body for up to ResponseDrainTimeout (2 s), which an event stream
            // never finishes: the slot stays taken and a blocked synchronous read is not released until the drain gives up.
            MaxResponseDrainSize = 0,
        };
}
