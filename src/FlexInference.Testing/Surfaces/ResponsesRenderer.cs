using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace FlexInference.Testing;

/// <summary>OpenAI Responses: a <c>response</c> object with one output message, and the Responses event stream (no [DONE]).</summary>
internal sealed class ResponsesRenderer : ISurfaceRenderer
{
    public JsonObject Body(ServeContext context) => Response(context, Status(context), includeOutput: true, includeUsage: true, flexFields: true);

    public IReadOnlyList<SseEvent> Stream(ServeContext context)
    {
        var events = new List<SseEvent>();
        string itemId = context.Id("msg_");
        int sequence = 0;

        void Add(string type, JsonObject payload, bool terminal = false)
        {
            var data = new JsonObject { ["type"] = type };
            foreach (KeyValuePair<string, JsonNode?> property in payload)
            {
                data[property.Key] = property.Value?.DeepClone();
            }

            data["sequence_number"] = sequence++;
            events.Add(new SseEvent(type, data.Write(), terminal));
        }

        JsonObject snapshot() => Response(context, "in_progress", includeOutput: false, includeUsage: false, flexFields: false);
        Add("response.created", new JsonObject { ["response"] = snapshot() });
        Add("response.in_progress", new JsonObject { ["response"] = snapshot() });
        Add("response.output_item.added", new JsonObject { ["output_index"] = 0, ["item"] = Message(itemId, "in_progress", null) });
        Add("response.content_part.added", new JsonObject
        {
            ["item_id"] = itemId, ["output_index"] = 0, ["content_index"] = 0, ["part"] = TextPart(string.Empty),
        });
        foreach (string chunk in context.Completion.Chunks)
        {
            Add("response.output_text.delta", new JsonObject
            {
                ["item_id"] = itemId, ["output_index"] = 0, ["content_index"] = 0, ["delta"] = chunk, ["logprobs"] = new JsonArray(),
            });
        }

        string text = context.Completion.Text;
        Add("response.output_text.done", new JsonObject
        {
            ["item_id"] = itemId, ["output_index"] = 0, ["content_index"] = 0, ["text"] = text, ["logprobs"] = new JsonArray(),
        });
        Add("response.content_part.done", new JsonObject
        {
            ["item_id"] = itemId, ["output_index"] = 0, ["content_index"] = 0, ["part"] = TextPart(text),
        });
        Add("response.output_item.done", new JsonObject { ["output_index"] = 0, ["item"] = Message(itemId, "completed", text) });

        string status = Status(context);
        JsonObject final = Response(context, status, includeOutput: true, includeUsage: true, flexFields: context.StreamCarriesFlexFields);
        Add(status == "completed" ? "response.completed" : "response.incomplete", new JsonObject { ["response"] = final }, terminal: true);
        return events;
    }

    public SseEvent Failure(ServeContext context, ErrorSpec error, int sequenceNumber)
    {
        JsonObject response = Response(context, "failed", includeOutput: false, includeUsage: false, flexFields: false);
        response["error"] = new JsonObject
        {
            ["code"] = error.Status == 429 ? "rate_limit_exceeded" : "server_error",
            ["message"] = error.Message,
            ["flexinference"] = ErrorEnvelopes.Detail(error),
        };
        var data = new JsonObject { ["type"] = "response.failed", ["response"] = response, ["sequence_number"] = sequenceNumber };
        return new SseEvent("response.failed", data.Write(), IsTerminal: true);
    }

    private static string Status(ServeContext context) => context.Completion.Truncated ? "incomplete" : "completed";

    private static JsonObject Response(ServeContext context, string status, bool includeOutput, bool includeUsage, bool flexFields)
    {
        Completion completion = context.Completion;
        bool done = status is "completed" or "incomplete";
        return new JsonObject
        {
            ["id"] = context.Id("resp_"),
            ["object"] = "response",
            ["created_at"] = context.CreatedUnixSeconds,
            ["status"] = status,
            ["completed_at"] = done ? context.CreatedUnixSeconds : null,
            ["error"] = null,
            ["incomplete_details"] = status == "incomplete" ? new JsonObject { ["reason"] = "max_output_tokens" } : null,
            ["max_output_tokens"] = context.Request.MaxOutputTokens,
            ["model"] = context.Request.Model,
            ["output"] = includeOutput ? new JsonArray(Message(context.Id("msg_"), "completed", completion.Text)) : new JsonArray(),
            ["parallel_tool_calls"] = true,
            ["service_tier"] = context.Routing.Tier,
            ["usage"] = includeUsage
                ? new JsonObject
                {
                    ["input_tokens"] = completion.InputTokens,
                    ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
                    ["output_tokens"] = completion.OutputTokens,
                    ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
                    ["total_tokens"] = completion.InputTokens + completion.OutputTokens,
                }.WithFlexFields(context, flexFields)
                : null,
            ["metadata"] = new JsonObject(),
        };
    }

    private static JsonObject Message(string id, string status, string? text) => new()
    {
        ["type"] = "message",
        ["id"] = id,
        ["status"] = status,
        ["role"] = "assistant",
        ["content"] = text is null ? new JsonArray() : new JsonArray(TextPart(text)),
    };

    private static JsonObject TextPart(string text) => new()
    {
        ["type"] = "output_text",
        ["text"] = text,
        ["annotations"] = new JsonArray(),
        ["logprobs"] = new JsonArray(),
    };
}
