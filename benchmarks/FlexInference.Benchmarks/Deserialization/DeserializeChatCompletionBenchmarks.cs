using BenchmarkDotNet.Attributes;
using FlexInference.Benchmarks.Infrastructure;

namespace FlexInference.Benchmarks.Deserialization;

/// <summary>2a. Deserialise a 1 KB chat completion and read its text, finish reason and usage. Anthropic's SDK has no chat completion type.</summary>
[MemoryDiagnoser]
[BenchmarkCategory("2 Deserialise", "Chat completion 1 KB")]
public class DeserializeChatCompletionBenchmarks
{
    private readonly byte[] _body = Payloads.ChatCompletion;
    private BinaryData _binary = null!;

    [GlobalSetup]
    public void Setup()
    {
        _binary = new BinaryData(_body);
        Check.True(_body.Length is > 900 and < 1300, $"the chat completion should be about 1 KB, but it is {_body.Length} bytes");
        Check.Same($"chat completion ({_body.Length} bytes)", ("Raw", Raw()), ("FlexInference", Flex()), ("OpenAI", OpenAI()));
    }

    [Benchmark(Baseline = true)]
    public ChatSummary Raw() => Readers.RawChat(_body);

    [Benchmark]
    public ChatSummary Flex() => Readers.FlexChat(_body);

    [Benchmark]
    public ChatSummary OpenAI() => Readers.OpenAIChat(_binary);
}
