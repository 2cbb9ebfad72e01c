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

/// <summary>A Chat Completions stream: <c>chat.completion.chunk</c>s until <c>[DONE]</c>.</summary>
public sealed class ChatCompletionStream : FlexInferenceStream<CreateChatCompletionStreamResponse>
{
    private readonly SortedDictionary<int, ChoiceBuilder> _choices = new();
    private CreateChatCompletionStreamResponse? _first;
    private CompletionUsage? _usage;
    private ServiceTier? _serviceTier;
    private string? _fingerprint;

    internal ChatCompletionStream(StreamingResponse response)
        : base(response)
    {
    }

    /// <summary>
    /// The chunks folded into one <see cref="CreateChatCompletionResponse"/>: text, refusals, tool calls (arguments
    /// joined), finish reasons, and usage (sent when <c>stream_options.include_usage</c> is on, which the SDK sets
    /// when you leave <c>stream_options</c> out).
    /// </summary>
    /// <exception cref="InvalidOperationException">The stream is being enumerated and has not ended yet.</exception>
    public Task<CreateChatCompletionResponse> GetFinalCompletionAsync(CancellationToken cancellationToken = default) => FinishAsync(Build, async: true, cancellationToken).AsTask();

    /// <summary>The synchronous twin of <see cref="GetFinalCompletionAsync"/>.</summary>
    public CreateChatCompletionResponse GetFinalCompletion() => FinishAsync(Build, async: false, default).EnsureCompleted();

    private protected override CreateChatCompletionStreamResponse ParseEvent(ReadOnlySpan<byte> data) =>
        JsonSerializer.Deserialize(data, FlexInferenceJsonContext.Default.CreateChatCompletionStreamResponse) ?? throw new JsonException("A stream event is JSON null.");

    private protected override string? TextDelta(CreateChatCompletionStreamResponse item) => item.IsTextDelta(out string? delta) ? delta : null;

    private protected override void Accumulate(CreateChatCompletionStreamResponse item)
    {
        _first ??= item;
        _serviceTier = item.ServiceTier ?? _serviceTier;
        _fingerprint = item.SystemFingerprint ?? _fingerprint;
        if (item.Usage is { } usage)
        {
            _usage = usage;
            UpdateRouting(_serviceTier, usage.Routing, usage.Cost);
        }

        foreach (ChatCompletionStreamChoice choice in item.Choices ?? Array.Empty<ChatCompletionStreamChoice>())
        {
            int index = choice.Index ?? 0;
            if (!_choices.TryGetValue(index, out ChoiceBuilder? builder))
            {
                _choices[index] = builder = new ChoiceBuilder();
            }

            builder.Add(choice);
        }
    }

    private protected override ResultFacts Facts() => new(null, null, null, _first?.Model, _first?.Id, _usage?.PromptTokens, _usage?.CompletionTokens);

    private CreateChatCompletionResponse Build()
    {
        var choices = new List<ChatCompletionChoice>();
        foreach (KeyValuePair<int, ChoiceBuilder> pair in _choices)
        {
            choices.Add(pair.Value.Build(pair.Key));
        }

        return new CreateChatCompletionResponse
        {
            Id = _first?.Id ?? string.Empty,
            Created = _first?.Created,
            Model = _first?.Model,
            Choices = choices,
            Usage = _usage,
            ServiceTier = _serviceTier,
            SystemFingerprint = _fingerprint,
        };
    }

    /// <summary>One choice's deltas, folded.</summary>
    private sealed class ChoiceBuilder
    {
        private readonly StringBuilder _content = new();
        private readonly StringBuilder _refusal = new();
        private readonly SortedDictionary<int, ToolCallBuilder> _toolCalls = new();
        private bool _hasContent;
        private bool _hasRefusal;
        private ChatCompletionFinishReason? _finishReason;

        public void Add(ChatCompletionStreamChoice choice)
        {
            _finishReason = choice.FinishReason ?? _finishReason;
            if (choice.Delta is not { } delta)
            {
                return;
            }

            if (delta.Content is { } content)
            {
                _content.Append(content);
                _hasContent = true;
            }

            if (delta.Refusal is { } refusal)
            {
                _refusal.Append(refusal);
                _hasRefusal = true;
            }

            foreach (ChatCompletionMessageToolCallChunk chunk in delta.ToolCalls ?? Array.Empty<ChatCompletionMessageToolCallChunk>())
            {
                int index = chunk.Index ?? 0;
                if (!_toolCalls.TryGetValue(index, out ToolCallBuilder? call))
                {
                    _toolCalls[index] = call = new ToolCallBuilder();
                }

                call.Id ??= chunk.Id;
                call.Name ??= chunk.Function?.Name;
                call.Arguments.Append(chunk.Function?.Arguments);
            }
        }

        public ChatCompletionChoice Build(int index)
        {
            var toolCalls = new List<ChatCompletionMessageToolCallUnion>();
            foreach (ToolCallBuilder call in _toolCalls.Values)
            {
                toolCalls.Add(new ChatCompletionMessageToolCall
                {
                    Id = call.Id ?? string.Empty,
                    Function = new ChatCompletionMessageToolCallFunction { Name = call.Name ?? string.Empty, Arguments = call.Arguments.ToString() },
                });
            }

            return new ChatCompletionChoice
            {
                Index = index,
                FinishReason = _finishReason,
                Message = new ChatCompletionResponseMessage
                {
                    Content = _hasContent ? _content.ToString() : null,
                    Refusal = _hasRefusal ? _refusal.ToString() : null,
                    ToolCalls = toolCalls.Count > 0 ? toolCalls : null,
                },
            };
        }
    }

    private sealed class ToolCallBuilder
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public StringBuilder Arguments { get; } = new();
    }
}
