using System.Text.Json;
using FlexInference.Streaming;
using static FlexInference.Tests.Streaming.StreamKit;

namespace FlexInference.Tests.Streaming;

/// <summary>
/// Issue #17: streams cut off mid tool call, content that arrives in a step's start, fields whose JSON shape differs
/// from the spec, and folded objects that must not invent fields. Fixtures and their sources: Fixtures/Streams/README.md.
/// </summary>
public sealed class CutAndOffSpecStreamTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_recorded_message_stream_cut_by_max_tokens_inside_a_tool_input_returns_the_partial_message(bool sync)
    {
        (FlexInferenceClient client, _) = InMemoryClient(() => new MemoryStream(Fixture("messages.max_tokens_in_tool_input.sse")));
        using (client)
        {
            using MessageStream stream = client.Messages.CreateStreaming(MessageRequest, cancellationToken: Token);
            MessageObject message = sync ? stream.GetFinalMessage() : await stream.GetFinalMessageAsync(Token);

            Assert.Equal(MessageStopReason.MaxTokens, message.StopReason);
            Assert.Equal(2, message.Content!.Count);
            Assert.StartsWith("I'll create a comprehensive tax guide", message.Content[0].AsMessageTextBlock().Text, StringComparison.Ordinal);
            MessageToolUseBlock tool = message.Content[1].AsMessageToolUseBlock();
            Assert.Equal("make_file", tool.Name);

            // The complete part is kept, the half-written string is not (the Anthropic SDKs' default partial mode).
            Assert.Equal("taxes.txt", tool.Input.GetProperty("filename").GetString());
            string[] lines = tool.Input.GetProperty("lines_of_text").EnumerateArray().Select(line => line.GetString()!).ToArray();
            Assert.Equal(["# COMPREHENSIVE TAX GUIDE FOR INDIVIDUALS WITH MULTIPLE W-2s", "", "## INTRODUCTION", ""], lines);

            // The raw text, cut where the stream stopped, is available.
            string raw = Assert.Single(stream.IncompleteToolInputs, pair => pair.Key == "toolu_01EKqbqmZrGRXy18eN7m9kvY").Value;
            Assert.EndsWith("\n\"Filing taxes", raw, StringComparison.Ordinal);
            Assert.Equal(124, message.Usage!.OutputTokens);
        }
    }

    [Fact]
    public async Task A_complete_tool_input_is_not_reported_as_incomplete()
    {
        const string sse =
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[]}}\n\n" +
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"f\",\"input\":{}}}\n\n" +
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\": [1, 2]}\"}}\n\n" +
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        await using SseServer server = SseServer.Fixed(sse);
        using FlexInferenceClient client = server.Client();

        using MessageStream stream = client.Messages.CreateStreaming(MessageRequest, cancellationToken: Token);
        MessageObject message = await stream.GetFinalMessageAsync(Token);

        Assert.Equal("[1, 2]", message.Content![0].AsMessageToolUseBlock().Input.GetProperty("a").GetRawText());
        Assert.Empty(stream.IncompleteToolInputs);
    }

    [Fact]
    public async Task A_chat_stream_cut_inside_tool_arguments_keeps_the_raw_arguments()
    {
        const string sse =
            "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\": \\\"Z\"}}]}}]}\n\n" +
            "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}\n\n" +
            "data: [DONE]\n\n";
        await using SseServer server = SseServer.Fixed(sse);
        using FlexInferenceClient client = server.Client();

        using ChatCompletionStream stream = client.Chat.Completions.CreateStreaming(ChatRequest, cancellationToken: Token);
        CreateChatCompletionResponse completion = await stream.GetFinalCompletionAsync(Token);

        Assert.Equal(ChatCompletionFinishReason.Length, completion.Choices![0].FinishReason);
        ChatCompletionMessageToolCall call = completion.Choices[0].Message!.ToolCalls![0].AsChatCompletionMessageToolCall();
        Assert.Equal("{\"city\": \"Z", call.Function.Arguments);
    }

    [Fact]
    public async Task An_interaction_stream_cut_inside_function_arguments_keeps_the_complete_part_and_the_raw_text()
    {
        const string sse =
            "data: {\"event_type\":\"step.start\",\"index\":0,\"step\":{\"type\":\"function_call\",\"id\":\"fc_1\",\"name\":\"get_forecast\"}}\n\n" +
            "data: {\"event_type\":\"step.delta\",\"index\":0,\"delta\":{\"type\":\"arguments_delta\",\"arguments\":\"{\\\"days\\\": 3, \\\"city\\\": \\\"Zü\"}}\n\n" +
            "data: {\"event_type\":\"interaction.completed\",\"interaction\":{\"id\":\"i1\",\"status\":\"incomplete\"}}\n\n";
        await using SseServer server = SseServer.Fixed(sse);
        using FlexInferenceClient client = server.Client();

        using InteractionStream stream = client.Interactions.CreateStreaming(InteractionRequest, cancellationToken: Token);
        InteractionObject interaction = await stream.GetFinalInteractionAsync(Token);

        InteractionFunctionCallResponseStep call = interaction.Steps![0].AsInteractionFunctionCallResponseStep();
        Assert.Equal("{\"days\": 3}", call.Arguments!.Value.GetRawText());
        Assert.Equal("{\"days\": 3, \"city\": \"Zü", stream.IncompleteArguments["fc_1"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Text_in_a_step_start_is_kept_and_an_off_spec_delta_stays_typed(bool sync)
    {
        (FlexInferenceClient client, _) = InMemoryClient(() => new MemoryStream(Fixture("interactions.step_start_content.sse")));
        using (client)
        {
            using InteractionStream stream = client.Interactions.CreateStreaming(InteractionRequest, cancellationToken: Token);
            var events = new List<InteractionStreamEvent>();
            foreach (InteractionStreamEvent item in stream)
            {
                events.Add(item);
            }

            InteractionObject interaction = sync ? stream.GetFinalInteraction() : await stream.GetFinalInteractionAsync(Token);

            // The text of the step's start comes first, then the delta.
            Assert.Equal("It's snowing in Zürich — bring boots ❄️", interaction.Steps![0].AsInteractionModelOutputResponseStep().Content![0].Text);

            // The google_search_call delta (arguments an object, the spec says string) is a typed step.delta, its value kept raw.
            Assert.Equal(8, events.Count);
            InteractionStepDeltaEvent delta = events[5].AsInteractionStepDeltaEvent();
            Assert.Null(delta.Delta!.Arguments);
            Assert.Equal("c2lnbmF0dXJl", delta.Delta.Signature);
            Assert.Equal("""{"queries":["Zürich snow forecast"]}""", delta.Delta.AdditionalProperties!["arguments"].GetRawText());
            Assert.Contains("\"arguments\":{\"queries\":[\"Zürich snow forecast\"]}", JsonSerializer.Serialize(delta.Delta, FlexInferenceJsonContext.Default.InteractionStreamDelta), StringComparison.Ordinal);

            // The snapshot's fields come along, and nothing it did not carry is added.
            Assert.Equal("2026-01-15T10:00:02Z", interaction.Updated);
            Assert.Equal(12, interaction.Usage!.InputTokensByModality![0].Tokens);
            string written = JsonSerializer.Serialize(interaction, FlexInferenceJsonContext.Default.InteractionObject);
            Assert.DoesNotContain("\"object\"", written, StringComparison.Ordinal);
            Assert.Contains("\"service_tier\":\"flex\"", written, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_recorded_compaction_stream_folds_the_compaction_block()
    {
        (FlexInferenceClient client, _) = InMemoryClient(() => new MemoryStream(Fixture("messages.compaction.sse")));
        using (client)
        {
            using MessageStream stream = client.Messages.CreateStreaming(MessageRequest, cancellationToken: Token);
            var deltas = new List<MessageStreamEvent>();
            await foreach (MessageStreamEvent item in stream)
            {
                deltas.Add(item);
            }

            MessageObject message = await stream.GetFinalMessageAsync(Token);

            Assert.DoesNotContain(deltas, item => item.IsUnknown);
            Assert.True(deltas[2].AsMessageContentBlockDeltaEvent().Delta!.IsMessageCompactionDelta);
            MessageCompactionBlock compaction = message.Content![0].AsMessageCompactionBlock();
            Assert.Equal("Earlier conversation summarized.", compaction.Content);
            Assert.Equal("EpwBCioIDxgCEAEYASJALd_opaque_compaction_payload", compaction.EncryptedContent);
            Assert.Equal("Hello there!", message.Content[1].AsMessageTextBlock().Text);
        }
    }

    [Theory]
    [InlineData("{\"a\": 1, \"b\": [true, null], \"c\": \"x", "{\"a\":1,\"b\":[true,null]}")]
    [InlineData("{\"filename\": \"taxes.txt\", \"lines\": [\"a\",", "{\"filename\":\"taxes.txt\",\"lines\":[\"a\"]}")]
    [InlineData("{\"a\": {\"b\": 12", "{\"a\":{}}")]
    [InlineData("{\"a\"", "{}")]
    [InlineData("[1, 2, {\"k\": \"v\"}, ", "[1,2,{\"k\":\"v\"}]")]
    [InlineData("{\"esc\": \"q\\\"uote\", \"next\": \"\\u00", "{\"esc\":\"q\\\"uote\"}")]
    public void Partial_json_keeps_the_complete_part(string text, string expected)
    {
        Assert.False(PartialJson.TryParse(text, out JsonElement value));
        Assert.Equal(expected, JsonSerializer.Serialize(value, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"unfinished")]
    [InlineData("}")]
    public void Partial_json_without_a_complete_part_gives_nothing(string text)
    {
        Assert.False(PartialJson.TryParse(text, out JsonElement value));
        Assert.Equal(JsonValueKind.Undefined, value.ValueKind);
    }
}
