using BenchmarkDotNet.Attributes;
using FlexInference.Benchmarks.Infrastructure;

namespace FlexInference.Benchmarks.Deserialization;

/// <summary>
/// 2c. Deserialise an Anthropic message (thinking, text, tool_use, usage) and read its text, tool call and usage,
/// with the serializer options Anthropic's own client uses. OpenAI's SDK has no Messages type.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("2 Deserialise", "Anthropic message")]
public class DeserializeMessageBenchmarks
{
    private readonly byte[] _body = Payloads.AnthropicMessage;

    [GlobalSetup]
    public void Setup() =>
        Check.Same($"Anthropic message ({_body.Length} bytes)", ("Raw", Raw()), ("FlexInference", Flex()), ("Anthropic", Anthropic()));

    [Benchmark(Baseline = true)]
    public MessageSummary Raw() => Readers.RawMessage(_body);

    [Benchmark]
    public MessageSummary Flex() => Readers.FlexMessage(_body);

    [Benchmark]
    public MessageSummary Anthropic() => Readers.AnthropicMessage(_body);
}
