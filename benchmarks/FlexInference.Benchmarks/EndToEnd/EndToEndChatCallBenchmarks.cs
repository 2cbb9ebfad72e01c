using BenchmarkDotNet.Attributes;
using FlexInference.Benchmarks.Baseline;
using FlexInference.Benchmarks.Deserialization;
using FlexInference.Benchmarks.Infrastructure;
using OpenAIChat = OpenAI.Chat;

namespace FlexInference.Benchmarks.EndToEnd;

/// <summary>
/// 4a. One non-streaming chat call end to end: build the 10-message request, send it, receive the same 1 KB completion
/// from the in-process server, read text, finish reason and usage. Latency and allocations per call.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("4 End to end", "Chat call")]
public class EndToEndChatCallBenchmarks : EndToEndBenchmark
{
    private string _baseUrl = null!;
    private HttpClient _raw = null!;
    private FlexInferenceClient _flex = null!;
    private OpenAIChat.ChatClient _openAI = null!;

    [GlobalSetup]
    public void Setup()
    {
        StartServer("chat", FixedResponse.Json(Payloads.ChatCompletion, "openai"));
        _baseUrl = Server.Url("chat") + "/v1";
        _raw = Clients.Raw(Handler());
        _flex = Clients.Flex(_baseUrl, Handler());
        _openAI = Clients.OpenAIChat(_baseUrl, Handler());
        Check.Same($"chat call ({Transport})", ("Raw", Raw().Result), ("FlexInference", Flex().Result), ("OpenAI", OpenAI().Result));
        CheckServer(() => Raw().Wait());
    }

    [Benchmark(Baseline = true)]
    public async Task<ChatSummary> Raw() =>
        Readers.RawChat(await RawClient.PostAsync(_raw, _baseUrl + "/chat/completions", Requests.RawChat(), RawJsonContext.Default.RawChatRequest, RawJsonContext.Default.RawChatCompletion).ConfigureAwait(false));

    [Benchmark]
    public async Task<ChatSummary> Flex() => Readers.FlexChat(await _flex.Chat.Completions.CreateAsync(Requests.FlexChat()).ConfigureAwait(false));

    [Benchmark]
    public async Task<ChatSummary> OpenAI()
    {
        (List<OpenAIChat.ChatMessage> messages, OpenAIChat.ChatCompletionOptions options) = Requests.OpenAIChatCall();
        return Readers.OpenAIChat((await _openAI.CompleteChatAsync(messages, options).ConfigureAwait(false)).Value);
    }

    private protected override void DisposeClients()
    {
        _raw.Dispose();
        _flex.Dispose();
    }
}
