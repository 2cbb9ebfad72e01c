using BenchmarkDotNet.Attributes;
using FlexInference.Benchmarks.Baseline;
using FlexInference.Benchmarks.Infrastructure;
using OpenAIChat = OpenAI.Chat;

namespace FlexInference.Benchmarks.StreamParsing;

/// <summary>
/// 3a. Parse a stream of 10,000 chat chunks from a memory stream: each SDK's own streaming API over an HttpClient
/// whose handler returns the same bytes from a <see cref="MemoryStream"/> (no network). Time and allocations are per
/// event (OperationsPerInvoke); events/s = 1e9 / mean ns. Anthropic's SDK has no chat stream.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("3 Stream parsing", "Chat 10,000 chunks")]
public class ChatStreamParsingBenchmarks
{
    public const int Events = Payloads.StreamParsingEvents;
    private const string BaseUrl = "http://127.0.0.1/v1";

    private HttpClient _raw = null!;
    private FlexInferenceClient _flex = null!;
    private OpenAIChat.ChatClient _openAI = null!;
    private RawChatRequest _rawRequest = null!;
    private CreateChatCompletionRequest _flexRequest = null!;
    private List<OpenAIChat.ChatMessage> _openAIMessages = null!;
    private OpenAIChat.ChatCompletionOptions _openAIOptions = null!;

    [GlobalSetup]
    public void Setup()
    {
        byte[] stream = Payloads.ChatStream(Events);
        _raw = Clients.Raw(new MemoryStreamHandler(stream, "text/event-stream"));
        _flex = Clients.Flex(BaseUrl, new MemoryStreamHandler(stream, "text/event-stream"));
        _openAI = Clients.OpenAIChat(BaseUrl, new MemoryStreamHandler(stream, "text/event-stream"));
        _rawRequest = Requests.RawChat(stream: true);
        _flexRequest = Requests.FlexChat();
        (_openAIMessages, _openAIOptions) = Requests.OpenAIChatCall();

        TextTally expected = TextTally.Of(Payloads.StreamText(Events - 3));
        Check.True(Raw().Result.Length == expected.Length && Raw().Result.Hash == expected.Hash, "the raw baseline must read the whole text");
        Check.Same($"chat stream ({stream.Length:N0} bytes, {Events:N0} chunks)", ("Raw", Raw().Result), ("FlexInference", Flex().Result), ("OpenAI", OpenAI().Result));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _flex.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public Task<TextTally> Raw() => StreamConsumers.RawChat(_raw, BaseUrl, _rawRequest);

    [Benchmark(OperationsPerInvoke = Events)]
    public Task<TextTally> Flex() => StreamConsumers.FlexChat(_flex, _flexRequest);

    [Benchmark(OperationsPerInvoke = Events)]
    public Task<TextTally> OpenAI() => StreamConsumers.OpenAIChat(_openAI, _openAIMessages, _openAIOptions);
}
