using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using FlexInference.Benchmarks.Baseline;
using AnthropicMessages = Anthropic.Models.Messages;
using OpenAIChat = OpenAI.Chat;
using OpenAIResponses = OpenAI.Responses;

namespace FlexInference.Benchmarks.Deserialization;

/// <summary>What a caller reads from a chat completion.</summary>
public readonly record struct ChatSummary(string Id, string Text, string FinishReason, int TotalTokens);

/// <summary>What a caller reads from a Responses object: the text and every function call (name and arguments).</summary>
public readonly record struct ResponseSummary(string Id, int TextLength, int ToolCalls, long ArgumentBytes, string LastTool, int TotalTokens);

/// <summary>What a caller reads from an Anthropic message.</summary>
public readonly record struct MessageSummary(string Id, string Text, string ToolName, string ToolLocation, long OutputTokens);

/// <summary>
/// Each contender's deserialisation of a body plus the reads a caller makes, so SDKs that parse lazily (on property
/// access) pay for what they defer.
/// </summary>
internal static class Readers
{
    private static readonly ModelReaderWriterOptions Wire = new("W");

    // ---- chat completion
    public static ChatSummary RawChat(byte[] body) => RawChat(JsonSerializer.Deserialize(body, RawJsonContext.Default.RawChatCompletion)!);

    public static ChatSummary RawChat(RawChatCompletion completion)
    {
        RawChoice choice = completion.Choices![0];
        return new(completion.Id, choice.Message!.Content!, choice.FinishReason!, completion.Usage!.TotalTokens);
    }

    public static ChatSummary FlexChat(byte[] body) =>
        FlexChat(JsonSerializer.Deserialize(body, FlexInferenceJsonContext.Default.CreateChatCompletionResponse)!);

    public static ChatSummary FlexChat(CreateChatCompletionResponse completion) =>
        new(completion.Id, completion.OutputText(), completion.Choices![0].FinishReason!.Value.Value, completion.Usage!.TotalTokens!.Value);

    public static ChatSummary OpenAIChat(BinaryData body) => OpenAIChat(ModelReaderWriter.Read<OpenAIChat.ChatCompletion>(body, Wire)!);

    public static ChatSummary OpenAIChat(OpenAIChat.ChatCompletion completion) =>
        new(completion.Id, completion.Content[0].Text, completion.FinishReason.ToString() == "Stop" ? "stop" : completion.FinishReason.ToString(), completion.Usage.TotalTokenCount);

    // ---- Responses object
    public static ResponseSummary RawResponse(byte[] body) => RawResponse(JsonSerializer.Deserialize(body, RawJsonContext.Default.RawResponse)!);

    public static ResponseSummary RawResponse(RawResponse response)
    {
        int textLength = 0, calls = 0;
        long argumentBytes = 0;
        string last = string.Empty;
        foreach (RawOutputItem item in response.Output!)
        {
            if (item.Type == "message")
            {
                foreach (RawOutputContent part in item.Content!)
                {
                    textLength += part.Type == "output_text" ? part.Text!.Length : 0;
                }
            }
            else if (item.Type == "function_call")
            {
                calls++;
                argumentBytes += Encoding.UTF8.GetByteCount(item.Arguments!);
                last = item.Name!;
            }
        }

        return new(response.Id, textLength, calls, argumentBytes, last, response.Usage?.TotalTokens ?? 0);
    }

    public static ResponseSummary FlexResponse(byte[] body) => FlexResponse(JsonSerializer.Deserialize(body, FlexInferenceJsonContext.Default.Response)!);

    public static ResponseSummary FlexResponse(Response response)
    {
        int calls = 0;
        long argumentBytes = 0;
        string last = string.Empty;
        foreach (OutputItem item in response.Output!)
        {
            if (item.TryGetFunctionToolCall(out FunctionToolCall? call))
            {
                calls++;
                argumentBytes += Encoding.UTF8.GetByteCount(call.Arguments);
                last = call.Name;
            }
        }

        return new(response.Id, response.OutputText().Length, calls, argumentBytes, last, response.Usage?.TotalTokens ?? 0);
    }

    public static ResponseSummary OpenAIResponse(BinaryData body) => OpenAIResponse(ModelReaderWriter.Read<OpenAIResponses.ResponseResult>(body, Wire)!);

    public static ResponseSummary OpenAIResponse(OpenAIResponses.ResponseResult response)
    {
        int calls = 0;
        long argumentBytes = 0;
        string last = string.Empty;
        foreach (OpenAIResponses.ResponseItem item in response.OutputItems)
        {
            if (item is OpenAIResponses.FunctionCallResponseItem call)
            {
                calls++;
                argumentBytes += call.FunctionArguments.ToMemory().Length;
                last = call.FunctionName;
            }
        }

        return new(response.Id, response.GetOutputText().Length, calls, argumentBytes, last, response.Usage?.TotalTokenCount ?? 0);
    }

    // ---- Anthropic message
    public static MessageSummary RawMessage(byte[] body) => RawMessage(JsonSerializer.Deserialize(body, RawJsonContext.Default.RawMessage)!);

    public static MessageSummary RawMessage(RawMessage message)
    {
        string text = string.Empty, tool = string.Empty, location = string.Empty;
        foreach (RawContentBlock block in message.Content!)
        {
            if (block.Type == "text")
            {
                text += block.Text;
            }
            else if (block.Type == "tool_use")
            {
                tool = block.Name!;
                location = block.Input!.Value.GetProperty("location").GetString()!;
            }
        }

        return new(message.Id, text, tool, location, message.Usage!.OutputTokens);
    }

    public static MessageSummary FlexMessage(byte[] body) => FlexMessage(JsonSerializer.Deserialize(body, FlexInferenceJsonContext.Default.MessageObject)!);

    public static MessageSummary FlexMessage(MessageObject message)
    {
        string tool = string.Empty, location = string.Empty;
        foreach (MessageResponseContentBlock block in message.Content!)
        {
            if (block.TryGetMessageToolUseBlock(out MessageToolUseBlock? use))
            {
                tool = use.Name;
                location = use.Input.GetProperty("location").GetString()!;
            }
        }

        return new(message.Id, message.MessageOutputText(), tool, location, message.Usage!.OutputTokens!.Value);
    }

    public static MessageSummary AnthropicMessage(byte[] body) =>
        AnthropicMessage(JsonSerializer.Deserialize<AnthropicMessages.Message>(body, Infrastructure.Clients.AnthropicJsonOptions)!);

    public static MessageSummary AnthropicMessage(AnthropicMessages.Message message)
    {
        string text = string.Empty, tool = string.Empty, location = string.Empty;
        foreach (AnthropicMessages.ContentBlock block in message.Content)
        {
            if (block.TryPickText(out AnthropicMessages.TextBlock? textBlock))
            {
                text += textBlock.Text;
            }
            else if (block.TryPickToolUse(out AnthropicMessages.ToolUseBlock? use))
            {
                tool = use.Name;
                location = use.Input["location"].GetString()!;
            }
        }

        return new(message.ID, text, tool, location, message.Usage.OutputTokens);
    }
}
