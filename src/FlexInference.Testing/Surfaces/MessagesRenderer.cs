using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace FlexInference.Testing;

/// <summary>
/// Anthropic Messages: a <c>message</c>, and the Anthropic stream (message_start, content_block_start, ping,
/// content_block_delta ×N, content_block_stop, message_delta with usage, message_stop).
/// </summary>
internal sealed class MessagesRenderer : ISurfaceRenderer
{
    public JsonObject Body(ServeContext context)
    {
        JsonObject message = Message(context, new JsonArray(TextBlock(context.Completion.Text)), StopReason(context));
        message["usage"] = Usage(context, context.Completion.OutputTokens).WithFlexFields(context, include: true);
        return message;
    }

    public IReadOnlyList<SseEvent> Stream(ServeContext context)
    {
        JsonObject start = Message(context, new JsonArray(), stopReason: null);
        start["usage"] = Usage(context, outputTokens: 1);
        var events = new List<SseEvent>
        {
            Event("message_start", new JsonObject { ["message"] = start }),
            Event("content_block_start", new JsonObject { ["index"] = 0, ["content_block"] = TextBlock(string.Empty) }),
            Event("ping", new JsonObject()),
        };
        foreach (string chunk in context.Completion.Chunks)
        {
            events.Add(Event("content_block_delta", new JsonObject
            {
                ["index"] = 0,
                ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = chunk },
            }));
        }

        events.Add(Event("content_block_stop", new JsonObject { ["index"] = 0 }));
        events.Add(Event("message_delta", new JsonObject
        {
            ["delta"] = new JsonObject { ["stop_reason"] = StopReason(context), ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = context.Completion.OutputTokens }.WithFlexFields(context, context.StreamCarriesFlexFields),
        }));
        events.Add(Event("message_stop", new JsonObject(), terminal: true));
        return events;
    }

    public SseEvent Failure(ServeContext context, ErrorSpec error, int sequenceNumber) =>
        Event("error", new JsonObject { ["error"] = ErrorEnvelopes.AnthropicError(error) }, terminal: true);

    private static string StopReason(ServeContext context) => context.Completion.Truncated ? "max_tokens" : "end_turn";

    private static SseEvent Event(string type, JsonObject payload, bool terminal = false)
    {
        var data = new JsonObject { ["type"] = type };
        foreach (KeyValuePair<string, JsonNode?> property in payload)
        {
            data[property.Key] = property.Value?.DeepClone();
        }

        return new SseEvent(type, data.Write(), terminal);
    }

    private static JsonObject Message(ServeContext context, JsonArray content, string? stopReason) => new()
    {
        ["id"] = context.Id("msg_"),
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = context.Request.Model,
        ["content"] = content,
        ["stop_reason"] = stopReason,
        ["stop_sequence"] = null,
        ["service_tier"] = context.Routing.Tier,
    };

    private static JsonObject TextBlock(string text) => new() { ["type"] = "text", ["text"] = text };

    private static JsonObject Usage(ServeContext context, long outputTokens) => new()
    {
        ["input_tokens"] = context.Completion.InputTokens,
        ["cache_creation_input_tokens"] = 0,
        ["cache_read_input_tokens"] = 0,
        ["output_tokens"] = outputTokens,
        ["service_tier"] = context.Routing.Tier,
    };
}
