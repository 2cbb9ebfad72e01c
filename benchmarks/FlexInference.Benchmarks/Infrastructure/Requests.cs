using System.Text.Json;
using FlexInference.Benchmarks.Baseline;
using AnthropicMessages = Anthropic.Models.Messages;
using OpenAIChat = OpenAI.Chat;
using OpenAIResponses = OpenAI.Responses;

namespace FlexInference.Benchmarks.Infrastructure;

/// <summary>
/// Builds each contender's request objects from <see cref="Conversation"/>. Tools are built once per contender
/// (an application defines them once); messages are built on every call (they change with every request), which is
/// part of what the serialisation benchmarks measure.
/// </summary>
internal static class Requests
{
    private static readonly JsonElement WeatherSchema = JsonDocument.Parse(Conversation.WeatherToolSchema).RootElement;
    private static readonly JsonElement BookingSchema = JsonDocument.Parse(Conversation.BookingToolSchema).RootElement;

    // ---------------------------------------------------------------- FlexInference
    private static readonly ChatCompletionToolDefinition[] FlexChatTools =
    [
        new ChatCompletionTool { Function = new FunctionObject { Name = Conversation.WeatherToolName, Description = Conversation.WeatherToolDescription, Parameters = WeatherSchema } },
        new ChatCompletionTool { Function = new FunctionObject { Name = Conversation.BookingToolName, Description = Conversation.BookingToolDescription, Parameters = BookingSchema } },
    ];

    private static readonly MessageTool[] FlexMessageTools =
    [
        new MessageTool { Name = Conversation.WeatherToolName, Description = Conversation.WeatherToolDescription, InputSchema = WeatherSchema },
        new MessageTool { Name = Conversation.BookingToolName, Description = Conversation.BookingToolDescription, InputSchema = BookingSchema },
    ];

    private static readonly JsonElement[] ArgumentElements = Conversation.Turns.Select(turn => turn.Arguments is null ? default : JsonDocument.Parse(turn.Arguments).RootElement).ToArray();

    public static CreateChatCompletionRequest FlexChat(bool stream = false)
    {
        var messages = new List<ChatCompletionRequestMessage>(Conversation.Turns.Length + 1)
        {
            new ChatCompletionRequestSystemMessage { Content = Conversation.System },
        };
        foreach (Turn turn in Conversation.Turns)
        {
            messages.Add(turn switch
            {
                { IsCall: true } => new ChatCompletionRequestAssistantMessage
                {
                    ToolCalls = [new ChatCompletionMessageToolCall { Id = turn.CallId!, Function = new ChatCompletionMessageToolCallFunction { Name = turn.ToolName!, Arguments = turn.Arguments! } }],
                },
                { IsToolResult: true } => new ChatCompletionRequestToolMessage { ToolCallId = turn.CallId!, Content = turn.Text! },
                { Role: "assistant" } => new ChatCompletionRequestAssistantMessage { Content = turn.Text! },
                _ => new ChatCompletionRequestUserMessage { Content = turn.Text! },
            });
        }

        return new CreateChatCompletionRequest
        {
            Model = Conversation.ChatModel,
            Messages = messages,
            Tools = FlexChatTools,
            Temperature = 0.2,
            MaxCompletionTokens = Conversation.MaxTokens,
            Stream = stream ? true : null,
            StartWithin = FlexInference.StartWithin.Default,
        };
    }

    public static CreateResponse FlexResponses() => new()
    {
        Model = Conversation.ResponsesModel,
        Instructions = Conversation.ResponsesInstructions,
        Input = new InputItem[]
        {
            new EasyInputMessage
            {
                Role = "user",
                Content = new InputContent[]
                {
                    new InputTextContent { Text = Conversation.ImagePrompt },
                    new InputImageContent { ImageUrl = Conversation.ImageUrl, Detail = "auto" },
                },
            },
        },
        MaxOutputTokens = Conversation.MaxTokens,
        StartWithin = FlexInference.StartWithin.Default,
    };

    public static MessageCreateParams FlexMessages()
    {
        var messages = new List<Message>(Conversation.Turns.Length);
        for (int i = 0; i < Conversation.Turns.Length; i++)
        {
            Turn turn = Conversation.Turns[i];
            messages.Add(turn switch
            {
                { IsCall: true } => new Message
                {
                    Role = "assistant",
                    Content = new MessageContentBlock[] { new MessageToolUseBlock { Id = turn.CallId!, Name = turn.ToolName!, Input = ArgumentElements[i] } },
                },
                { IsToolResult: true } => new Message
                {
                    Role = "user",
                    Content = new MessageContentBlock[] { new MessageToolResultBlock { ToolUseId = turn.CallId!, Content = turn.Text! } },
                },
                _ => new Message { Role = turn.Role, Content = turn.Text! },
            });
        }

        return new MessageCreateParams
        {
            Model = Conversation.MessagesModel,
            MaxTokens = Conversation.MaxTokens,
            System = Conversation.System,
            Messages = messages,
            Tools = FlexMessageTools,
            StartWithin = FlexInference.StartWithin.Default,
        };
    }

    // ---------------------------------------------------------------- raw baseline
    private static readonly List<RawChatTool> RawChatTools =
    [
        new RawChatTool { Function = new RawFunction { Name = Conversation.WeatherToolName, Description = Conversation.WeatherToolDescription, Parameters = WeatherSchema } },
        new RawChatTool { Function = new RawFunction { Name = Conversation.BookingToolName, Description = Conversation.BookingToolDescription, Parameters = BookingSchema } },
    ];

    private static readonly List<RawMessageTool> RawMessageTools =
    [
        new RawMessageTool { Name = Conversation.WeatherToolName, Description = Conversation.WeatherToolDescription, InputSchema = WeatherSchema },
        new RawMessageTool { Name = Conversation.BookingToolName, Description = Conversation.BookingToolDescription, InputSchema = BookingSchema },
    ];

    public static RawChatRequest RawChat(bool stream = false)
    {
        var messages = new List<RawChatMessage>(Conversation.Turns.Length + 1) { new() { Role = "system", Content = Conversation.System } };
        foreach (Turn turn in Conversation.Turns)
        {
            messages.Add(turn switch
            {
                { IsCall: true } => new RawChatMessage
                {
                    Role = "assistant",
                    ToolCalls = [new RawToolCall { Id = turn.CallId!, Function = new RawFunctionCall { Name = turn.ToolName!, Arguments = turn.Arguments! } }],
                },
                { IsToolResult: true } => new RawChatMessage { Role = "tool", ToolCallId = turn.CallId, Content = turn.Text },
                _ => new RawChatMessage { Role = turn.Role, Content = turn.Text },
            });
        }

        return new RawChatRequest
        {
            Model = Conversation.ChatModel,
            Messages = messages,
            Tools = RawChatTools,
            Temperature = 0.2,
            MaxCompletionTokens = Conversation.MaxTokens,
            Stream = stream ? true : null,
            StreamOptions = stream ? new RawStreamOptions { IncludeUsage = true } : null,
            StartWithin = Conversation.StartWithin,
        };
    }

    public static RawResponsesRequest RawResponses(bool stream = false) => new()
    {
        Model = Conversation.ResponsesModel,
        Instructions = Conversation.ResponsesInstructions,
        Input =
        [
            new RawInputMessage
            {
                Role = "user",
                Content =
                [
                    new RawInputContent { Type = "input_text", Text = Conversation.ImagePrompt },
                    new RawInputContent { Type = "input_image", ImageUrl = Conversation.ImageUrl, Detail = "auto" },
                ],
            },
        ],
        MaxOutputTokens = Conversation.MaxTokens,
        Stream = stream ? true : null,
        StartWithin = Conversation.StartWithin,
    };

    public static RawMessagesRequest RawMessages(bool stream = false)
    {
        var messages = new List<RawMessageParam>(Conversation.Turns.Length);
        for (int i = 0; i < Conversation.Turns.Length; i++)
        {
            Turn turn = Conversation.Turns[i];
            messages.Add(turn switch
            {
                { IsCall: true } => new RawMessageParam
                {
                    Role = "assistant",
                    Content = new List<RawContentBlock> { new() { Type = "tool_use", Id = turn.CallId, Name = turn.ToolName, Input = ArgumentElements[i] } },
                },
                { IsToolResult: true } => new RawMessageParam
                {
                    Role = "user",
                    Content = new List<RawContentBlock> { new() { Type = "tool_result", ToolUseId = turn.CallId, Content = turn.Text } },
                },
                _ => new RawMessageParam { Role = turn.Role, Content = turn.Text! },
            });
        }

        return new RawMessagesRequest
        {
            Model = Conversation.MessagesModel,
            MaxTokens = Conversation.MaxTokens,
            System = Conversation.System,
            Messages = messages,
            Tools = RawMessageTools,
            Stream = stream ? true : null,
            StartWithin = Conversation.StartWithin,
        };
    }

    // ---------------------------------------------------------------- OpenAI 2.15.0
    private static readonly OpenAIChat.ChatTool[] OpenAIChatTools =
    [
        OpenAIChat.ChatTool.CreateFunctionTool(Conversation.WeatherToolName, Conversation.WeatherToolDescription, BinaryData.FromString(Conversation.WeatherToolSchema)),
        OpenAIChat.ChatTool.CreateFunctionTool(Conversation.BookingToolName, Conversation.BookingToolDescription, BinaryData.FromString(Conversation.BookingToolSchema)),
    ];

    private static readonly BinaryData?[] ArgumentBinaries = Conversation.Turns.Select(turn => turn.Arguments is null ? null : BinaryData.FromString(turn.Arguments)).ToArray();

    /// <summary>The messages and options of <c>ChatClient.CompleteChat(messages, options)</c>.</summary>
    public static (List<OpenAIChat.ChatMessage> Messages, OpenAIChat.ChatCompletionOptions Options) OpenAIChatCall()
    {
        var messages = new List<OpenAIChat.ChatMessage>(Conversation.Turns.Length + 1) { new OpenAIChat.SystemChatMessage(Conversation.System) };
        for (int i = 0; i < Conversation.Turns.Length; i++)
        {
            Turn turn = Conversation.Turns[i];
            messages.Add(turn switch
            {
                { IsCall: true } => new OpenAIChat.AssistantChatMessage([OpenAIChat.ChatToolCall.CreateFunctionToolCall(turn.CallId!, turn.ToolName!, ArgumentBinaries[i]!)]),
                { IsToolResult: true } => new OpenAIChat.ToolChatMessage(turn.CallId!, turn.Text!),
                { Role: "assistant" } => new OpenAIChat.AssistantChatMessage(turn.Text!),
                _ => new OpenAIChat.UserChatMessage(turn.Text!),
            });
        }

        var options = new OpenAIChat.ChatCompletionOptions { Temperature = 0.2f, MaxOutputTokenCount = Conversation.MaxTokens };
        foreach (OpenAIChat.ChatTool tool in OpenAIChatTools)
        {
            options.Tools.Add(tool);
        }

        return (messages, options);
    }

    public static OpenAIResponses.CreateResponseOptions OpenAIResponsesCall(bool stream = false) => new(
        Conversation.ResponsesModel,
        [
            OpenAIResponses.ResponseItem.CreateUserMessageItem(
            [
                OpenAIResponses.ResponseContentPart.CreateInputTextPart(Conversation.ImagePrompt),
                OpenAIResponses.ResponseContentPart.CreateInputImagePart(new Uri(Conversation.ImageUrl), OpenAIResponses.ResponseImageDetailLevel.Auto),
            ]),
        ])
    {
        Instructions = Conversation.ResponsesInstructions,
        MaxOutputTokenCount = Conversation.MaxTokens,
        StreamingEnabled = stream ? true : null,
    };

    // ---------------------------------------------------------------- Anthropic 13.13.0
    private static readonly AnthropicMessages.ToolUnion[] AnthropicTools =
    [
        AnthropicTool(Conversation.WeatherToolName, Conversation.WeatherToolDescription, Conversation.WeatherToolSchema),
        AnthropicTool(Conversation.BookingToolName, Conversation.BookingToolDescription, Conversation.BookingToolSchema),
    ];

    private static readonly IReadOnlyDictionary<string, JsonElement>?[] ArgumentDictionaries = ArgumentElements
        .Select(element => element.ValueKind == JsonValueKind.Object ? (IReadOnlyDictionary<string, JsonElement>)element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value) : null)
        .ToArray();

    private static AnthropicMessages.ToolUnion AnthropicTool(string name, string description, string schema)
    {
        var raw = JsonDocument.Parse(schema).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        return new AnthropicMessages.Tool
        {
            Name = name,
            Description = description,
            InputSchema = AnthropicMessages.InputSchema.FromRawUnchecked(raw),
        };
    }

    public static AnthropicMessages.MessageCreateParams AnthropicMessagesCall()
    {
        var messages = new List<AnthropicMessages.MessageParam>(Conversation.Turns.Length);
        for (int i = 0; i < Conversation.Turns.Length; i++)
        {
            Turn turn = Conversation.Turns[i];
            messages.Add(turn switch
            {
                { IsCall: true } => new AnthropicMessages.AssistantMessageParam(new List<AnthropicMessages.ContentBlockParam>
                {
                    new AnthropicMessages.ToolUseBlockParam { ID = turn.CallId!, Name = turn.ToolName!, Input = ArgumentDictionaries[i]! },
                }),
                { IsToolResult: true } => new AnthropicMessages.UserMessageParam(new List<AnthropicMessages.ContentBlockParam>
                {
                    new AnthropicMessages.ToolResultBlockParam { ToolUseID = turn.CallId!, Content = turn.Text! },
                }),
                { Role: "assistant" } => new AnthropicMessages.AssistantMessageParam(turn.Text!),
                _ => new AnthropicMessages.UserMessageParam(turn.Text!),
            });
        }

        return new AnthropicMessages.MessageCreateParams
        {
            Model = Conversation.MessagesModel,
            MaxTokens = Conversation.MaxTokens,
            System = Conversation.System,
            Messages = messages,
            Tools = AnthropicTools,
        };
    }
}
