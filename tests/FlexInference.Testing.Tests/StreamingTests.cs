using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlexInference.Testing.Tests;

/// <summary>Each surface's stream parses as SSE with its own event vocabulary and order (§6), and include_cost behaves as documented.</summary>
public sealed class StreamingTests(FastRouter fast) : IClassFixture<FastRouter>
{
    private const string Answer = "This is a simulated answer. You said: Hello there";
    private const int Words = 9;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Responses_stream_follows_the_openai_event_sequence_without_done(bool includeCost)
    {
        List<SseFrame> frames = await StreamAsync(Api.Responses, includeCost);

        string[] expected =
        [
            "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
            .. Enumerable.Repeat("response.output_text.delta", Words),
            "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed",
        ];
        Assert.Equal(expected, frames.Select(frame => frame.EventType));
        Assert.Equal(expected, frames.Select(frame => frame.Kind));
        Assert.Equal(Enumerable.Range(0, frames.Count), frames.Select(frame => frame.Json.GetProperty("sequence_number").GetInt32()));
        Assert.Equal(Answer, Sse.Text(frames));
        Assert.All(frames, frame => Assert.False(frame.Json.Deserialize(FlexInferenceJsonContext.Default.ResponseStreamEvent)!.IsUnknown));

        JsonElement response = frames[^1].Json.GetProperty("response");
        Assert.Equal("completed", response.GetProperty("status").GetString());
        Assert.Equal(Answer, response.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
        AssertFlexFields(response.GetProperty("usage"), includeCost);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public async Task Chat_stream_sends_chunks_an_optional_usage_chunk_and_done(bool includeUsage, bool includeCost)
    {
        List<SseFrame> frames = await StreamAsync(Api.Chat, includeCost, body =>
        {
            if (includeUsage)
            {
                body["stream_options"] = new JsonObject { ["include_usage"] = true };
            }
        });

        Assert.All(frames, frame => Assert.Equal("message", frame.EventType)); // data-only frames
        Assert.Equal("[DONE]", frames[^1].Data);
        List<JsonElement> chunks = frames.SkipLast(1).Select(frame => frame.Json).ToList();
        Assert.All(chunks, chunk => Assert.Equal("chat.completion.chunk", chunk.GetProperty("object").GetString()));
        Assert.All(chunks, chunk => Assert.Equal("default", chunk.GetProperty("service_tier").GetString()));
        Assert.All(chunks, chunk => Assert.NotNull(chunk.Deserialize(FlexInferenceJsonContext.Default.CreateChatCompletionStreamResponse)));
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal(Answer, Sse.Text(frames));

        JsonElement last = chunks[^1];
        if (includeUsage)
        {
            Assert.Equal(0, last.GetProperty("choices").GetArrayLength());
            Assert.Equal(Words, last.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
            AssertFlexFields(last.GetProperty("usage"), includeCost);
            Assert.Equal("stop", chunks[^2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        }
        else
        {
            Assert.Equal("stop", last.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
            Assert.All(chunks, chunk => Assert.False(chunk.TryGetProperty("usage", out _)));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Interactions_stream_uses_event_type(bool includeCost)
    {
        List<SseFrame> frames = await StreamAsync(Api.Interactions, includeCost, model: "gemini-2.5-flash");

        string[] expected = ["interaction.created", "step.start", .. Enumerable.Repeat("step.delta", Words), "step.stop", "interaction.completed"];
        Assert.Equal(expected, frames.Select(frame => frame.Kind));
        Assert.All(frames, frame => Assert.False(frame.Json.Deserialize(FlexInferenceJsonContext.Default.InteractionStreamEvent)!.IsUnknown));
        Assert.Equal(Answer, Sse.Text(frames));
        Assert.Equal("model_output", frames[1].Json.GetProperty("step").GetProperty("type").GetString());

        JsonElement interaction = frames[^1].Json.GetProperty("interaction");
        Assert.Equal("completed", interaction.GetProperty("status").GetString());
        Assert.Equal(Words, interaction.GetProperty("usage").GetProperty("total_output_tokens").GetInt32());
        AssertFlexFields(interaction.GetProperty("usage"), includeCost);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Messages_stream_follows_the_anthropic_sequence(bool includeCost)
    {
        List<SseFrame> frames = await StreamAsync(Api.Messages, includeCost, model: "claude-haiku-4-5");

        string[] expected =
        [
            "message_start", "content_block_start", "ping", .. Enumerable.Repeat("content_block_delta", Words),
            "content_block_stop", "message_delta", "message_stop",
        ];
        Assert.Equal(expected, frames.Select(frame => frame.EventType));
        Assert.Equal(expected, frames.Select(frame => frame.Kind));
        Assert.All(frames, frame => Assert.False(frame.Json.Deserialize(FlexInferenceJsonContext.Default.MessageStreamEvent)!.IsUnknown));
        Assert.Equal(Answer, Sse.Text(frames));
        Assert.Equal("text_delta", frames[3].Json.GetProperty("delta").GetProperty("type").GetString());

        JsonElement messageDelta = frames[^2].Json;
        Assert.Equal("end_turn", messageDelta.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal(Words, messageDelta.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        AssertFlexFields(messageDelta.GetProperty("usage"), includeCost, priced: true);
        Assert.False(frames[0].Json.GetProperty("message").GetProperty("usage").TryGetProperty("routing", out _));
    }

    [Theory]
    [InlineData(Api.Responses)]
    [InlineData(Api.Chat)]
    [InlineData(Api.Interactions)]
    [InlineData(Api.Messages)]
    public async Task Streams_carry_the_routing_headers_but_not_the_cost_header(string surface)
    {
        using HttpClient client = Api.Client(fast.Server);
        JsonObject body = Api.Body(surface);
        body["stream"] = true;

        using HttpResponseMessage response = await Api.PostAsync(client, surface, body, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("openai", Api.Header(response, "x-flexinference-served-provider"));
        Assert.Equal("tier_direct", Api.Header(response, "x-flexinference-routing-reason"));
        Assert.Equal("byok", Api.Header(response, "x-flexinference-pricing"));
        Assert.Null(Api.HeaderOrNull(response, "x-flexinference-cost"));
        Assert.NotEmpty(await Sse.ReadAllAsync(response));
    }

    [Fact]
    public async Task Events_are_flushed_one_by_one_with_the_configured_pause()
    {
        await using FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions
        {
            TimeScale = 1,
            StreamEventDelay = TimeSpan.FromMilliseconds(30),
        }, TestContext.Current.CancellationToken);
        using HttpClient client = Api.Client(router);
        JsonObject body = Api.Body(Api.Chat);
        body["stream"] = true;

        (HttpResponseMessage response, TimeSpan headersAfter) = await Api.TimeHeadersAsync(client, Api.Chat, body);
        using (response)
        {
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            List<SseFrame> frames = await Sse.ReadAllAsync(response);

            // Role chunk, 9 content chunks, finish chunk, [DONE]: 12 frames, 11 pauses of 30 ms after the headers.
            Assert.Equal(Words + 3, frames.Count);
            Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(11 * 30 * 0.8), $"The stream took {stopwatch.Elapsed.TotalMilliseconds} ms.");
        }
    }

    private async Task<List<SseFrame>> StreamAsync(string surface, bool includeCost, Action<JsonObject>? edit = null, string model = "gpt-5.5")
    {
        using HttpClient client = Api.Client(fast.Server);
        JsonObject body = Api.Body(surface, model);
        body["stream"] = true;
        if (includeCost)
        {
            body["include_cost"] = true;
        }

        edit?.Invoke(body);
        using HttpResponseMessage response = await Api.PostAsync(client, surface, body, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)response.StatusCode);
        return await Sse.ReadAllAsync(response);
    }

    private static void AssertFlexFields(JsonElement usage, bool expected, bool priced = true)
    {
        Assert.Equal(expected, usage.TryGetProperty("routing", out JsonElement routing));
        Assert.Equal(expected && priced, usage.TryGetProperty("cost", out JsonElement cost));
        if (expected)
        {
            Assert.Equal("tier_direct", routing.GetProperty("reason").GetString());
            Assert.True(cost.GetProperty("total_micro_usd").GetInt64() > 0);
        }
    }
}
