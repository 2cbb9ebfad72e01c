using BenchmarkDotNet.Attributes;
using FlexInference.Benchmarks.Baseline;
using FlexInference.Benchmarks.Infrastructure;
using OpenAIResponses = OpenAI.Responses;

namespace FlexInference.Benchmarks.StreamParsing;

/// <summary>
/// 3b. Parse a Responses stream of 10,000 <c>response.output_text.delta</c> events (plus the 8 framing events,
/// among them <c>response.completed</c> with the full text) from a memory stream. Per-event figures as in 3a.
/// Anthropic's SDK has no Responses stream.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("3 Stream parsing", "Responses 10,000 deltas")]
public class ResponsesStreamParsingBenchmarks
{
    public const int Events = Payloads.StreamParsingEvents;
    private const string BaseUrl = "http://127.0.0.1/v1";

    private HttpClient _raw = null!;
    private FlexInferenceClient _flex = null!;
    private OpenAIResponses.ResponsesClient _openAI = null!;
    private RawResponsesRequest _rawRequest = null!;
    private CreateResponse _flexRequest = null!;
    private OpenAIResponses.CreateResponseOptions _openAIOptions = null!;

    [GlobalSetup]
    public void Setup()
    {
        byte[] stream = Payloads.ResponsesStream(Events);
        _raw = Clients.Raw(new MemoryStreamHandler(stream, "text/event-stream"));
        _flex = Clients.Flex(BaseUrl, new MemoryStreamHandler(stream, "text/event-stream"));
        _openAI = Clients.OpenAIResponses(BaseUrl, new MemoryStreamHandler(stream, "text/event-stream"));
        _rawRequest = Requests.RawResponses(stream: true);
        _flexRequest = Requests.FlexResponses();
        _openAIOptions = Requests.OpenAIResponsesCall(stream: true);

        TextTally expected = TextTally.Of(Payloads.StreamText(Events));
        Check.True(Raw().Result.Length == expected.Length && Raw().Result.Hash == expected.Hash, "the raw baseline must read the whole text");
        Check.Same($"Responses stream ({stream.Length:N0} bytes, {Events:N0} deltas)", ("Raw", Raw().Result), ("FlexInference", Flex().Result), ("OpenAI", OpenAI().Result));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _flex.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public Task<TextTally> Raw() => StreamConsumers.RawResponses(_raw, BaseUrl, _rawRequest);

    [Benchmark(OperationsPerInvoke = Events)]
    public Task<TextTally> Flex() => StreamConsumers.FlexResponses(_flex, _flexRequest);

    [Benchmark(OperationsPerInvoke = Events)]
    public Task<TextTally> OpenAI() => StreamConsumers.OpenAIResponses(_openAI, _openAIOptions);
}
