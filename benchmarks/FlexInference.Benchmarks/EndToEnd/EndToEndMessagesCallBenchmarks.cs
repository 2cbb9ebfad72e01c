using BenchmarkDotNet.Attributes;
using FlexInference.Benchmarks.Baseline;
using FlexInference.Benchmarks.Deserialization;
using FlexInference.Benchmarks.Infrastructure;

namespace FlexInference.Benchmarks.EndToEnd;

/// <summary>
/// 4c. One non-streaming Anthropic Messages call end to end: the same conversation as a Messages request, the same
/// message back from the in-process server, text, tool call and usage read. Latency and allocations per call.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("4 End to end", "Messages call")]
public class EndToEndMessagesCallBenchmarks : EndToEndBenchmark
{
    private string _baseUrl = null!;
    private HttpClient _raw = null!;
    private FlexInferenceClient _flex = null!;
    private global::Anthropic.AnthropicClient _anthropic = null!;

    [GlobalSetup]
    public void Setup()
    {
        StartServer("msg", FixedResponse.Json(Payloads.AnthropicMessage, "anthropic"));
        _baseUrl = Server.Url("msg");
        _raw = Clients.Raw(Handler());
        _flex = Clients.Flex(_baseUrl + "/v1", Handler());
        _anthropic = Clients.Anthropic(_baseUrl, Handler());
        Check.Same($"Messages call ({Transport})", ("Raw", Raw().Result), ("FlexInference", Flex().Result), ("Anthropic", Anthropic().Result));
        CheckServer(() => Raw().Wait());
    }

    [Benchmark(Baseline = true)]
    public async Task<MessageSummary> Raw() =>
        Readers.RawMessage(await RawClient.PostAsync(_raw, _baseUrl + "/v1/messages", Requests.RawMessages(), RawJsonContext.Default.RawMessagesRequest, RawJsonContext.Default.RawMessage).ConfigureAwait(false));

    [Benchmark]
    public async Task<MessageSummary> Flex() => Readers.FlexMessage(await _flex.Messages.CreateAsync(Requests.FlexMessages()).ConfigureAwait(false));

    [Benchmark]
    public async Task<MessageSummary> Anthropic() => Readers.AnthropicMessage(await _anthropic.Messages.Create(Requests.AnthropicMessagesCall()).ConfigureAwait(false));

    private protected override void DisposeClients()
    {
        _raw.Dispose();
        _flex.Dispose();
        _anthropic.Dispose();
    }
}
