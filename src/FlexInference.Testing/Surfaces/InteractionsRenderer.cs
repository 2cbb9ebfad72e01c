using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace FlexInference.Testing;

/// <summary>
/// Gemini Interactions: an <c>interaction</c> with one <c>model_output</c> step, and the <c>event_type</c> stream
/// (interaction.created, step.start, step.delta ×N, step.stop, interaction.completed).
/// </summary>
internal sealed class InteractionsRenderer : ISurfaceRenderer
{
    public JsonObject Body(ServeContext context) => new()
    {
        ["id"] = context.Id("int_"),
        ["object"] = "interaction",
        ["status"] = Status(context),
        ["model"] = context.Request.Model,
        ["created"] = context.CreatedUnixSeconds,
        ["updated"] = context.CreatedUnixSeconds,
        ["service_tier"] = context.Routing.Tier,
        ["usage"] = Usage(context, flexFields: true),
        ["steps"] = new JsonArray(new JsonObject
        {
            ["type"] = "model_output",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = context.Completion.Text }),
        }),
    };

    public IReadOnlyList<SseEvent> Stream(ServeContext context)
    {
        var events = new List<SseEvent>
        {
            Event("interaction.created", new JsonObject { ["interaction"] = Snapshot(context, "in_progress", usage: null) }),
            Event("step.start", new JsonObject { ["index"] = 0, ["step"] = new JsonObject { ["type"] = "model_output" } }),
        };
        foreach (string chunk in context.Completion.Chunks)
        {
            events.Add(Event("step.delta", new JsonObject
            {
                ["index"] = 0,
                ["delta"] = new JsonObject { ["type"] = "text", ["text"] = chunk },
            }));
        }

        events.Add(Event("step.stop", new JsonObject { ["index"] = 0 }));
        JsonObject final = Snapshot(context, Status(context), Usage(context, context.StreamCarriesFlexFields));
        final["service_tier"] = context.Routing.Tier;
        events.Add(Event("interaction.completed", new JsonObject { ["interaction"] = final }, terminal: true));
        return events;
    }

    public SseEvent Failure(ServeContext context, ErrorSpec error, int sequenceNumber) =>
        Event("error", new JsonObject { ["error"] = ErrorEnvelopes.GoogleError(error) }, terminal: true);

    private static string Status(ServeContext context) => context.Completion.Truncated ? "incomplete" : "completed";

    private static SseEvent Event(string eventType, JsonObject payload, bool terminal = false)
    {
        var data = new JsonObject { ["event_type"] = eventType };
        foreach (KeyValuePair<string, JsonNode?> property in payload)
        {
            data[property.Key] = property.Value?.DeepClone();
        }

        return new SseEvent(eventType, data.Write(), terminal);
    }

    private static JsonObject Snapshot(ServeContext context, string status, JsonObject? usage)
    {
        var snapshot = new JsonObject
        {
            ["id"] = context.Id("int_"),
            ["object"] = "interaction",
            ["status"] = status,
            ["model"] = context.Request.Model,
        };
        if (usage is not null)
        {
            snapshot["usage"] = usage;
        }

        return snapshot;
    }

    private static JsonObject Usage(ServeContext context, bool flexFields) => new JsonObject
    {
        ["total_input_tokens"] = context.Completion.InputTokens,
        ["total_output_tokens"] = context.Completion.OutputTokens,
        ["total_thought_tokens"] = 0,
        ["total_cached_tokens"] = 0,
        ["total_tool_use_tokens"] = 0,
        ["total_tokens"] = context.Completion.InputTokens + context.Completion.OutputTokens,
    }.WithFlexFields(context, flexFields);
}
