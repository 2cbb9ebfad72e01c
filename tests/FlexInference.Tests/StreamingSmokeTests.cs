using System.Text;
using FlexInference.Tests.Infrastructure;

namespace FlexInference.Tests;

/// <summary>A first end-to-end pass over each surface's stream on a loopback server.</summary>
public sealed class StreamingSmokeTests
{
    [Fact]
    public async Task A_chat_stream_delivers_text_and_folds_into_a_completion()
    {
        const string sse =
            "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-5.5\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"}}],\"error\":null}\n\n" +
            ": keep-alive\n\n" +
            "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}],\"service_tier\":\"flex\"}\n\n" +
            "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}\n\n" +
            "data: [DONE]\n\n";
        await using var server = SseServer(sse);
        using var client = new FlexInferenceClient(MockRouter.ApiKey, new FlexInferenceClientOptions { BaseUrl = server.BaseUrl });

        await using ChatCompletionStream stream = await client.Chat.Completions.CreateStreamingAsync(
            new CreateChatCompletionRequest { Model = "gpt-5.5", Messages = [], StartWithin = StartWithin.Default }, cancellationToken: TestContext.Current.CancellationToken);
        var deltas = new List<string>();
        await foreach (string delta in stream.TextDeltasAsync(TestContext.Current.CancellationToken))
        {
            deltas.Add(delta);
        }

        CreateChatCompletionResponse final = await stream.GetFinalCompletionAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["Hel", "lo"], deltas);
        Assert.Equal("Hello", final.OutputText());
        Assert.Equal(5, final.Usage!.TotalTokens);
        Assert.True(stream.IsCompleted);
    }

    [Fact]
    public async Task A_message_stream_failure_frame_raises_with_the_text_so_far()
    {
        const string sse =
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[]}}\n\n" +
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Part\"}}\n\n" +
            "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"upstream broke\",\"flexinference\":{\"code\":null,\"class\":\"upstream\",\"status\":502,\"provider\":\"anthropic\"}}}\n\n";
        await using var server = SseServer(sse);
        using var client = new FlexInferenceClient(MockRouter.ApiKey, new FlexInferenceClientOptions { BaseUrl = server.BaseUrl });

        using MessageStream stream = client.Messages.CreateStreaming(
            new MessageCreateParams { Model = "claude-opus-4-8", Messages = [], StartWithin = StartWithin.Default }, cancellationToken: TestContext.Current.CancellationToken);
        var seen = new List<MessageStreamEvent>();
        var error = Assert.Throws<StreamFailedException>(() =>
        {
            foreach (MessageStreamEvent item in stream)
            {
                seen.Add(item);
            }
        });

        Assert.Equal(2, seen.Count);
        Assert.Equal("Part", error.TextSoFar);
        Assert.Equal(502, error.Status);
        Assert.Equal("upstream_stream_failed", error.Code);
        Assert.Equal("anthropic", error.Provider);
        Assert.Equal("overloaded_error", error.Type);
    }

    private static RawHttpServer SseServer(string sse) => new(async (stream, token) =>
    {
        await RawHttpServer.ReadRequestAsync(stream, token);
        byte[] body = Encoding.UTF8.GetBytes(sse);
        await RawHttpServer.WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: {body.Length}\r\nx-flexinference-served-provider: openai\r\n\r\n", token);
        await stream.WriteAsync(body, token);
    });
}
