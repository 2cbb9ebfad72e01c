using BenchmarkDotNet.Attributes;
using FlexInference.Benchmarks.Infrastructure;

namespace FlexInference.Benchmarks.Serialization;

/// <summary>
/// 1c. The same conversation as an Anthropic Messages request (system prompt, 9 messages with tool_use/tool_result
/// blocks, 2 tools), so the Anthropic SDK has a serialisation to be compared on. OpenAI's SDK has no Messages request.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("1 Serialise", "Messages request")]
public class SerializeMessagesRequestBenchmarks
{
    private readonly CountingStream _sink = new();

    [GlobalSetup]
    public void Setup()
    {
        var anthropicCapture = new CapturingHandler(Payloads.AnthropicMessage, "application/json");
        using (Anthropic.AnthropicClient anthropic = Clients.Anthropic("http://127.0.0.1:9", anthropicCapture))
        {
            anthropic.Messages.Create(Requests.AnthropicMessagesCall()).GetAwaiter().GetResult();
        }

        var anthropicBody = new MemoryStream();
        RequestWriters.AnthropicMessages(Requests.AnthropicMessagesCall(), anthropicBody);

        var flexCapture = new CapturingHandler(Payloads.AnthropicMessage, "application/json");
        using (FlexInferenceClient flex = Clients.Flex("http://127.0.0.1:9/v1", flexCapture))
        {
            flex.Messages.Create(Requests.FlexMessages());
        }

        Check.Same("Messages request body as sent vs as benchmarked",
            ("FlexInference (sent)", Check.CanonicalRequest(flexCapture.LastRequest)),
            ("FlexInference (benchmarked)", Check.CanonicalRequest(RequestWriters.FlexMessages(Requests.FlexMessages()))),
            ("Anthropic (sent)", Check.CanonicalRequest(anthropicCapture.LastRequest)),
            ("Anthropic (benchmarked)", Check.CanonicalRequest(anthropicBody.ToArray())),
            ("Raw", Check.CanonicalRequest(RequestWriters.RawMessages(Requests.RawMessages()))));
    }

    [Benchmark(Baseline = true)]
    public int Raw() => RequestWriters.RawMessages(Requests.RawMessages()).Length;

    [Benchmark]
    public int Flex() => RequestWriters.FlexMessages(Requests.FlexMessages()).Length;

    /// <summary>For the record: the serialisation alone, without the local validation every call also runs.</summary>
    [Benchmark]
    public int FlexWithoutValidation() => RequestWriters.FlexMessagesWithoutValidation(Requests.FlexMessages()).Length;

    [Benchmark]
    public long Anthropic()
    {
        _sink.Reset();
        return RequestWriters.AnthropicMessages(Requests.AnthropicMessagesCall(), _sink);
    }
}
