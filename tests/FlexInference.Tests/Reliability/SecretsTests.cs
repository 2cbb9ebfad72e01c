using System.Collections;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using FlexInference.Tests.Infrastructure;
using FlexInference.Tests.Streaming;
using static FlexInference.Tests.Reliability.ReliabilityKit;

namespace FlexInference.Tests.Reliability;

/// <summary>
/// With the key set to a canary, every failure path is forced (local validation, each error status, each clock,
/// connection refused, TLS, garbage, oversize, deep JSON, stream failures, disposal, bad configuration), and every text
/// a program could print is searched: exception messages, <c>ToString()</c> with inner exceptions, <c>Data</c>, error
/// bodies and records, the client's and options' <c>ToString()</c>, their debugger displays, serialised options, and
/// every log line at Trace, with and without body logging. The canary must never appear.
/// </summary>
public sealed class SecretsTests
{
    private static readonly string Canary = "flex_live_CANARY" + Guid.NewGuid().ToString("N");

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task The_key_never_appears_in_any_exception_display_serialisation_or_log_line(bool sync, bool logBodies)
    {
        var logs = new MemoryLoggerFactory();
        var texts = new List<(string Where, string Text)>();
        var failures = new List<Exception>();

        FlexInferenceClient Make(Uri baseUrl, Action<FlexInferenceClientOptions>? configure = null)
        {
            var options = new FlexInferenceClientOptions { BaseUrl = baseUrl, ApiKey = Canary, LoggerFactory = logs, LogBodies = logBodies, MaxRetries = 1 };
            configure?.Invoke(options);
            var client = Client(options);
            RecordDelays(client);
            texts.Add(("client.ToString", client.ToString()));
            texts.Add(("client debugger display", DebuggerDisplay(client)));
            texts.Add(("options.ToString", options.ToString()));
            texts.Add(("options debugger display", DebuggerDisplay(options)));
            texts.Add(("options JSON", JsonSerializer.Serialize(options, new JsonSerializerOptions { TypeInfoResolver = new DefaultJsonTypeInfoResolver() })));
            return client;
        }

        async Task Fail(string name, Func<Task> call)
        {
            try
            {
                await call();
            }
            catch (Exception exception)
            {
                failures.Add(exception);
                texts.Add((name, Describe(exception)));
                return;
            }

            Assert.Fail($"{name}: expected a failure");
        }

        Task Call(FlexInferenceClient client, RequestOptions? options = null) => CallAsync(client, sync, options);

        Task Stream(FlexInferenceClient client) => Task.Run(async () =>
        {
            if (sync)
            {
                using ResponseStream stream = client.Responses.CreateStreaming(Request, cancellationToken: Token);
                foreach (ResponseStreamEvent _ in stream)
                {
                }
            }
            else
            {
                await using ResponseStream stream = await client.Responses.CreateStreamingAsync(Request, cancellationToken: Token);
                await foreach (ResponseStreamEvent _ in stream)
                {
                }
            }
        }, Token);

        // Refused locally, before anything is sent.
        using (FlexInferenceClient local = Make(new Uri("http://127.0.0.1:9/v1")))
        {
            await Fail("validation", () => sync
                ? Task.Run(() => local.Responses.Create(new CreateResponse { Model = "gpt-5.5", Input = "x" }, cancellationToken: Token))
                : local.Responses.CreateAsync(new CreateResponse { Model = "gpt-5.5", Input = "x" }, cancellationToken: Token));
            await Fail("bad request options", () => Call(local, new RequestOptions { MaxRetries = -1 }));
        }

        await Fail("bad key", () => Task.FromResult(new FlexInferenceClient(Canary + "\r\nX: y", new FlexInferenceClientOptions { BaseUrl = new Uri("http://127.0.0.1:9/v1") })));
        await Fail("bad url", () => Task.FromResult(new FlexInferenceClient(Canary, new FlexInferenceClientOptions { BaseUrl = new Uri("http://example.com/v1") })));

        // Every error status, with bodies in the three envelopes and hints.
        foreach ((int status, string body, string headers) in new[]
        {
            (400, ErrorBody(400, "missing_start_within"), ""),
            (401, """{"error":{"message":"invalid key","type":"authentication_error","code":"invalid_api_key"}}""", ""),
            (402, """{"type":"error","error":{"type":"billing_error","message":"top up","flexinference":{"code":"insufficient_balance","class":"billing","status":402}}}""", ""),
            (403, """{"error":{"code":403,"message":"denied","status":"PERMISSION_DENIED"}}""", ""),
            (429, ErrorBody(429, "rate_limit_exceeded"), "Retry-After: 121\r\n"),
            (429, ErrorBody(429, "rate_limit_exceeded", retryable: false), "retry-after-ms: 5\r\n"),
            (500, "<html>edge proxy</html>", ""),
            (503, ErrorBody(503), "x-should-retry: false\r\n"),
            (302, "", "Location: http://127.0.0.1:1/elsewhere\r\n"),

            // A server that repeats the caller's key (as providers do: "Incorrect API key provided: ..."), in every field.
            (401, EchoedKey("openai"), ""),
            (401, EchoedKey("anthropic"), ""),
            (401, EchoedKey("google"), ""),
            (502, "bad gateway for key " + Canary, ""),
        })
        {
            await using var server = RecordingServer.Answering(HttpResponse(status, body, headers));
            using FlexInferenceClient client = Make(server.BaseUrl);
            await Fail($"HTTP {status}", () => Call(client));
            await Fail($"HTTP {status} stream", () => Stream(client));
            Assert.All(server.Requests, r => Assert.Equal("Bearer " + Canary, r.Header("Authorization")));
        }

        // Each clock.
        await using (var stall = new RecordingServer(async (_, _, _, token) => await Task.Delay(Timeout.Infinite, token)))
        {
            using FlexInferenceClient firstByte = Make(stall.BaseUrl, o => o.FirstByteTimeout = TimeSpan.FromMilliseconds(150));
            using FlexInferenceClient total = Make(stall.BaseUrl, o => o.TotalTimeout = TimeSpan.FromMilliseconds(150));
            using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(150) };
            using FlexInferenceClient supplied = Make(stall.BaseUrl, o => o.HttpClient = http);
            await Fail("first-byte clock", () => Call(firstByte));
            await Fail("total clock", () => Call(total));
            await Fail("HttpClient clock", () => Call(supplied));
            FlexInferenceClient disposed = Make(stall.BaseUrl);
            Task pending = Call(disposed);
            await Task.Delay(100, Token);
            disposed.Dispose();
            await Fail("disposed during a call", () => pending);
            using var caller = new CancellationTokenSource(100);
            using FlexInferenceClient canceled = Make(stall.BaseUrl);
            await Fail("caller cancellation", () => CallAsync(canceled, sync, token: caller.Token));
        }

        await using (BlackHole hole = await BlackHole.CreateAsync())
        {
            using FlexInferenceClient connect = Make(hole.BaseUrl, o => o.ConnectTimeout = TimeSpan.FromMilliseconds(150));
            await Fail("connect clock", () => Call(connect));
        }

        await using (var slowBody = new RecordingServer(async (_, _, stream, token) =>
        {
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"id\":"u8.ToArray(), token);
            await Task.Delay(Timeout.Infinite, token);
        }))
        {
            using FlexInferenceClient body = Make(slowBody.BaseUrl, o => o.Timeout = TimeSpan.FromMilliseconds(150));
            await Fail("body clock", () => Call(body));
        }

        await using (var idle = new SseServer(async exchange =>
        {
            await exchange.HeadersAsync();
            await exchange.SendAsync(StreamKit.FixtureText("responses.sse").Split("\n\n")[0] + "\n\n");
            await exchange.HoldOpenAsync();
        }))
        {
            using FlexInferenceClient client = Make(idle.BaseUrl, o => o.IdleTimeout = TimeSpan.FromMilliseconds(150));
            await Fail("idle clock", () => Stream(client));
        }

        // Nobody listening, and a certificate nobody trusts.
        int closedPort = ClosedPort();
        using (FlexInferenceClient refused = Make(new Uri($"http://127.0.0.1:{closedPort}/v1")))
        {
            await Fail("connection refused", () => Call(refused));
        }

        using (var certificate = TransportSafetyTests.LoopbackCertificate())
        await using (var tls = new TlsServer(certificate, HttpResponse(200, Fixtures.Read("responses.response.json"))))
        {
            using FlexInferenceClient client = Make(tls.BaseUrl);
            await Fail("untrusted certificate", () => Call(client));
        }

        // Garbage, oversize and deep answers, and streams that fail.
        string deep = string.Concat(Enumerable.Repeat("[", 5000)) + string.Concat(Enumerable.Repeat("]", 5000));
        foreach ((string name, byte[] response) in new[]
        {
            ("not json", HttpResponse(200, "not json")),
            ("garbage status", Encoding.ASCII.GetBytes("HELLO\r\n\r\n")),
            ("oversize", HttpResponse(200, "{\"id\":\"" + new string('a', 3000) + "\"}")),
            ("deep", HttpResponse(200, deep)),
            ("stream failure frame", HttpResponse(200, StreamKit.FixtureText("responses.failed.sse"), contentType: "text/event-stream")),
            ("stream failure frame echoing the key", HttpResponse(200,
                $$$"""data: {"type":"error","code":"{{{Canary}}}","message":"Incorrect API key provided: {{{Canary}}}","param":"{{{Canary}}}","flexinference":{"code":"{{{Canary}}}","provider_code":"{{{Canary}}}","status":401}}""" + "\n\n",
                contentType: "text/event-stream")),
            ("stream cut", HttpResponse(200, StreamKit.FixtureText("responses.sse")[..600], contentType: "text/event-stream")),
            ("stream frame too large", HttpResponse(200, "data: " + new string('a', 5000), contentType: "text/event-stream")),
        })
        {
            await using var server = RecordingServer.Answering(response);
            using FlexInferenceClient client = Make(server.BaseUrl, o =>
            {
                o.MaxResponseBytes = 2048;
                o.MaxStreamFrameBytes = 4096;
            });
            await Fail(name, () => name.StartsWith("stream", StringComparison.Ordinal) ? Stream(client) : Call(client));
        }

        // A sample of fuzz answers.
        var random = new Random(7);
        for (int i = 0; i < 30; i++)
        {
            byte[] bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            byte[] answer = i % 2 == 0 ? [.. "HTTP/1.1 200 OK\r\n"u8, .. bytes] : bytes;
            await using var server = new RecordingServer(async (_, _, stream, token) =>
            {
                await stream.WriteAsync(answer, token);
                stream.Socket.Shutdown(SocketShutdown.Send);
            });
            using FlexInferenceClient client = Make(server.BaseUrl, o => o.FirstByteTimeout = o.Timeout = o.IdleTimeout = TimeSpan.FromMilliseconds(300));
            try
            {
                await (i % 3 == 0 ? Stream(client) : Call(client));
            }
            catch (Exception exception)
            {
                texts.Add(($"fuzz {i}", Describe(exception)));
            }
        }

        // Every line the logger received, with its structured values and exception.
        texts.Add(("logs", logs.AllText()));

        Assert.True(failures.Count >= 48, $"only {failures.Count} failure paths ran");
        Assert.Contains(failures, f => f is FlexInferenceTimeoutException { Clock: FlexInferenceClock.Connect });
        Assert.Contains(failures, f => f is FlexInferenceTimeoutException { Clock: FlexInferenceClock.Idle });
        Assert.Contains(failures, f => f is FlexInferenceTimeoutException { Clock: FlexInferenceClock.Total });
        Assert.Contains(failures, f => f is StreamEndedEarlyException);
        Assert.Contains(failures, f => f is ResponseTooLargeException);
        Assert.NotEmpty(logs.Lines);
        if (logBodies)
        {
            Assert.Contains(logs.Lines, line => line.EventId.Id == 10); // the request body was logged: the key is not in it
        }

        foreach ((string where, string text) in texts)
        {
            Assert.False(text.Contains(Canary, StringComparison.Ordinal) || text.Contains("CANARY", StringComparison.Ordinal), $"the key appears in {where}: {text}");
        }
    }

    /// <summary>An error body in one of the three envelopes that repeats the key in every field it has.</summary>
    private static string EchoedKey(string envelope)
    {
        string block = $$$"""{"code":"{{{Canary}}}","class":"auth","origin":"provider","provider":"{{{Canary}}}","provider_code":"{{{Canary}}}","doc_url":"https://docs/{{{Canary}}}","status":401}""";
        return envelope switch
        {
            "anthropic" => $$$"""{"type":"error","error":{"type":"{{{Canary}}}","message":"Incorrect API key provided: {{{Canary}}}","flexinference":{{{block}}}}}""",
            "google" => $$$"""{"error":{"code":401,"message":"API key not valid: {{{Canary}}}","status":"{{{Canary}}}","flexinference":{{{block}}}}}""",
            _ => $$$"""{"error":{"message":"Incorrect API key provided: {{{Canary}}}","type":"{{{Canary}}}","code":"{{{Canary}}}","param":"{{{Canary}}}","doc_url":"https://docs/{{{Canary}}}","flexinference":{{{block}}}}}""",
        };
    }

    /// <summary>Every text an exception carries: its ToString (inner exceptions and stack included), Data, and the API error's fields.</summary>
    private static string Describe(Exception exception)
    {
        var text = new StringBuilder().AppendLine(exception.ToString());
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            text.AppendLine(current.Message);
            foreach (DictionaryEntry entry in current.Data)
            {
                text.AppendLine($"{entry.Key}={entry.Value}");
            }

            switch (current)
            {
                case FlexInferenceApiException api:
                    text.AppendLine(api.Error.ToString()).AppendLine(api.Body);
                    break;
                case StreamEndedEarlyException early:
                    text.AppendLine(early.TextSoFar);
                    break;
                case AggregateException aggregate:
                    aggregate.InnerExceptions.ToList().ForEach(inner => text.AppendLine(Describe(inner)));
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>Evaluates a type's [DebuggerDisplay] the way a debugger would for simple member references.</summary>
    private static string DebuggerDisplay(object value)
    {
        DebuggerDisplayAttribute attribute = value.GetType().GetCustomAttribute<DebuggerDisplayAttribute>()!;
        return System.Text.RegularExpressions.Regex.Replace(attribute.Value, @"\{([^}]+)\}", match =>
        {
            string member = match.Groups[1].Value.Split(',')[0].Trim();
            object? result = member.EndsWith("()", StringComparison.Ordinal)
                ? value.GetType().GetMethod(member[..^2], Type.EmptyTypes)!.Invoke(value, null)
                : value.GetType().GetProperty(member)?.GetValue(value) ?? value.GetType().GetField(member, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)?.GetValue(value);
            return result?.ToString() ?? string.Empty;
        });
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
