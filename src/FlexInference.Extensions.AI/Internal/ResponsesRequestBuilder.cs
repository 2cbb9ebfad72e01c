using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using AIReasoningEffort = Microsoft.Extensions.AI.ReasoningEffort;

namespace FlexInference.Extensions.AI.Internal;

/// <summary>Microsoft.Extensions.AI messages and options as an OpenAI Responses request body.</summary>
internal static class ResponsesRequestBuilder
{
    public static CreateResponse Build(IChatClient client, IEnumerable<ChatMessage> messages, ChatOptions? options, string? defaultModel, StartWithin? defaultStartWithin, bool stream)
    {
        JsonObject body = RequestBody.Start(client, options, FlexInferenceChatApi.Responses);
        body["model"] = RequestBody.Model(body, options, defaultModel);
        body["input"] = Input(body["input"], messages);
        if (options is not null)
        {
            MapOptions(body, options);
        }

        RequestBody.Finish(body, options, defaultStartWithin);
        body.Remove("stream");
        CreateResponse request = JsonSerializer.Deserialize(body, FlexInferenceJsonContext.Default.CreateResponse)!;
        return stream ? request with { Stream = true } : request;
    }

    /// <summary>Input items in conversation order, after any items the caller's raw request already had.</summary>
    internal static JsonArray Input(JsonNode? existing, IEnumerable<ChatMessage> messages)
    {
        var items = new JsonArray();
        switch (existing)
        {
            case JsonArray earlier:
                foreach (JsonNode? item in earlier)
                {
                    items.Add(item?.DeepClone());
                }

                break;
            case JsonValue text when text.TryGetValue(out string? prompt):
                items.Add((JsonNode)Message("user", new JsonArray(new JsonObject { ["type"] = "input_text", ["text"] = prompt })));
                break;
        }

        foreach (ChatMessage message in messages)
        {
            AddMessage(items, message);
        }

        return items;
    }

    /// <summary>
    /// One message as input items. Text and media become one <c>message</c> item; each function call and result becomes
    /// its own item, in order, so an assistant turn with text and calls round-trips as the model produced it.
    /// </summary>
    private static void AddMessage(JsonArray items, ChatMessage message)
    {
        string role = Role(message.Role);
        bool assistant = role == "assistant";
        JsonArray? parts = null;

        void Flush()
        {
            if (parts is { Count: > 0 } && role != "tool")
            {
                items.Add((JsonNode)Message(role, parts));
            }

            parts = null;
        }

        foreach (AIContent content in message.Contents)
        {
            switch (content)
            {
                case FunctionCallContent call:
                    Flush();
                    items.Add((JsonNode)new JsonObject
                    {
                        ["type"] = "function_call",
                        ["call_id"] = call.CallId,
                        ["name"] = call.Name,
                        ["arguments"] = JsonValues.ArgumentsText(call.Arguments),
                    });
                    break;
                case FunctionResultContent result:
                    Flush();
                    items.Add((JsonNode)new JsonObject
                    {
                        ["type"] = "function_call_output",
                        ["call_id"] = result.CallId,
                        ["output"] = JsonValues.ResultText(result.Result),
                    });
                    break;
                default:
                    if (Part(content, assistant) is { } part)
                    {
                        (parts ??= new JsonArray()).Add((JsonNode)part);
                    }

                    break;
            }
        }

        Flush();
    }

    /// <summary>A content part, or null for content this surface cannot carry in a message (reasoning, errors, usage, ...).</summary>
    private static JsonObject? Part(AIContent content, bool assistant)
    {
        switch (content)
        {
            case TextContent text when assistant:
                return new JsonObject { ["type"] = "output_text", ["text"] = text.Text ?? string.Empty };
            case TextContent text:
                return new JsonObject { ["type"] = "input_text", ["text"] = text.Text ?? string.Empty };
            case DataContent data when !assistant && data.HasTopLevelMediaType("image"):
                return new JsonObject { ["type"] = "input_image", ["image_url"] = data.Uri, ["detail"] = Detail(data) };
            case DataContent data when !assistant:
                return new JsonObject { ["type"] = "input_file", ["filename"] = data.Name ?? "file", ["file_data"] = data.Uri };
            case UriContent uri when !assistant && uri.HasTopLevelMediaType("image"):
                return new JsonObject { ["type"] = "input_image", ["image_url"] = uri.Uri.ToString(), ["detail"] = Detail(uri) };
            case UriContent uri when !assistant:
                return new JsonObject { ["type"] = "input_file", ["file_url"] = uri.Uri.ToString() };
            default:
                return null;
        }
    }

    private static JsonObject Message(string role, JsonArray parts) => new()
    {
        ["type"] = "message",
        ["role"] = role,
        ["content"] = parts,
    };

    private static void MapOptions(JsonObject body, ChatOptions options)
    {
        RequestBody.SetIfAbsent(body, "instructions", options.Instructions);
        RequestBody.SetIfAbsent(body, "temperature", options.Temperature);
        RequestBody.SetIfAbsent(body, "top_p", options.TopP);
        RequestBody.SetIfAbsent(body, "max_output_tokens", options.MaxOutputTokens);
        RequestBody.SetIfAbsent(body, "parallel_tool_calls", options.AllowMultipleToolCalls);
        RequestBody.SetIfAbsent(body, "previous_response_id", options.ConversationId);
        RequestBody.SetIfAbsent(body, "reasoning", Reasoning(options.Reasoning));

        if (options.Tools is { Count: > 0 } tools)
        {
            JsonArray mapped = new(tools.Select(Tool).Where(tool => tool is not null).ToArray());
            if (mapped.Count > 0)
            {
                RequestBody.SetIfAbsent(body, "tools", mapped);
                RequestBody.SetIfAbsent(body, "tool_choice", ToolChoice(options.ToolMode));
            }
        }

        if (Format(options.ResponseFormat) is { } format)
        {
            var text = body["text"] as JsonObject ?? new JsonObject();
            RequestBody.SetIfAbsent(text, "format", format);
            body["text"] = text;
        }
    }

    private static JsonObject? Tool(AITool tool) => tool switch
    {
        AIFunctionDeclaration function => new JsonObject
        {
            ["type"] = "function",
            ["name"] = function.Name,
            ["description"] = string.IsNullOrEmpty(function.Description) ? null : function.Description,
            ["parameters"] = JsonValues.ToNode(function.JsonSchema),

            // Responses makes function tools strict unless told otherwise, and strict mode rejects ordinary
            // Microsoft.Extensions.AI schemas (optional parameters); "strict": true in the tool's AdditionalProperties opts in.
            ["strict"] = Strict(tool),
        },
        HostedWebSearchTool => new JsonObject { ["type"] = "web_search" },
        _ => null,
    };

    internal static bool Strict(AITool tool) =>
        tool.AdditionalProperties.TryGetValue("strict", out object? strict) && strict is true;

    private static JsonNode? ToolChoice(ChatToolMode? mode) => mode switch
    {
        null => null,
        NoneChatToolMode => "none",
        AutoChatToolMode => "auto",
        RequiredChatToolMode { RequiredFunctionName: { } name } => new JsonObject { ["type"] = "function", ["name"] = name },
        RequiredChatToolMode => "required",
        _ => null,
    };

    private static JsonObject? Format(ChatResponseFormat? format) => format switch
    {
        ChatResponseFormatText => new JsonObject { ["type"] = "text" },
        ChatResponseFormatJson { Schema: { } schema } json => new JsonObject
        {
            ["type"] = "json_schema",
            ["name"] = json.SchemaName ?? "json_schema",
            ["description"] = json.SchemaDescription,
            ["schema"] = JsonValues.ToNode(schema),
        },
        ChatResponseFormatJson => new JsonObject { ["type"] = "json_object" },
        _ => null,
    };

    private static JsonObject? Reasoning(ReasoningOptions? reasoning)
    {
        if (reasoning is null)
        {
            return null;
        }

        var json = new JsonObject();
        if (Effort(reasoning.Effort) is { } effort)
        {
            json["effort"] = effort;
        }

        if (reasoning.Output is { } output && output != ReasoningOutput.None)
        {
            json["summary"] = output == ReasoningOutput.Full ? "detailed" : "auto";
        }

        return json.Count == 0 ? null : json;
    }

    internal static string? Effort(AIReasoningEffort? effort) => effort switch
    {
        AIReasoningEffort.None => "none",
        AIReasoningEffort.Low => "low",
        AIReasoningEffort.Medium => "medium",
        AIReasoningEffort.High => "high",
        AIReasoningEffort.ExtraHigh => "xhigh",
        _ => null,
    };

    /// <summary>The image detail from the content's <c>AdditionalProperties["detail"]</c> (low, high, auto); auto otherwise.</summary>
    internal static string Detail(AIContent content) =>
        content.AdditionalProperties?.TryGetValue("detail", out object? detail) == true && detail is string text ? text : "auto";

    internal static string Role(ChatRole role) =>
        role == ChatRole.Assistant ? "assistant"
        : role == ChatRole.System ? "system"
        : role == ChatRole.Tool ? "tool"
        : role == ChatRole.User ? "user"
        : role.Value;
}
