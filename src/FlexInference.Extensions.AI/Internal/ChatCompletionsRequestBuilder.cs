using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using AIReasoningEffort = Microsoft.Extensions.AI.ReasoningEffort;

namespace FlexInference.Extensions.AI.Internal;

/// <summary>Microsoft.Extensions.AI messages and options as an OpenAI Chat Completions request body.</summary>
internal static class ChatCompletionsRequestBuilder
{
    public static CreateChatCompletionRequest Build(IChatClient client, IEnumerable<ChatMessage> messages, ChatOptions? options, string? defaultModel, StartWithin? defaultStartWithin, bool stream)
    {
        JsonObject body = RequestBody.Start(client, options, FlexInferenceChatApi.ChatCompletions);
        body["model"] = RequestBody.Model(body, options, defaultModel);
        body["messages"] = Messages(body["messages"] as JsonArray, messages, options?.Instructions);
        if (options is not null)
        {
            MapOptions(body, options);
        }

        RequestBody.Finish(body, options, defaultStartWithin);
        body.Remove("stream");
        CreateChatCompletionRequest request = JsonSerializer.Deserialize(body, FlexInferenceJsonContext.Default.CreateChatCompletionRequest)!;
        return stream ? request with { Stream = true } : request;
    }

    private static JsonArray Messages(JsonArray? existing, IEnumerable<ChatMessage> messages, string? instructions)
    {
        var list = new JsonArray();
        if (!string.IsNullOrEmpty(instructions))
        {
            list.Add((JsonNode)new JsonObject { ["role"] = "system", ["content"] = instructions });
        }

        foreach (JsonNode? message in existing ?? [])
        {
            list.Add(message?.DeepClone());
        }

        foreach (ChatMessage message in messages)
        {
            AddMessage(list, message);
        }

        return list;
    }

    /// <summary>
    /// One message in chat shape: an assistant turn carries its text and <c>tool_calls</c> together; every function
    /// result becomes its own <c>tool</c> message (the surface has one result per message); other roles carry text and media parts.
    /// </summary>
    private static void AddMessage(JsonArray list, ChatMessage message)
    {
        string role = ResponsesRequestBuilder.Role(message.Role);
        var parts = new JsonArray();
        var calls = new JsonArray();
        foreach (AIContent content in message.Contents)
        {
            switch (content)
            {
                case FunctionCallContent call:
                    calls.Add((JsonNode)new JsonObject
                    {
                        ["id"] = call.CallId,
                        ["type"] = "function",
                        ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = JsonValues.ArgumentsText(call.Arguments) },
                    });
                    break;
                case FunctionResultContent result:
                    list.Add((JsonNode)new JsonObject { ["role"] = "tool", ["tool_call_id"] = result.CallId, ["content"] = JsonValues.ResultText(result.Result) });
                    break;
                default:
                    if (Part(content, role) is { } part)
                    {
                        parts.Add((JsonNode)part);
                    }

                    break;
            }
        }

        if (role == "tool" || (parts.Count == 0 && calls.Count == 0))
        {
            return;
        }

        var json = new JsonObject { ["role"] = role };
        if (message.AuthorName is { Length: > 0 } name)
        {
            json["name"] = name;
        }

        // Text-only content goes as a plain string: every OpenAI-compatible route accepts that form. No content (an
        // assistant turn with only tool calls) is left out rather than sent as null: typed round trips keep nulls.
        if (parts.Count > 0)
        {
            json["content"] = parts.All(part => (string?)part!["type"] == "text") ? string.Concat(parts.Select(part => (string?)part!["text"])) : parts;
        }
        if (calls.Count > 0)
        {
            json["tool_calls"] = calls;
        }

        list.Add((JsonNode)json);
    }

    private static JsonObject? Part(AIContent content, string role)
    {
        bool media = role == "user";
        switch (content)
        {
            case TextContent text:
                return new JsonObject { ["type"] = "text", ["text"] = text.Text ?? string.Empty };
            case DataContent data when media && data.HasTopLevelMediaType("image"):
                return Image(data.Uri, content);
            case DataContent data when media:
                return new JsonObject { ["type"] = "file", ["file"] = new JsonObject { ["filename"] = data.Name ?? "file", ["file_data"] = data.Uri } };
            case UriContent uri when media && uri.HasTopLevelMediaType("image"):
                return Image(uri.Uri.ToString(), content);
            default:
                return null;
        }
    }

    private static JsonObject Image(string url, AIContent content) => new()
    {
        ["type"] = "image_url",
        ["image_url"] = new JsonObject { ["url"] = url, ["detail"] = ResponsesRequestBuilder.Detail(content) },
    };

    private static void MapOptions(JsonObject body, ChatOptions options)
    {
        RequestBody.SetIfAbsent(body, "temperature", options.Temperature);
        RequestBody.SetIfAbsent(body, "top_p", options.TopP);
        RequestBody.SetIfAbsent(body, "max_completion_tokens", options.MaxOutputTokens);
        RequestBody.SetIfAbsent(body, "frequency_penalty", options.FrequencyPenalty);
        RequestBody.SetIfAbsent(body, "presence_penalty", options.PresencePenalty);
        RequestBody.SetIfAbsent(body, "seed", options.Seed);
        RequestBody.SetIfAbsent(body, "parallel_tool_calls", options.AllowMultipleToolCalls);
        RequestBody.SetIfAbsent(body, "reasoning_effort", ResponsesRequestBuilder.Effort(options.Reasoning?.Effort));
        if (options.StopSequences is { Count: > 0 } stop)
        {
            RequestBody.SetIfAbsent(body, "stop", new JsonArray(stop.Select(sequence => (JsonNode?)sequence).ToArray()));
        }

        if (options.Tools is { Count: > 0 } tools)
        {
            JsonArray mapped = new(tools.OfType<AIFunctionDeclaration>().Select(Tool).ToArray());
            if (mapped.Count > 0)
            {
                RequestBody.SetIfAbsent(body, "tools", mapped);
                RequestBody.SetIfAbsent(body, "tool_choice", ToolChoice(options.ToolMode));
            }
        }

        RequestBody.SetIfAbsent(body, "response_format", Format(options.ResponseFormat));
    }

    private static JsonNode Tool(AIFunctionDeclaration function)
    {
        var definition = new JsonObject
        {
            ["name"] = function.Name,
            ["description"] = string.IsNullOrEmpty(function.Description) ? null : function.Description,
            ["parameters"] = JsonValues.ToNode(function.JsonSchema),
        };
        if (ResponsesRequestBuilder.Strict(function))
        {
            definition["strict"] = true;
        }

        return new JsonObject { ["type"] = "function", ["function"] = definition };
    }

    private static JsonNode? ToolChoice(ChatToolMode? mode) => mode switch
    {
        null => null,
        NoneChatToolMode => "none",
        AutoChatToolMode => "auto",
        RequiredChatToolMode { RequiredFunctionName: { } name } => new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = name } },
        RequiredChatToolMode => "required",
        _ => null,
    };

    private static JsonObject? Format(ChatResponseFormat? format) => format switch
    {
        ChatResponseFormatText => new JsonObject { ["type"] = "text" },
        ChatResponseFormatJson { Schema: { } schema } json => new JsonObject
        {
            ["type"] = "json_schema",
            ["json_schema"] = new JsonObject
            {
                ["name"] = json.SchemaName ?? "json_schema",
                ["description"] = json.SchemaDescription,
                ["schema"] = JsonValues.ToNode(schema),
            },
        },
        ChatResponseFormatJson => new JsonObject { ["type"] = "json_object" },
        _ => null,
    };
}
