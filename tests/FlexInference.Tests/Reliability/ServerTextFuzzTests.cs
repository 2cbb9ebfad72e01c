using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CsCheck;
using FlexInference.Tests.Observability;
using static FlexInference.Tests.Reliability.ReliabilityKit;

namespace FlexInference.Tests.Reliability;

/// <summary>
/// Hostile server text (issues 18 and 19): unpaired surrogate escapes, invalid escapes, bytes that are not UTF-8, a
/// duplicate key, and the caller's own key, put into every server-text field of every error envelope, every answer and
/// every stream frame (text deltas, usage frames, failure frames) of the four surfaces. Each case runs typed, raw and
/// caller-typed, calls and streams with their final-object helpers, sync and async, with and without a logger at Trace
/// and a span listener. Only success or a documented FlexInference exception may come out, of the call and of
/// <c>OutputText()</c>/<c>GetRouting()</c> on what it returned; observers never change the outcome; the key never shows.
/// </summary>
[Collection(nameof(TelemetryCollection))] // an activity listener is process-wide
public sealed class ServerTextFuzzTests
{
    private const string Key = "flex_live_FUZZKEY0123456789abcdef0123456789";

    // What goes into a JSON string literal (between its quotes) at one place.
    private static readonly string[] Fragments =
    [
        "\\udc00", "\\ud800", "\\ud83d\\u0041", "x\\udfff", "\\u12", "\\x41", "\\", "\\u0000", "it's é 😀", "plain", Key, "\u00ff\u00fe", "\"",
    ];

    private static readonly string[] Errors =
    [
        """{"error":{"message":"M@","type":"T@","code":"C@","param":"P@","doc_url":"D@","flexinference":{"code":"B@","class":"K@","origin":"O@","provider":"V@","provider_code":"Q@","doc_url":"U@","status":429}}}""",
        """{"type":"error","error":{"type":"T@","message":"M@","flexinference":{"code":"B@","class":"K@","provider":"V@","provider_code":"Q@","status":402}}}""",
        """{"error":{"code":503,"message":"M@","status":"S@","flexinference":{"code":"B@","provider_code":"Q@","retryable":false}}}""",
        """{"error":"E@"}""",
    ];

    // The four surfaces, in the order of Surface: Responses, ChatCompletions, Interactions, Messages.
    private static readonly string[] Answers =
    [
        """{"id":"I@","object":"response","model":"M@","service_tier":"T@","output":[{"type":"message","id":"m","role":"assistant","status":"completed","content":[{"type":"output_text","text":"X@","annotations":[]}]}],"usage":{"input_tokens":1,"output_tokens":2,"routing":{"provider":"P@","reason":"R@"}}}""",
        """{"id":"I@","object":"chat.completion","created":1,"model":"M@","choices":[{"index":0,"message":{"role":"assistant","content":"X@"},"finish_reason":"stop"}],"service_tier":"T@","usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""",
        """{"id":"I@","model":"M@","status":"completed","service_tier":"T@","steps":[{"type":"model_output","content":[{"type":"text","text":"X@"}]}],"usage":{"total_input_tokens":1,"total_output_tokens":1}}""",
        """{"id":"I@","type":"message","role":"assistant","model":"M@","content":[{"type":"text","text":"X@"}],"stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1,"service_tier":"T@"}}""",
    ];

    private static readonly string[][] Streams =
    [
        [
            """{"type":"response.output_text.delta","item_id":"m","output_index":0,"content_index":0,"delta":"X@","sequence_number":1}""",
            """{"type":"response.completed","sequence_number":2,"response":{"id":"I@","object":"response","model":"M@","output":[],"usage":{"input_tokens":1,"output_tokens":1,"routing":{"reason":"R@"}}}}""",
            """{"type":"error","code":"C@","message":"F@","param":"P@","flexinference":{"provider_code":"Q@","status":500}}""",
            """{"type":"response.failed","response":{"id":"I@","error":{"code":"C@","message":"F@"}}}""",
        ],
        [
            """{"id":"I@","object":"chat.completion.chunk","created":1,"model":"M@","choices":[{"index":0,"delta":{"content":"X@"}}]}""",
            """{"id":"I@","object":"chat.completion.chunk","created":1,"model":"M@","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":1,"routing":{"reason":"R@"}}}""",
            """{"error":{"message":"F@","code":"C@","type":"T@","flexinference":{"provider_code":"Q@"}}}""",
            "[DONE]",
        ],
        [
            """{"event_type":"step.delta","index":0,"delta":{"type":"text","text":"X@"}}""",
            """{"event_type":"interaction.completed","interaction":{"id":"I@","model":"M@","status":"completed","usage":{"total_input_tokens":1,"routing":{"reason":"R@"}}}}""",
            """{"event_type":"error","error":{"code":500,"message":"F@","status":"S@","flexinference":{"provider_code":"Q@"}}}""",
            """{"event_type":"error","error":"F@"}""",
        ],
        [
            """{"type":"message_start","message":{"id":"I@","type":"message","role":"assistant","model":"M@","content":[],"usage":{"input_tokens":1,"output_tokens":0}}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"X@"}}""",
            """{"type":"error","error":{"type":"T@","message":"F@","flexinference":{"provider_code":"Q@","status":529}}}""",
            """{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":1,"routing":{"reason":"R@"}}}""",
        ],
    ];

    private enum Shape { Error, Answer, Stream }

    private enum Way { Typed, Raw, CallerTyped }

    private sealed record Case(Shape Shape, int Surface, int Template, int Place, int Fragment, bool DuplicateKey, Way Way, bool Sync, bool Failure)
    {
        public override string ToString() => $"{Shape} surface={Surface} template={Template} place={Place} fragment={Fragments[Fragment]} dup={DuplicateKey} {Way} sync={Sync} failure={Failure}";
    }

    private static readonly Gen<Case> Cases = Gen.Select(
        Gen.Select(Gen.Enum<Shape>(), Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[0, 12], Gen.Int[0, Fragments.Length - 1], (shape, surface, template, place, fragment) => (shape, surface, template, place, fragment)),
        Gen.Int[0, 4].Select(n => n == 0), Gen.Enum<Way>(), Gen.Bool, Gen.Int[0, 3].Select(n => n == 0),
        (first, duplicate, way, sync, failure) => new Case(first.shape, first.surface, first.template, first.place, first.fragment, duplicate, way, sync, failure));

    [Fact]
    public async Task Hostile_server_text_ends_in_success_or_a_documented_exception_and_observers_change_nothing()
    {
        var outcomes = new ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();
        int ran = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FlexInferenceTelemetry.ActivitySourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };

        await Cases.SampleAsync(async c =>
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(20))
            {
                return; // the time budget is spent: the remaining samples are skipped
            }

            Interlocked.Increment(ref ran);
            (int status, string contentType, byte[] body) = Answer(c);
            var logs = new MemoryLoggerFactory();
            string quiet = await Outcome(c, status, contentType, body, logs: null);
            ActivitySource.AddActivityListener(listener);
            string observed;
            try
            {
                observed = await Outcome(c, status, contentType, body, logs);
            }
            finally
            {
                listener.Dispose(); // detaches it; a disposed listener can be added again
            }

            Assert.True(quiet == observed, $"observers changed the outcome: without {quiet}, with {observed}");
            Assert.DoesNotContain(Key, logs.AllText(), StringComparison.Ordinal);
            outcomes.AddOrUpdate(quiet, 1, (_, n) => n + 1);
        }, iter: 3000, threads: 1, print: c => c.ToString());

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{ran} cases in {clock.Elapsed.TotalSeconds:0.0} s: " + string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}")));
        Assert.True(ran >= 100, $"only {ran} cases ran");
        Assert.Contains(outcomes.Keys, key => key.StartsWith("success", StringComparison.Ordinal));
        Assert.Contains(outcomes.Keys, key => key.Contains("Exception", StringComparison.Ordinal));
    }

    /// <summary>The answer of one case: its status, content type and bytes.</summary>
    private static (int Status, string ContentType, byte[] Body) Answer(Case c)
    {
        string Fill(string template)
        {
            // The chosen place (by its order among the @ markers) gets the fragment; the others get plain text.
            var text = new StringBuilder();
            int place = 0, markers = template.Count(ch => ch == '@');
            foreach (char ch in template)
            {
                text.Append(ch == '@' ? (place++ == c.Place % Math.Max(markers, 1) ? Fragments[c.Fragment] : "ok") : ch);
            }

            string json = text.ToString();
            return c.DuplicateKey && json.StartsWith('{') ? "{\"id\":\"dup\"," + json[1..] : json;
        }

        byte[] Bytes(string text) => Fragments[c.Fragment] == "\u00ff\u00fe" ? Encoding.Latin1.GetBytes(text) : Encoding.UTF8.GetBytes(text);

        switch (c.Shape)
        {
            case Shape.Error:
                return (new[] { 400, 402, 429, 503 }[c.Template], "application/json", Bytes(Fill(Errors[c.Template])));
            case Shape.Answer:
                return (200, "application/json", Bytes(Fill(Answers[c.Surface])));
            default:
                string[] frames = Streams[c.Surface];
                IEnumerable<string> chosen = c.Surface switch
                {
                    0 => c.Failure ? [frames[0], frames[2 + (c.Template % 2)]] : [frames[0], frames[1]],
                    1 => c.Failure ? [frames[0], frames[2]] : [frames[0], frames[1], frames[3]],
                    2 => c.Failure ? [frames[0], frames[2 + (c.Template % 2)]] : [frames[0], frames[1]],
                    _ => c.Failure ? [frames[0], frames[1], frames[2]] : [frames[0], frames[1], frames[3], """{"type":"message_stop"}"""],
                };
                return (200, "text/event-stream", Bytes(string.Concat(chosen.Select(frame => "data: " + Fill(frame) + "\n\n"))));
        }
    }

    /// <summary>Runs one case on a fresh client over an in-memory handler and names how it ended.</summary>
    private static async Task<string> Outcome(Case c, int status, string contentType, byte[] body, MemoryLoggerFactory? logs)
    {
        var handler = new ScriptedHandler(status, contentType, body);
        using FlexInferenceClient client = Client(new FlexInferenceClientOptions
        {
            ApiKey = Key,
            BaseUrl = new Uri("http://127.0.0.1:7/v1"),
            HttpClient = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan },
            MaxRetries = 0,
            LoggerFactory = logs,
            LogBodies = logs is not null,
        });
        try
        {
            return c.Shape == Shape.Stream ? await StreamAsync(client, c) : await CallAsync(client, c);
        }
        catch (FlexInferenceException exception)
        {
            Assert.DoesNotContain(Key, exception.ToString(), StringComparison.Ordinal);
            if (exception is FlexInferenceApiException api)
            {
                Assert.DoesNotContain(Key, api.Body ?? string.Empty, StringComparison.Ordinal);
                Assert.DoesNotContain(Key, api.Param ?? string.Empty, StringComparison.Ordinal);
                Assert.DoesNotContain(Key, api.ProviderCode ?? string.Empty, StringComparison.Ordinal);
            }

            return exception.GetType().Name;
        }
    }

    private static async Task<string> CallAsync(FlexInferenceClient client, Case c)
    {
        JsonObject raw = new() { ["model"] = "gpt-5.5", ["input"] = "hi", ["messages"] = new JsonArray(), ["start_within"] = "default", ["max_tokens"] = 16 };
        string text;
        ServedRoute route;
        switch ((c.Way, c.Surface))
        {
            case (Way.Raw, _):
                JsonObject result = c.Sync ? Resource(client, c.Surface).Create(raw) : await Resource(client, c.Surface).CreateAsync(raw);
                (text, route) = (result.OutputText(), result.GetRouting());
                break;
            case (Way.CallerTyped, _):
                JsonObject node = c.Sync
                    ? Resource(client, c.Surface).Create(raw, FuzzJsonContext.Default.JsonObject, FuzzJsonContext.Default.JsonObject)
                    : await Resource(client, c.Surface).CreateAsync(raw, FuzzJsonContext.Default.JsonObject, FuzzJsonContext.Default.JsonObject);
                (text, route) = (node.OutputText(), RoutingExtensions.GetRouting<JsonObject>(node));
                break;
            case (_, 0):
                Response response = c.Sync ? client.Responses.Create(Request) : await client.Responses.CreateAsync(Request);
                (text, route) = (response.OutputText(), response.GetRouting());
                break;
            case (_, 1):
                var chat = new CreateChatCompletionRequest { Model = "gpt-5.5", Messages = [], StartWithin = StartWithin.Default };
                CreateChatCompletionResponse completion = c.Sync ? client.Chat.Completions.Create(chat) : await client.Chat.Completions.CreateAsync(chat);
                (text, route) = (completion.OutputText(), completion.GetRouting());
                break;
            case (_, 2):
                var ask = new InteractionCreateParams { Model = "gemini-2.5-flash", Input = "hi", StartWithin = StartWithin.Default };
                InteractionObject interaction = c.Sync ? client.Interactions.Create(ask) : await client.Interactions.CreateAsync(ask);
                (text, route) = (interaction.InteractionOutputText(), interaction.GetRouting());
                break;
            default:
                var message = new MessageCreateParams { Model = "claude-opus-4-8", MaxTokens = 16, Messages = [], StartWithin = StartWithin.Default };
                MessageObject answer = c.Sync ? client.Messages.Create(message) : await client.Messages.CreateAsync(message);
                (text, route) = (answer.MessageOutputText(), answer.GetRouting());
                break;
        }

        return $"success ({(text.Length > 0 ? "text" : "no text")}, {(route.Reason is null ? "no reason" : "reason")})";
    }

    private static async Task<string> StreamAsync(FlexInferenceClient client, Case c)
    {
        JsonObject raw = new() { ["model"] = "gpt-5.5", ["input"] = "hi", ["messages"] = new JsonArray(), ["start_within"] = "default", ["max_tokens"] = 16 };
        if (c.Way != Way.Typed)
        {
            using JsonEventStream stream = c.Sync ? Resource(client, c.Surface).CreateStreaming(raw) : await Resource(client, c.Surface).CreateStreamingAsync(raw);
            int events = await Drain(stream, c.Sync);
            return $"success (stream, {events} events, {stream.Routing.Reason is not null})";
        }

        object final = c.Surface switch
        {
            0 => c.Sync ? client.Responses.CreateStreaming(Request).GetFinalResponse() : await (await client.Responses.CreateStreamingAsync(Request)).GetFinalResponseAsync(),
            1 => c.Sync
                ? client.Chat.Completions.CreateStreaming(new CreateChatCompletionRequest { Model = "gpt-5.5", Messages = [], StartWithin = StartWithin.Default }).GetFinalCompletion()
                : await (await client.Chat.Completions.CreateStreamingAsync(new CreateChatCompletionRequest { Model = "gpt-5.5", Messages = [], StartWithin = StartWithin.Default })).GetFinalCompletionAsync(),
            2 => c.Sync
                ? client.Interactions.CreateStreaming(new InteractionCreateParams { Model = "gemini-2.5-flash", Input = "hi", StartWithin = StartWithin.Default }).GetFinalInteraction()
                : await (await client.Interactions.CreateStreamingAsync(new InteractionCreateParams { Model = "gemini-2.5-flash", Input = "hi", StartWithin = StartWithin.Default })).GetFinalInteractionAsync(),
            _ => c.Sync
                ? client.Messages.CreateStreaming(new MessageCreateParams { Model = "claude-opus-4-8", MaxTokens = 16, Messages = [], StartWithin = StartWithin.Default }).GetFinalMessage()
                : await (await client.Messages.CreateStreamingAsync(new MessageCreateParams { Model = "claude-opus-4-8", MaxTokens = 16, Messages = [], StartWithin = StartWithin.Default })).GetFinalMessageAsync(),
        };
        return $"success (final {final.GetType().Name})";
    }

    private static async Task<int> Drain(JsonEventStream stream, bool sync)
    {
        int events = 0;
        if (sync)
        {
            foreach (JsonObject _ in stream)
            {
                events++;
            }
        }
        else
        {
            await foreach (JsonObject _ in stream)
            {
                events++;
            }
        }

        return events;
    }

    private static Resources.GenerationResource Resource(FlexInferenceClient client, int surface) => surface switch
    {
        0 => client.Responses,
        1 => client.Chat.Completions,
        2 => client.Interactions,
        _ => client.Messages,
    };

    private static CreateResponse Request => new() { Model = "gpt-5.5", Input = "hi", StartWithin = StartWithin.Default };

    /// <summary>Answers every request with one status, content type and body, in memory.</summary>
    private sealed class ScriptedHandler(int status, string contentType, byte[] body) : HttpMessageHandler
    {
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) => Respond(request);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(Respond(request));

        private HttpResponseMessage Respond(HttpRequestMessage request)
        {
            var response = new HttpResponseMessage((HttpStatusCode)status) { RequestMessage = request, Content = new ByteArrayContent(body) };
            response.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            response.Headers.TryAddWithoutValidation("x-flexinference-routing-reason", "flex_won");
            return response;
        }
    }
}

/// <summary>The caller's own JSON metadata for the caller-typed path (here: raw JSON read through a caller's context).</summary>
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class FuzzJsonContext : JsonSerializerContext;
