using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Runtime.CompilerServices;
using FlexInference.Pipeline;
using FlexInference.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace FlexInference.Tests.Reliability;

/// <summary>Requests, servers and seams shared by the reliability tests.</summary>
internal static class ReliabilityKit
{
    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public static CreateResponse Request => new() { Model = "gpt-5.5", Input = "Is the Musée d'Orsay open today?", StartWithin = StartWithin.Default };

    public static byte[] ResponseBody => Encoding.UTF8.GetBytes(Fixtures.Read("responses.response.json"));

    // The delay recorder of each client made here; RecordDelays switches it from real waits to recording.
    private static readonly ConditionalWeakTable<FlexInferenceClient, DelayRecorder> Recorders = new();

    /// <summary>A client for <paramref name="baseUrl"/>; retries stay at their defaults unless <paramref name="configure"/> changes them.</summary>
    public static FlexInferenceClient Client(Uri baseUrl, Action<FlexInferenceClientOptions>? configure = null, string apiKey = MockRouter.ApiKey)
    {
        var options = new FlexInferenceClientOptions { BaseUrl = baseUrl, ApiKey = apiKey };
        configure?.Invoke(options);
        return Client(options);
    }

    /// <summary>A client from <paramref name="options"/>, built with a retry policy whose waits <see cref="RecordDelays"/> can record.</summary>
    public static FlexInferenceClient Client(FlexInferenceClientOptions options)
    {
        var recorder = new DelayRecorder(options);
        var client = new FlexInferenceClient(options, recorder.Policy);
        Recorders.Add(client, recorder);
        return client;
    }

    /// <summary>
    /// Makes the client's backoff waits a recorder that does not sleep (but still honours cancellation), so a test checks
    /// the exact delays asked for in no time. The client must come from <see cref="Client(FlexInferenceClientOptions)"/>:
    /// the SDK takes its retry policy at construction, never later.
    /// </summary>
    public static ConcurrentQueue<TimeSpan> RecordDelays(FlexInferenceClient client) =>
        Recorders.TryGetValue(client, out DelayRecorder? recorder)
            ? recorder.Start()
            : throw new InvalidOperationException("RecordDelays needs a client made by ReliabilityKit.Client.");

    /// <summary>A retry policy that sleeps for real until <see cref="Start"/>, then records every wait instead.</summary>
    private sealed class DelayRecorder
    {
        private volatile ConcurrentQueue<TimeSpan>? _delays;

        public DelayRecorder(FlexInferenceClientOptions options)
        {
            var real = new RetryPolicy(options.InitialRetryDelay, options.MaxRetryDelay, options.MaxRetryAfter);
            Policy = new RetryPolicy(options.InitialRetryDelay, options.MaxRetryDelay, options.MaxRetryAfter)
            {
                DelayAsync = (delay, token) =>
                {
                    if (_delays is not { } delays)
                    {
                        return real.DelayAsync(delay, token);
                    }

                    delays.Enqueue(delay);
                    token.ThrowIfCancellationRequested();
                    return Task.CompletedTask;
                },
                Delay = (delay, token) =>
                {
                    if (_delays is not { } delays)
                    {
                        real.Delay(delay, token);
                        return;
                    }

                    delays.Enqueue(delay);
                    token.ThrowIfCancellationRequested();
                },
            };
        }

        public RetryPolicy Policy { get; }

        public ConcurrentQueue<TimeSpan> Start() => _delays ??= new ConcurrentQueue<TimeSpan>();
    }

    /// <summary>Calls Responses.Create (sync) or CreateAsync, so each test runs against both APIs.</summary>
    public static async Task<Response> CallAsync(FlexInferenceClient client, bool sync, RequestOptions? options = null, CancellationToken? token = null)
    {
        CancellationToken cancellation = token ?? Token;
        return sync
            ? await Task.Run(() => client.Responses.Create(Request, options, cancellation), Token)
            : await client.Responses.CreateAsync(Request, options, cancellation);
    }

    /// <summary>Runs <paramref name="call"/> and returns what it threw (failing if it did not throw).</summary>
    public static async Task<T> Throws<T>(Func<Task> call)
        where T : Exception
    {
        try
        {
            await call();
        }
        catch (Exception exception)
        {
            return Assert.IsAssignableFrom<T>(exception);
        }

        Assert.Fail($"Expected {typeof(T).Name}, but the call succeeded.");
        throw new InvalidOperationException();
    }

    /// <summary>A full HTTP/1.1 response with <c>Connection: close</c>.</summary>
    public static byte[] HttpResponse(int status, string body = "", string headers = "", string contentType = "application/json")
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        string head = $"HTTP/1.1 {status} {Reason(status)}\r\nContent-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n{headers}\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. bytes];
    }

    public static string Reason(int status) => status switch
    {
        200 => "OK", 302 => "Found", 400 => "Bad Request", 401 => "Unauthorized", 403 => "Forbidden", 404 => "Not Found", 408 => "Request Timeout",
        409 => "Conflict", 422 => "Unprocessable Content", 429 => "Too Many Requests", 500 => "Internal Server Error", 502 => "Bad Gateway",
        503 => "Service Unavailable", 504 => "Gateway Timeout", _ => "Status",
    };

    /// <summary>An error body in the OpenAI envelope with the router's block.</summary>
    public static string ErrorBody(int status, string code = "some_code", bool? retryable = null)
    {
        string flag = retryable is { } value ? $",\"retryable\":{(value ? "true" : "false")}" : string.Empty;
        return "{\"error\":{\"message\":\"scripted " + status + "\",\"type\":\"some_type\",\"code\":\"" + code +
            "\",\"flexinference\":{\"code\":\"" + code + "\",\"status\":" + status + flag + "}}}";
    }
}

/// <summary>One request as the server read it: the head's lines and the body's exact bytes.</summary>
internal sealed record RecordedRequest(string RequestLine, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;
}

/// <summary>
/// A loopback HTTP/1.1 server that records every request exactly and answers each with what a script decides from its
/// index (0 for the first request): bytes, a stall, or a reset connection.
/// </summary>
internal sealed class RecordingServer : IAsyncDisposable
{
    private readonly RawHttpServer _server;
    private int _count;
    private int _connections;

    /// <param name="script">Answers request <c>index</c> on <c>stream</c>.</param>
    /// <param name="keepAlive">Serve further requests on the same connection (the script must answer without <c>Connection: close</c>).</param>
    public RecordingServer(Func<int, RecordedRequest, NetworkStream, CancellationToken, Task> script, bool keepAlive = false)
    {
        _server = new RawHttpServer(async (stream, token) =>
        {
            Interlocked.Increment(ref _connections);
            do
            {
                RecordedRequest? request = await ReadAsync(stream, token);
                if (request is null)
                {
                    return;
                }

                int index = Interlocked.Increment(ref _count) - 1;
                Requests.Enqueue(request);
                await script(index, request, stream, token);
            }
            while (keepAlive);
        });
    }

    /// <summary>How many connections the client opened.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Answers request <c>i</c> with <c>responses[min(i, last)]</c>.</summary>
    public static RecordingServer Answering(params byte[][] responses) => new(async (index, _, stream, token) =>
        await stream.WriteAsync(responses[Math.Min(index, responses.Length - 1)], token));

    public Uri BaseUrl => _server.BaseUrl;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int Count => Volatile.Read(ref _count);

    /// <summary>Closes the connection with a TCP reset (RST), before any response byte.</summary>
    public static void Reset(NetworkStream stream)
    {
        stream.Socket.LingerState = new LingerOption(true, 0);
        stream.Socket.Close();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static async Task<RecordedRequest?> ReadAsync(NetworkStream stream, CancellationToken token)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || head[^1] != '\n' || head[^2] != '\r' || head[^3] != '\n' || head[^4] != '\r')
        {
            if (await stream.ReadAsync(one, token) == 0)
            {
                return null;
            }

            head.Add(one[0]);
        }

        string[] lines = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        byte[] body = new byte[headers.TryGetValue("Content-Length", out string? length) ? int.Parse(length, System.Globalization.CultureInfo.InvariantCulture) : 0];
        await stream.ReadExactlyAsync(body, token);
        return new RecordedRequest(lines[0], headers, body);
    }
}

/// <summary>An <see cref="ILoggerFactory"/> that keeps every log line (formatted message, exception and state) in memory.</summary>
internal sealed class MemoryLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<LogLine> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new MemoryLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    /// <summary>Everything a log sink could print: category, id, message, every state value and the exception text.</summary>
    public string AllText() => string.Join("\n", Lines.Select(line => line.ToString()));

    private sealed class MemoryLogger(MemoryLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToDictionary(p => p.Key, p => p.Value) : [];
            owner.Lines.Enqueue(new LogLine(category, logLevel, eventId, formatter(state, exception), values, exception));
        }
    }
}

internal sealed record LogLine(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Values, Exception? Exception)
{
    public override string ToString() =>
        $"{Category} {Level} {EventId.Id}/{EventId.Name}: {Message} | {string.Join(", ", Values.Select(v => $"{v.Key}={v.Value}"))} | {Exception}";
}
