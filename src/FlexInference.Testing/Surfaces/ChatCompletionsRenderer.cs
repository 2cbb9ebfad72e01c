using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace FlexInference.Testing;

/// <summary>
/// OpenAI Chat Completions: a <c>chat.completion</c>, and a <c>chat.completion.chunk</c> stream ending in
/// <c>data: [DONE]</c>, with a usage chunk only when <c>stream_options.include_usage</c> is set.
/// </summary>
internal sealed class ChatCompletionsRenderer : ISurfaceRenderer
{
    public JsonObject Body(ServeContext context) => new()
    {
        ["id"] = context.Id("chatcmpl-"),
        ["object"] = "chat.completion",
        ["created"] = context.CreatedUnixSeconds,
        ["model"] = context.Request.Model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = context.Completion.Text,
                ["refusal"] = null,
                ["annotations"] = new JsonArray(),
            },
            ["logprobs"] = null,
            ["finish_reason"] = FinishReason(context),
        }),
        ["usage"] = Usage(context, flexFields: true),
        ["service_tier"] = context.Routing.Tier,
        ["system_fingerprint"] = null,
    };

    public IReadOnlyList<SseEvent> Stream(ServeContext context)
    {
        var events = new List<SseEvent>
        {
            Chunk(context, new JsonObject { ["role"] = "assistant", ["content"] = string.Empty }, finishReason: null),
        };
        foreach (string piece in context.Completion.Chunks)
        {
            events.Add(Chunk(context, new JsonObject { ["content"] = piece }, finishReason: null));
        }

        events.Add(Chunk(context, new JsonObject(), FinishReason(context)));
        if (context.Request.IncludeUsage)
        {
            JsonObject usageChunk = Envelope(context);
            usageChunk["choices"] = new JsonArray();
            usageChunk["usage"] = Usage(context, context.StreamCarriesFlexFields);
            events.Add(new SseEvent(null, usageChunk.Write()));
        }

        events.Add(new SseEvent(null, "[DONE]", IsTerminal: true));
        return events;
    }

    // A failed chat stream ends with {"error": {...}} and no [DONE] (§6).
    public SseEvent Failure(ServeContext context, ErrorSpec error, int sequenceNumber) =>
        new(null, new JsonObject { ["error"] = ErrorEnvelopes.OpenAIError(error) }.Write(), IsTerminal: true);

    private static string FinishReason(ServeContext context) => context.Completion.Truncated ? "length" : "stop";

    private static SseEvent Chunk(ServeContext context, JsonObject delta, string? finishReason)
    {
        JsonObject chunk = Envelope(context);
        chunk["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["delta"] = delta,
            ["logprobs"] = null,
            ["finish_reason"] = finishReason,
        });
        if (context.Request.IncludeUsage)
        {
            // OpenAI sends "usage": null on every chunk but the last when include_usage is on.
            chunk["usage"] = null;
        }

        return new SseEvent(null, chunk.Write());
    }

    private static JsonObject Envelope(ServeContext context) => new()
    {
        ["id"] = context.Id("chatcmpl-"),
        ["object"] = "chat.completion.chunk",
        ["created"] = context.CreatedUnixSeconds,
        ["model"] = context.Request.Model,
        ["service_tier"] = context.Routing.Tier,
        ["system_fingerprint"] = null,
    };

    private static JsonObject Usage(ServeContext context, bool flexFields) => new JsonObject
    {
        ["prompt_tokens"] = context.Completion.InputTokens,
        ["completion_tokens"] = context.Completion.OutputTokens,
        ["total_tokens"] = context.Completion.InputTokens + context.Completion.OutputTokens,
        ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
        ["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
    }.WithFlexFields(context, flexFields);
}
