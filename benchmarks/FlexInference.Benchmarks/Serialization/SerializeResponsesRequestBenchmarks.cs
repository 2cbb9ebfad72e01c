using BenchmarkDotNet.Attributes;
using FlexInference.Benchmarks.Infrastructure;

namespace FlexInference.Benchmarks.Serialization;

/// <summary>
/// 1b. Serialise a typical Responses request: instructions and one user message with text and an image URL.
/// Anthropic's SDK has no Responses request.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("1 Serialise", "Responses request")]
public class SerializeResponsesRequestBenchmarks
{
    private readonly CountingStream _sink = new();

    [GlobalSetup]
    public void Setup()
    {
        var openAICapture = new CapturingHandler(Payloads.LargeResponse, "application/json");
        Clients.OpenAIResponses("http://127.0.0.1:9/v1", openAICapture).CreateResponse(Requests.OpenAIResponsesCall());
        var openAIBody = new MemoryStream();
        RequestWriters.OpenAIResponses(Requests.OpenAIResponsesCall(), openAIBody);

        var flexCapture = new CapturingHandler(Payloads.LargeResponse, "application/json");
        using (FlexInferenceClient flex = Clients.Flex("http://127.0.0.1:9/v1", flexCapture))
        {
            flex.Responses.Create(Requests.FlexResponses());
        }

        Check.Same("Responses request body as sent vs as benchmarked",
            ("FlexInference (sent)", Check.CanonicalRequest(flexCapture.LastRequest)),
            ("FlexInference (benchmarked)", Check.CanonicalRequest(RequestWriters.FlexResponses(Requests.FlexResponses()))),
            ("OpenAI (sent)", Check.CanonicalRequest(openAICapture.LastRequest)),
            ("OpenAI (benchmarked)", Check.CanonicalRequest(openAIBody.ToArray())),
            ("Raw", Check.CanonicalRequest(RequestWriters.RawResponses(Requests.RawResponses()))));
    }

    [Benchmark(Baseline = true)]
    public int Raw() => RequestWriters.RawResponses(Requests.RawResponses()).Length;

    [Benchmark]
    public int Flex() => RequestWriters.FlexResponses(Requests.FlexResponses()).Length;

    /// <summary>For the record: the serialisation alone, without the local validation every call also runs.</summary>
    [Benchmark]
    public int FlexWithoutValidation() => RequestWriters.FlexResponsesWithoutValidation(Requests.FlexResponses()).Length;

    [Benchmark]
    public long OpenAI()
    {
        _sink.Reset();
        return RequestWriters.OpenAIResponses(Requests.OpenAIResponsesCall(), _sink);
    }
}
