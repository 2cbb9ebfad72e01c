using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace FlexInference.Internal;

/// <summary>
/// Sends one request and reads its response under the call's clocks, in an async and a truly synchronous flavour
/// (the sync path uses <see cref="HttpClient.Send(HttpRequestMessage, HttpCompletionOption, CancellationToken)"/>,
/// never sync-over-async). Non-2xx answers become the typed exceptions of the error catalogue.
/// </summary>
internal sealed class FlexInferenceTransport : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
    private static readonly ProductInfoHeaderValue UserAgent = new("FlexInference.NET", typeof(FlexInferenceTransport).Assembly.GetName().Version?.ToString(3) ?? "0");

    private readonly HttpClient _http;
    private readonly bool _ownsHttpClient;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly string _baseUrl;
    private int _disposed;

    public FlexInferenceTransport(ClientSettings settings)
    {
        Settings = settings;
        _ownsHttpClient = settings.HttpClient is null;
        _http = settings.HttpClient ?? CreateHttpClient(settings);
        _authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
        _baseUrl = settings.BaseUrl.AbsoluteUri;
    }

    public ClientSettings Settings { get; }

    public async Task<T> SendAsync<T>(ApiCall call, IResponseReader<T> reader, CancellationToken cancellationToken)
        where T : class
    {
        ThrowIfDisposed();
        using var clock = new CallClock(Settings, _ownsHttpClient, _http.Timeout, cancellationToken);
        using HttpRequestMessage request = CreateRequest(call);
        long started = Stopwatch.GetTimestamp();
        clock.Start(FlexInferenceClock.FirstByte, FirstByteLimit(call));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, clock.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (clock.Translate(exception) is { } translated)
        {
            throw translated;
        }

        using (response)
        {
            var metadata = ResponseMetadata.From(response, Stopwatch.GetElapsedTime(started));
            try
            {
                if (!response.IsSuccessStatusCode)
                {
                    clock.Start(FlexInferenceClock.Body, Settings.ErrorBodyTimeout);
                    Stream errorBody = await response.Content.ReadAsStreamAsync(clock.Token).ConfigureAwait(false);
                    byte[] buffer = new byte[ErrorResponseReader.MaxBodyBytes];
                    int length = await ReadUpToAsync(errorBody, buffer, clock.Token).ConfigureAwait(false);
                    throw CreateApiException(response, buffer.AsSpan(0, length), length == buffer.Length, metadata);
                }

                clock.Start(FlexInferenceClock.Body, call.Options?.Timeout ?? Settings.Timeout);
                Stream body = await response.Content.ReadAsStreamAsync(clock.Token).ConfigureAwait(false);
                T result = await reader.ReadAsync(body, clock.Token).ConfigureAwait(false) ?? throw EmptyBody();
                ResponseMetadataStore.Attach(result, metadata);
                return result;
            }
            catch (Exception exception) when (exception is not FlexInferenceException && clock.Translate(exception) is { } translated)
            {
                throw translated;
            }
        }
    }

    public T Send<T>(ApiCall call, IResponseReader<T> reader, CancellationToken cancellationToken)
        where T : class
    {
        ThrowIfDisposed();
        using var clock = new CallClock(Settings, _ownsHttpClient, _http.Timeout, cancellationToken);
        using HttpRequestMessage request = CreateRequest(call);
        long started = Stopwatch.GetTimestamp();
        clock.Start(FlexInferenceClock.FirstByte, FirstByteLimit(call));
        HttpResponseMessage response;
        try
        {
            response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead, clock.Token);
        }
        catch (Exception exception) when (clock.Translate(exception) is { } translated)
        {
            throw translated;
        }

        using (response)
        {
            var metadata = ResponseMetadata.From(response, Stopwatch.GetElapsedTime(started));
            try
            {
                if (!response.IsSuccessStatusCode)
                {
                    clock.Start(FlexInferenceClock.Body, Settings.ErrorBodyTimeout);
                    using Stream errorBody = response.Content.ReadAsStream(clock.Token);
                    byte[] buffer = new byte[ErrorResponseReader.MaxBodyBytes];
                    int length = ReadUpTo(errorBody, buffer, clock.Token);
                    throw CreateApiException(response, buffer.AsSpan(0, length), length == buffer.Length, metadata);
                }

                clock.Start(FlexInferenceClock.Body, call.Options?.Timeout ?? Settings.Timeout);
                using Stream body = response.Content.ReadAsStream(clock.Token);
                using CancellationTokenRegistration abort = clock.Token.Register(static state => ((Stream)state!).Dispose(), body);
                T result = reader.Read(body) ?? throw EmptyBody();
                ResponseMetadataStore.Attach(result, metadata);
                return result;
            }
            catch (Exception exception) when (exception is not FlexInferenceException && clock.Translate(exception) is { } translated)
            {
                throw translated;
            }
        }
    }

    /// <summary>
    /// Sends a streaming request and returns once the headers arrived (after the flex race), with the body wrapped in
    /// the frame guard and the idle clock. The caller owns the returned response.
    /// </summary>
    public async Task<StreamingResponse> SendStreamingAsync(ApiCall call, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var clock = new CallClock(Settings, _ownsHttpClient, _http.Timeout, cancellationToken);
        HttpResponseMessage? response = null;
        try
        {
            using HttpRequestMessage request = CreateRequest(call);
            long started = Stopwatch.GetTimestamp();
            clock.Start(FlexInferenceClock.FirstByte, FirstByteLimit(call));
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, clock.Token).ConfigureAwait(false);
            var metadata = ResponseMetadata.From(response, Stopwatch.GetElapsedTime(started));
            if (!response.IsSuccessStatusCode)
            {
                clock.Start(FlexInferenceClock.Body, Settings.ErrorBodyTimeout);
                Stream errorBody = await response.Content.ReadAsStreamAsync(clock.Token).ConfigureAwait(false);
                byte[] buffer = new byte[ErrorResponseReader.MaxBodyBytes];
                int length = await ReadUpToAsync(errorBody, buffer, clock.Token).ConfigureAwait(false);
                throw CreateApiException(response, buffer.AsSpan(0, length), length == buffer.Length, metadata);
            }

            Stream body = await response.Content.ReadAsStreamAsync(clock.Token).ConfigureAwait(false);
            return Open(call, response, body, clock, metadata);
        }
        catch (Exception exception)
        {
            response?.Dispose();
            Exception? translated = exception is FlexInferenceException ? null : clock.Translate(exception);
            clock.Dispose();
            if (translated is not null)
            {
                throw translated;
            }

            throw;
        }
    }

    /// <summary>The synchronous twin of <see cref="SendStreamingAsync"/>.</summary>
    public StreamingResponse SendStreaming(ApiCall call, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var clock = new CallClock(Settings, _ownsHttpClient, _http.Timeout, cancellationToken);
        HttpResponseMessage? response = null;
        try
        {
            using HttpRequestMessage request = CreateRequest(call);
            long started = Stopwatch.GetTimestamp();
            clock.Start(FlexInferenceClock.FirstByte, FirstByteLimit(call));
            response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead, clock.Token);
            var metadata = ResponseMetadata.From(response, Stopwatch.GetElapsedTime(started));
            if (!response.IsSuccessStatusCode)
            {
                clock.Start(FlexInferenceClock.Body, Settings.ErrorBodyTimeout);
                using Stream errorBody = response.Content.ReadAsStream(clock.Token);
                byte[] buffer = new byte[ErrorResponseReader.MaxBodyBytes];
                int length = ReadUpTo(errorBody, buffer, clock.Token);
                throw CreateApiException(response, buffer.AsSpan(0, length), length == buffer.Length, metadata);
            }

            return Open(call, response, response.Content.ReadAsStream(clock.Token), clock, metadata);
        }
        catch (Exception exception)
        {
            response?.Dispose();
            Exception? translated = exception is FlexInferenceException ? null : clock.Translate(exception);
            clock.Dispose();
            if (translated is not null)
            {
                throw translated;
            }

            throw;
        }
    }

    private StreamingResponse Open(ApiCall call, HttpResponseMessage response, Stream body, CallClock clock, ResponseMetadata metadata)
    {
        // The idle clock runs only while the SDK waits for bytes; it restarts on every byte and pauses while the
        // caller's loop body runs.
        clock.Pause();
        TimeSpan idle = call.Options?.IdleTimeout ?? Settings.IdleTimeout;
        var guarded = new SseFrameGuardStream(body, Settings.MaxStreamFrameBytes, () => clock.Start(FlexInferenceClock.Idle, idle));
        return new StreamingResponse(response, guarded, clock, metadata, idle, call.Surface);
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

    public HttpRequestMessage CreateRequest(ApiCall call)
    {
        var request = new HttpRequestMessage(call.Method, _baseUrl + call.Path);
        request.Headers.Authorization = _authorization;
        request.Headers.Accept.ParseAdd("text/event-stream, application/json");
        request.Headers.UserAgent.Add(UserAgent);
        if (call.Body is not null)
        {
            request.Content = new ByteArrayContent(call.Body);
            request.Content.Headers.ContentType = JsonContentType;
        }

        return request;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _ownsHttpClient)
        {
            _http.Dispose();
        }
    }

    private static FlexInferenceApiException CreateApiException(HttpResponseMessage response, ReadOnlySpan<byte> body, bool truncated, ResponseMetadata metadata)
    {
        FlexInferenceApiError error = ErrorResponseReader.Read(
            (int)response.StatusCode, response.ReasonPhrase, body, truncated, metadata, ResponseMetadata.ReadRetryAfter(response.Headers));
        return FlexInferenceErrorCatalog.CreateException(error);
    }

    private static FlexInferenceInvalidResponseException EmptyBody() =>
        new("FlexInference: the server answered 2xx with an empty or null body, where the endpoint returns an object. Check that the base URL points at the router.");

    private static async Task<int> ReadUpToAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        int total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return total;
    }

    private static int ReadUpTo(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        using CancellationTokenRegistration abort = cancellationToken.Register(static state => ((Stream)state!).Dispose(), stream);
        int total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return total;
    }

    private static HttpClient CreateHttpClient(ClientSettings settings)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = settings.ConnectTimeout,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5), // picks up DNS changes
            AllowAutoRedirect = false, // the router never redirects; never carry the key elsewhere
            UseCookies = false,

            // A stream stopped early (break, dispose, a clock, cancellation) must let its connection go at once. By default
            // the handler first drains the rest of the body for up to ResponseDrainTimeout (2 s), which an event stream
            // never finishes: the slot stays taken and a blocked synchronous read is not released until the drain gives up.
            MaxResponseDrainSize = 0,
        };
        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(FlexInferenceClient));
        }
    }
}
