using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FlexInference.Pipeline;
using FlexInference.Streaming;
using FlexInference.Routing;

namespace FlexInference;

/// <summary>An Anthropic Messages stream: <see cref="MessageStreamEvent"/>s until <c>message_stop</c>; <c>ping</c>s are skipped.</summary>
public sealed class MessageStream : FlexInferenceStream<MessageStreamEvent>
{
    private readonly SortedDictionary<int, BlockBuilder> _blocks = new();
    private MessageObject? _start;
    private MessageDeltaStopInfo? _stop;
    private MessageUsage? _deltaUsage;
    private readonly Dictionary<string, string> _incomplete = new(StringComparer.Ordinal);

    internal MessageStream(StreamingResponse response)
        : base(response)
    {
    }

    /// <summary>
    /// The events folded into one <see cref="MessageObject"/>: text and thinking joined, tool-use input parsed from
    /// its JSON deltas, the stop reason, and usage (input from <c>message_start</c>, output from <c>message_delta</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The stream is being enumerated and has not ended yet.</exception>
    public Task<MessageObject> GetFinalMessageAsync(CancellationToken cancellationToken = default) => FinishAsync(Build, async: true, cancellationToken).AsTask();

    /// <summary>The synchronous twin of <see cref="GetFinalMessageAsync"/>.</summary>
    public MessageObject GetFinalMessage() => FinishAsync(Build, async: false, default).EnsureCompleted();

    /// <summary>
    /// After <see cref="GetFinalMessageAsync"/>: the raw <c>partial_json</c> of tool inputs the stream cut off before
    /// they were complete JSON (a <c>stop_reason</c> of <c>max_tokens</c> mid-call), by tool-use id. The block's
    /// <c>Input</c> then holds only the complete part, open objects and arrays closed, as the Anthropic SDKs return it.
    /// </summary>
    public IReadOnlyDictionary<string, string> IncompleteToolInputs => _incomplete;

    private protected override MessageStreamEvent ParseEvent(ReadOnlySpan<byte> data) =>
        JsonSerializer.Deserialize(data, FlexInferenceJsonContext.Default.MessageStreamEvent) ?? throw new JsonException("A stream event is JSON null.");

    private protected override bool IsSkipped(MessageStreamEvent item) => item.IsUnknown || item.IsMessagePingEvent;

    private protected override string? TextDelta(MessageStreamEvent item) => item.IsTextDelta(out string? delta) ? delta : null;

    private protected override void Accumulate(MessageStreamEvent item)
    {
        if (item.TryGetMessageStartEvent(out MessageStartEvent? start))
        {
            _start = start.Message;
        }
        else if (item.TryGetMessageContentBlockStartEvent(out MessageContentBlockStartEvent? blockStart))
        {
            _blocks[blockStart.Index ?? _blocks.Count] = new BlockBuilder(blockStart.ContentBlock);
        }
        else if (item.TryGetMessageContentBlockDeltaEvent(out MessageContentBlockDeltaEvent? blockDelta) && blockDelta.Delta is { } delta)
        {
            int index = blockDelta.Index ?? 0;
            if (!_blocks.TryGetValue(index, out BlockBuilder? builder))
            {
                _blocks[index] = builder = new BlockBuilder(null);
            }

            builder.Add(delta);
        }
        else if (item.TryGetMessageDeltaEvent(out MessageDeltaEvent? messageDelta))
        {
            _stop = messageDelta.Delta ?? _stop;
            _deltaUsage = messageDelta.Usage ?? _deltaUsage;
            MessageUsage? usage = MergedUsage();
            UpdateRouting(_start?.ServiceTier ?? usage?.ServiceTier, usage?.Routing, usage?.Cost);
        }
    }

    private MessageUsage? MergedUsage()
    {
        MessageUsage? first = _start?.Usage;
        MessageUsage? last = _deltaUsage;
        if (first is null || last is null)
        {
            return last ?? first;
        }

        return first with
        {
            InputTokens = last.InputTokens ?? first.InputTokens,
            CacheCreationInputTokens = last.CacheCreationInputTokens ?? first.CacheCreationInputTokens,
            CacheReadInputTokens = last.CacheReadInputTokens ?? first.CacheReadInputTokens,
            OutputTokens = last.OutputTokens ?? first.OutputTokens,
            OutputTokensDetails = last.OutputTokensDetails ?? first.OutputTokensDetails,
            Cost = last.Cost ?? first.Cost,
            Routing = last.Routing ?? first.Routing,
            ServerToolUse = last.ServerToolUse ?? first.ServerToolUse,
            Iterations = last.Iterations ?? first.Iterations,
        };
    }

    private protected override ResultFacts Facts()
    {
        MessageUsage? usage = MergedUsage();
        return new(null, null, null, _start?.Model, _start?.Id, ResultFacts.AnthropicInput(usage), usage?.OutputTokens);
    }

    private MessageObject Build()
    {
        var content = new List<MessageResponseContentBlock>();
        foreach (BlockBuilder block in _blocks.Values)
        {
            if (block.Build() is { } built)
            {
                content.Add(built);
            }

            if (block.IncompleteInput is { } raw)
            {
                _incomplete[raw.Id] = raw.Json;
            }
        }

        MessageObject start = _start ?? new MessageObject { Id = string.Empty };
        return start with
        {
            Content = content,
            StopReason = _stop?.StopReason ?? start.StopReason,
            StopSequence = _stop?.StopSequence ?? start.StopSequence,
            StopDetails = _stop?.StopDetails ?? start.StopDetails,
            Container = _stop?.Container ?? start.Container,
            Usage = MergedUsage(),
        };
    }

    /// <summary>One content block's start and deltas, folded.</summary>
    private sealed class BlockBuilder(MessageStreamContentBlock? start)
    {
        private readonly StringBuilder _text = new();
        private readonly StringBuilder _json = new();
        private string? _signature;

        /// <summary>Set by <see cref="Build"/> when the input JSON was cut off.</summary>
        public (string Id, string Json)? IncompleteInput { get; private set; }

        public void Add(MessageStreamDelta delta)
        {
            if (delta.TryGetMessageTextDelta(out MessageTextDelta? text))
            {
                _text.Append(text.Text);
            }
            else if (delta.TryGetMessageThinkingDelta(out MessageThinkingDelta? thinking))
            {
                _text.Append(thinking.Thinking);
            }
            else if (delta.TryGetMessageInputJsonDelta(out MessageInputJsonDelta? json))
            {
                _json.Append(json.PartialJson);
            }
            else if (delta.TryGetMessageSignatureDelta(out MessageSignatureDelta? signature))
            {
                _signature = signature.Signature;
            }
            else if (delta.TryGetMessageCompactionDelta(out MessageCompactionDelta? compaction))
            {
                _text.Append(compaction.Content);
                _signature = compaction.EncryptedContent ?? _signature;
            }
        }

        public MessageResponseContentBlock? Build()
        {
            if (start is null || start.TryGetMessageTextBlock(out _))
            {
                string initial = start is not null && start.TryGetMessageTextBlock(out MessageTextBlock? text) ? text.Text : string.Empty;
                return new MessageTextBlock { Text = initial + _text };
            }

            if (start.TryGetMessageThinkingBlock(out MessageThinkingBlock? thinking))
            {
                return thinking with { Thinking = thinking.Thinking + _text, Signature = _signature ?? thinking.Signature };
            }

            if (start.TryGetMessageToolUseBlock(out MessageToolUseBlock? toolUse))
            {
                return _json.Length == 0 ? toolUse : toolUse with { Input = ParseInput(toolUse.Id, toolUse.Input) };
            }

            if (start.TryGetMessageServerToolUseBlock(out MessageServerToolUseBlock? serverToolUse))
            {
                return _json.Length == 0 ? serverToolUse : serverToolUse with { Input = ParseInput(serverToolUse.Id ?? string.Empty, serverToolUse.Input ?? default) };
            }

            if (start.TryGetMessageCompactionBlock(out MessageCompactionBlock? compactionBlock))
            {
                return compactionBlock with
                {
                    Content = _text.Length == 0 ? compactionBlock.Content : compactionBlock.Content + _text,
                    EncryptedContent = _signature ?? compactionBlock.EncryptedContent,
                };
            }

            if (start.TryGetMessageRedactedThinkingBlock(out MessageRedactedThinkingBlock? redacted))
            {
                return redacted;
            }

            if (start.TryGetMessageWebSearchToolResultBlock(out MessageWebSearchToolResultBlock? searchResult))
            {
                return searchResult;
            }

            return null; // a block type this SDK does not know: left out of the folded message
        }

        private JsonElement ParseInput(string id, JsonElement started)
        {
            string json = _json.ToString();
            if (PartialJson.TryParse(json, out JsonElement input))
            {
                return input;
            }

            IncompleteInput = (id, json);
            return input.ValueKind == JsonValueKind.Undefined ? started : input;
        }
    }
}
