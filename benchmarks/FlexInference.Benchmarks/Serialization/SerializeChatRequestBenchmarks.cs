using BenchmarkDotNet.Attributes;
using FlexInference.Benchmarks.Infrastructure;
using OpenAIChat = OpenAI.Chat;

namespace FlexInference.Benchmarks.Serialization;

/// <summary>
/// 1a. Serialise a typical chat request: 10 messages (system, user, assistant text, two tool calls and their results)
/// and 2 function tools. Each operation builds the request object and writes its body, as every call does.
/// Anthropic's SDK has no Chat Completions request.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("1 Serialise", "Chat request")]
public class SerializeChatRequestBenchmarks
{
    private readonly CountingStream _sink = new();
    private Func<IEnumerable<OpenAIChat.ChatMessage>, OpenAIChat.ChatCompletionOptions, bool, OpenAIChat.ChatCompletionOptions> _openAIOptions = null!;

    [GlobalSetup]
    public void Setup()
    {
        OpenAIChat.ChatClient openAI = Clients.OpenAIChat("http://127.0.0.1:9/v1");
        _openAIOptions = RequestWriters.OpenAICompleteChatOptions(openAI);

        // Each writer's bytes must be the body its SDK really sends, and all bodies must mean the same request.
        var openAICapture = new CapturingHandler(Payloads.ChatCompletion, "application/json");
        (List<OpenAIChat.ChatMessage> messages, OpenAIChat.ChatCompletionOptions options) = Requests.OpenAIChatCall();
        Clients.OpenAIChat("http://127.0.0.1:9/v1", openAICapture).CompleteChat(messages, options);
        var openAIBody = new MemoryStream();
        (messages, options) = Requests.OpenAIChatCall();
        RequestWriters.OpenAIChat(_openAIOptions, messages, options, openAIBody);

        var flexCapture = new CapturingHandler(Payloads.ChatCompletion, "application/json");
        using (FlexInferenceClient flex = Clients.Flex("http://127.0.0.1:9/v1", flexCapture))
        {
            flex.Chat.Completions.Create(Requests.FlexChat());
        }

        Check.Same("chat request body as sent vs as benchmarked",
            ("FlexInference (sent)", Check.CanonicalRequest(flexCapture.LastRequest)),
            ("FlexInference (benchmarked)", Check.CanonicalRequest(RequestWriters.FlexChat(Requests.FlexChat()))),
            ("OpenAI (sent)", Check.CanonicalRequest(openAICapture.LastRequest)),
            ("OpenAI (benchmarked)", Check.CanonicalRequest(openAIBody.ToArray())),
            ("Raw", Check.CanonicalRequest(RequestWriters.RawChat(Requests.RawChat()))));
    }

    [Benchmark(Baseline = true)]
    public int Raw() => RequestWriters.RawChat(Requests.RawChat()).Length;

    [Benchmark]
    public int Flex() => RequestWriters.FlexChat(Requests.FlexChat()).Length;

    /// <summary>For the record: the serialisation alone, without the local validation every call also runs.</summary>
    [Benchmark]
    public int FlexWithoutValidation() => RequestWriters.FlexChatWithoutValidation(Requests.FlexChat()).Length;

    [Benchmark]
    public long OpenAI()
    {
        _sink.Reset();
        (List<OpenAIChat.ChatMessage> messages, OpenAIChat.ChatCompletionOptions options) = Requests.OpenAIChatCall();
        return RequestWriters.OpenAIChat(_openAIOptions, messages, options, _sink);
    }
}
