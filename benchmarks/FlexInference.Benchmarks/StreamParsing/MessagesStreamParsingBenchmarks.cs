using BenchmarkDotNet.Attributes;
using FlexInference.Benchmarks.Baseline;
using FlexInference.Benchmarks.Infrastructure;
using AnthropicMessages = Anthropic.Models.Messages;

namespace FlexInference.Benchmarks.StreamParsing;

/// <summary>
/// 3c. The Anthropic counterpart of 3a/3b, so Anthropic's streaming is compared too: a Messages stream of 10,000
/// <c>content_block_delta</c> text deltas (plus start, ping, stop and delta framing) from a memory stream.
/// OpenAI's SDK has no Messages stream.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("3 Stream parsing", "Messages 10,000 deltas")]
public class MessagesStreamParsingBenchmarks
{
    public const int Events = Payloads.StreamParsingEvents;
    private const string BaseUrl = "http://127.0.0.1";

    private HttpClient _raw = null!;
    private FlexInferenceClient _flex = null!;
    private global::Anthropic.AnthropicClient _anthropic = null!;
    private RawMessagesRequest _rawRequest = null!;
    private MessageCreateParams _flexRequest = null!;
    private AnthropicMessages.MessageCreateParams _anthropicRequest = null!;

    [GlobalSetup]
    public void Setup()
    {
        byte[] stream = Payloads.MessagesStream(Events);
        _raw = Clients.Raw(new MemoryStreamHandler(stream, "text/event-stream"));
        _flex = Clients.Flex(BaseUrl + "/v1", new MemoryStreamHandler(stream, "text/event-stream"));
        _anthropic = Clients.Anthropic(BaseUrl, new MemoryStreamHandler(stream, "text/event-stream"));
        _rawRequest = Requests.RawMessages(stream: true);
        _flexRequest = Requests.FlexMessages();
        _anthropicRequest = Requests.AnthropicMessagesCall();

        TextTally expected = TextTally.Of(Payloads.StreamText(Events));
        Check.True(Raw().Result.Length == expected.Length && Raw().Result.Hash == expected.Hash, "the raw baseline must read the whole text");
        Check.Same($"Messages stream ({stream.Length:N0} bytes, {Events:N0} deltas)", ("Raw", Raw().Result), ("FlexInference", Flex().Result), ("Anthropic", Anthropic().Result));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _flex.Dispose();
        _anthropic.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public Task<TextTally> Raw() => StreamConsumers.RawMessages(_raw, BaseUrl, _rawRequest);

    [Benchmark(OperationsPerInvoke = Events)]
    public Task<TextTally> Flex() => StreamConsumers.FlexMessages(_flex, _flexRequest);

    [Benchmark(OperationsPerInvoke = Events)]
    public Task<TextTally> Anthropic() => StreamConsumers.Anthropic(_anthropic, _anthropicRequest);
}
