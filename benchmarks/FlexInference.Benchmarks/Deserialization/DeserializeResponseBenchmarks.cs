using BenchmarkDotNet.Attributes;
using FlexInference.Benchmarks.Infrastructure;

namespace FlexInference.Benchmarks.Deserialization;

/// <summary>
/// 2b. Deserialise a 100 KB Responses object (reasoning, a cited answer, many function calls) and read its text and
/// every call's name and arguments. Anthropic's SDK has no Responses type.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("2 Deserialise", "Responses object 100 KB")]
public class DeserializeResponseBenchmarks
{
    private readonly byte[] _body = Payloads.LargeResponse;
    private BinaryData _binary = null!;

    [GlobalSetup]
    public void Setup()
    {
        _binary = new BinaryData(_body);
        Check.True(_body.Length is >= 100 * 1024 and < 110 * 1024, $"the Responses object should be about 100 KB, but it is {_body.Length} bytes");
        Check.True(Raw().ToolCalls == Payloads.LargeResponseToolCalls && Raw().ToolCalls > 50, "the Responses object should hold its function calls");
        Check.Same($"Responses object ({_body.Length} bytes, {Payloads.LargeResponseToolCalls} function calls)", ("Raw", Raw()), ("FlexInference", Flex()), ("OpenAI", OpenAI()));
    }

    [Benchmark(Baseline = true)]
    public ResponseSummary Raw() => Readers.RawResponse(_body);

    [Benchmark]
    public ResponseSummary Flex() => Readers.FlexResponse(_body);

    [Benchmark]
    public ResponseSummary OpenAI() => Readers.OpenAIResponse(_binary);
}
