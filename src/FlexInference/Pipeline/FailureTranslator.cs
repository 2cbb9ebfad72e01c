using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text.Json;

namespace FlexInference.Pipeline;

/// <summary>
/// Turns a failure into the SDK's documented exception, from what the call's clock knows: the caller's cancellation
/// (passed through), the client's disposal (<see cref="ObjectDisposedException"/>), one of our clocks (a typed timeout
/// that names the option to raise), a connection failure, an unreadable body.
/// </summary>
internal sealed class FailureTranslator
{
    private readonly ClientSettings _settings;
    private readonly bool _ownsHttpClient;

    public FailureTranslator(ClientSettings settings, bool ownsHttpClient)
    {
        _settings = settings;
        _ownsHttpClient = ownsHttpClient;
    }

    /// <summary>The documented exception for <paramref name="exception"/>, or null to let it propagate unchanged.</summary>
    /// <param name="exception">What was thrown.</param>
    /// <param name="clock">The call's clock.</param>
    /// <param name="httpClientTimeout">The timeout of the HttpClient the call went through.</param>
    public Exception? Translate(Exception exception, CallClock clock, TimeSpan httpClientTimeout)
    {
        if (exception is FlexInferenceException)
        {
            return null;
        }

        System.Threading.CancellationToken caller = clock.Caller.IsCancellationRequested ? clock.Caller : clock.EnumerationCaller;
        if (caller.IsCancellationRequested)
        {
            return exception is OperationCanceledException canceled && canceled.CancellationToken == caller
                ? null
                : new OperationCanceledException("The call was canceled by the caller.", exception, caller);
        }

        if (clock.Lifetime.IsCancellationRequested)
        {
            return new ObjectDisposedException(
                "FlexInference: the client was disposed while this call was running, so the call was stopped. Dispose the client only after its calls and streams end.",
                exception);
        }

        if (clock.Fired)
        {
            // Our clock fired. The sync path aborts a blocking read by disposing the stream, so the exception may be
            // an ObjectDisposedException or IOException rather than a cancellation.
            return Timeout(clock.Current, clock.Limit, exception);
        }

        if (exception is OperationCanceledException { InnerException: TimeoutException })
        {
            // HttpClient reports both its own Timeout and a handler's ConnectTimeout this way.
            return _ownsHttpClient
                ? Timeout(FlexInferenceClock.Connect, _settings.ConnectTimeout, exception)
                : Timeout(FlexInferenceClock.HttpClient, httpClientTimeout, exception);
        }

        return exception switch
        {
            HttpRequestException or IOException => new FlexInferenceConnectionException(
                $"FlexInference: the connection to {_settings.BaseUrl.Host} failed ({exception.Message}). Check the network and the base URL; the request may be retried.",
                exception),
            JsonException => new FlexInferenceInvalidResponseException(
                $"FlexInference: the response body is not valid JSON for this endpoint ({exception.Message}). Check that the base URL points at the router.",
                exception),
            _ => null,
        };
    }

    /// <summary>
    /// The decoders under a body throw <see cref="InvalidDataException"/> or <see cref="InvalidOperationException"/> for
    /// bytes that do not match the Content-Encoding. A disposed body (how a clock aborts a synchronous read) is an
    /// <see cref="ObjectDisposedException"/>, also an InvalidOperationException: that one belongs to the clock.
    /// </summary>
    public static bool IsUndecodable(Exception exception) =>
        exception is InvalidDataException || (exception is InvalidOperationException && exception is not ObjectDisposedException);

    public static FlexInferenceInvalidResponseException Undecodable(Exception exception) => new(
        $"FlexInference: the response body could not be decoded ({exception.Message}): its Content-Encoding does not match its bytes. " +
        "Check that the base URL points at the router, and for a proxy that rewrites responses.",
        exception);

    private FlexInferenceTimeoutException Timeout(FlexInferenceClock clock, TimeSpan limit, Exception inner)
    {
        string ms = limit.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
        string message = clock switch
        {
            FlexInferenceClock.Connect =>
                $"FlexInference: no connection to {_settings.BaseUrl.Host} within {ms} ms (connect clock). Check the network path, or raise ConnectTimeout.",
            FlexInferenceClock.FirstByte =>
                $"FlexInference: no response headers within {ms} ms (first-byte clock). The router sends nothing until a flex race is decided, and a large " +
                "context can take long to start; raise FirstByteTimeout (client options or RequestOptions) if that is expected.",
            FlexInferenceClock.Body =>
                $"FlexInference: the response body did not arrive within {ms} ms (body clock). Raise Timeout, or stream the request to receive tokens as they are made.",
            FlexInferenceClock.Idle =>
                $"FlexInference: the stream was silent for more than {ms} ms (idle clock). Raise IdleTimeout if the model pauses that long.",
            FlexInferenceClock.Total =>
                $"FlexInference: the call did not finish within its total budget of {ms} ms (total clock: every attempt, every backoff wait and the whole stream). " +
                "Raise TotalTimeout (client options or RequestOptions) if the call may take longer.",
            _ =>
                $"FlexInference: the HttpClient you supplied timed out after {ms} ms (its HttpClient.Timeout). Set its Timeout to Timeout.InfiniteTimeSpan " +
                "and let FlexInference's clocks (FirstByteTimeout, Timeout, IdleTimeout) bound the call.",
        };
        return new FlexInferenceTimeoutException(clock, limit, message, inner);
    }
}
