using BenchmarkDotNet.Attributes;
using FlexInference.Benchmarks.Infrastructure;
using OpenAIChat = OpenAI.Chat;

namespace FlexInference.Benchmarks.EndToEnd;

/// <summary>
/// 4b. One 500-event chat stream end to end: build the request, open the stream, read every chunk (sent chunked, one
/// HTTP chunk per event, as a streaming server flushes them). Latency and allocations per call.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("4 End to end", "Chat stream 500 events")]
public class EndToEndChatStreamBenchmarks : EndToEndBenchmark
{
    private string _baseUrl = null!;
    private HttpClient _raw = null!;
    private FlexInferenceClient _flex = null!;
    private OpenAIChat.ChatClient _openAI = null!;

    [GlobalSetup]
    public void Setup()
    {
        StartServer("chat-sse", FixedResponse.EventStream(Payloads.ChatStream(Payloads.EndToEndStreamEvents), "openai"));
        _baseUrl = Server.Url("chat-sse") + "/v1";
        _raw = Clients.Raw(Handler());
        _flex = Clients.Flex(_baseUrl, Handler());
        _openAI = Clients.OpenAIChat(_baseUrl, Handler());
        Check.Same($"chat stream ({Transport}, {Payloads.EndToEndStreamEvents} events)", ("Raw", Raw().Result), ("FlexInference", Flex().Result), ("OpenAI", OpenAI().Result));
        CheckServer(() => Raw().Wait());
    }

    [Benchmark(Baseline = true)]
    public Task<TextTally> Raw() => StreamConsumers.RawChat(_raw, _baseUrl, Requests.RawChat(stream: true));

    [Benchmark]
    public Task<TextTally> Flex() => StreamConsumers.FlexChat(_flex, Requests.FlexChat());

    [Benchmark]
    public Task<TextTally> OpenAI()
    {
        (List<OpenAIChat.ChatMessage> messages, OpenAIChat.ChatCompletionOptions options) = Requests.OpenAIChatCall();
        return StreamConsumers.OpenAIChat(_openAI, messages, options);
    }

    private protected override void DisposeClients()
    {
        _raw.Dispose();
        _flex.Dispose();
    }
}
