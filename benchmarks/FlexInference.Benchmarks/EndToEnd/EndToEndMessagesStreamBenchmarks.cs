using BenchmarkDotNet.Attributes;
using FlexInference.Benchmarks.Infrastructure;

namespace FlexInference.Benchmarks.EndToEnd;

/// <summary>
/// 4d. One 500-event Anthropic Messages stream end to end (494 text deltas plus message_start, content_block_start,
/// ping, content_block_stop, message_delta and message_stop), one HTTP chunk per event.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("4 End to end", "Messages stream 500 events")]
public class EndToEndMessagesStreamBenchmarks : EndToEndBenchmark
{
    private const int Framing = 6;

    private string _baseUrl = null!;
    private HttpClient _raw = null!;
    private FlexInferenceClient _flex = null!;
    private global::Anthropic.AnthropicClient _anthropic = null!;

    [GlobalSetup]
    public void Setup()
    {
        StartServer("msg-sse", FixedResponse.EventStream(Payloads.MessagesStream(Payloads.EndToEndStreamEvents - Framing), "anthropic"));
        _baseUrl = Server.Url("msg-sse");
        _raw = Clients.Raw(Handler());
        _flex = Clients.Flex(_baseUrl + "/v1", Handler());
        _anthropic = Clients.Anthropic(_baseUrl, Handler());
        Check.Same($"Messages stream ({Transport}, {Payloads.EndToEndStreamEvents} events)", ("Raw", Raw().Result), ("FlexInference", Flex().Result), ("Anthropic", Anthropic().Result));
        CheckServer(() => Raw().Wait());
    }

    [Benchmark(Baseline = true)]
    public Task<TextTally> Raw() => StreamConsumers.RawMessages(_raw, _baseUrl, Requests.RawMessages(stream: true));

    [Benchmark]
    public Task<TextTally> Flex() => StreamConsumers.FlexMessages(_flex, Requests.FlexMessages());

    [Benchmark]
    public Task<TextTally> Anthropic() => StreamConsumers.Anthropic(_anthropic, Requests.AnthropicMessagesCall());

    private protected override void DisposeClients()
    {
        _raw.Dispose();
        _flex.Dispose();
        _anthropic.Dispose();
    }
}
