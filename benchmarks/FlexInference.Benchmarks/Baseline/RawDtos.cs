using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlexInference.Benchmarks.Baseline;

// The physical limit: the smallest DTOs a hand-written caller would declare for these calls, with only the fields it
// reads (responses) or sends (requests), bound by a source-generated JsonSerializerContext. Nothing else.

#pragma warning disable SA1402, CA1002, CA2227 // one file of plain DTOs; List<T> with setters is what a hand-written DTO uses

// ---- Chat Completions ----
public sealed class RawChatRequest
{
    public required string Model { get; set; }
    public required List<RawChatMessage> Messages { get; set; }
    public List<RawChatTool>? Tools { get; set; }
    public double? Temperature { get; set; }
    public int? MaxCompletionTokens { get; set; }
    public bool? Stream { get; set; }
    public RawStreamOptions? StreamOptions { get; set; }
    public string? StartWithin { get; set; }
}

public sealed class RawStreamOptions
{
    public bool IncludeUsage { get; set; }
}

public sealed class RawChatMessage
{
    public required string Role { get; set; }
    public string? Content { get; set; }
    public List<RawToolCall>? ToolCalls { get; set; }
    public string? ToolCallId { get; set; }
}

public sealed class RawToolCall
{
    public required string Id { get; set; }
    public string Type { get; set; } = "function";
    public required RawFunctionCall Function { get; set; }
}

public sealed class RawFunctionCall
{
    public required string Name { get; set; }
    public required string Arguments { get; set; }
}

public sealed class RawChatTool
{
    public string Type { get; set; } = "function";
    public required RawFunction Function { get; set; }
}

public sealed class RawFunction
{
    public required string Name { get; set; }
    public string? Description { get; set; }
    public JsonElement Parameters { get; set; }
}

public sealed class RawChatCompletion
{
    public required string Id { get; set; }
    public string? Model { get; set; }
    public List<RawChoice>? Choices { get; set; }
    public RawChatUsage? Usage { get; set; }
}

public sealed class RawChoice
{
    public int Index { get; set; }
    public RawResponseMessage? Message { get; set; }
    public string? FinishReason { get; set; }
}

public sealed class RawResponseMessage
{
    public string? Role { get; set; }
    public string? Content { get; set; }
    public List<RawToolCall>? ToolCalls { get; set; }
}

public sealed class RawChatUsage
{
    public int PromptTokens { get; set; }
    public int CompletionTokens { get; set; }
    public int TotalTokens { get; set; }
}

public sealed class RawChatChunk
{
    public string? Id { get; set; }
    public List<RawChunkChoice>? Choices { get; set; }
    public RawChatUsage? Usage { get; set; }
}

public sealed class RawChunkChoice
{
    public int Index { get; set; }
    public RawChunkDelta? Delta { get; set; }
    public string? FinishReason { get; set; }
}

public sealed class RawChunkDelta
{
    public string? Role { get; set; }
    public string? Content { get; set; }
}

// ---- Responses ----
public sealed class RawResponsesRequest
{
    public required string Model { get; set; }
    public string? Instructions { get; set; }
    public required List<RawInputMessage> Input { get; set; }
    public int? MaxOutputTokens { get; set; }
    public bool? Stream { get; set; }
    public string? StartWithin { get; set; }
}

public sealed class RawInputMessage
{
    public string Type { get; set; } = "message";
    public required string Role { get; set; }
    public required List<RawInputContent> Content { get; set; }
}

public sealed class RawInputContent
{
    public required string Type { get; set; }
    public string? Text { get; set; }
    public string? ImageUrl { get; set; }
    public string? Detail { get; set; }
}

public sealed class RawResponse
{
    public required string Id { get; set; }
    public string? Status { get; set; }
    public List<RawOutputItem>? Output { get; set; }
    public RawResponseUsage? Usage { get; set; }
}

public sealed class RawOutputItem
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public string? CallId { get; set; }
    public string? Name { get; set; }
    public string? Arguments { get; set; }
    public List<RawOutputContent>? Content { get; set; }
}

public sealed class RawOutputContent
{
    public string? Type { get; set; }
    public string? Text { get; set; }
}

public sealed class RawResponseUsage
{
    public int InputTokens { get; set; }
    public int OutputTokens { get; set; }
    public int TotalTokens { get; set; }
}

public sealed class RawResponseEvent
{
    public string? Type { get; set; }
    public string? Delta { get; set; }
    public RawResponse? Response { get; set; }
}

// ---- Anthropic Messages ----
public sealed class RawMessagesRequest
{
    public required string Model { get; set; }
    public int MaxTokens { get; set; }
    public string? System { get; set; }
    public required List<RawMessageParam> Messages { get; set; }
    public List<RawMessageTool>? Tools { get; set; }
    public bool? Stream { get; set; }
    public string? StartWithin { get; set; }
}

public sealed class RawMessageParam
{
    public required string Role { get; set; }

    /// <summary>A string, or a <see cref="List{RawContentBlock}"/>.</summary>
    public required object Content { get; set; }
}

public sealed class RawContentBlock
{
    public required string Type { get; set; }
    public string? Text { get; set; }
    public string? Id { get; set; }
    public string? Name { get; set; }
    public JsonElement? Input { get; set; }
    public string? ToolUseId { get; set; }
    public string? Content { get; set; }
}

public sealed class RawMessageTool
{
    public required string Name { get; set; }
    public string? Description { get; set; }
    public JsonElement InputSchema { get; set; }
}

public sealed class RawMessage
{
    public required string Id { get; set; }
    public string? Model { get; set; }
    public List<RawContentBlock>? Content { get; set; }
    public string? StopReason { get; set; }
    public RawMessageUsage? Usage { get; set; }
}

public sealed class RawMessageUsage
{
    public int InputTokens { get; set; }
    public int OutputTokens { get; set; }
}

public sealed class RawMessageEvent
{
    public string? Type { get; set; }
    public RawMessageDelta? Delta { get; set; }
    public RawMessage? Message { get; set; }
    public RawMessageUsage? Usage { get; set; }
}

public sealed class RawMessageDelta
{
    public string? Type { get; set; }
    public string? Text { get; set; }
    public string? StopReason { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RawChatRequest))]
[JsonSerializable(typeof(RawChatCompletion))]
[JsonSerializable(typeof(RawChatChunk))]
[JsonSerializable(typeof(RawResponsesRequest))]
[JsonSerializable(typeof(RawResponse))]
[JsonSerializable(typeof(RawResponseEvent))]
[JsonSerializable(typeof(RawMessagesRequest))]
[JsonSerializable(typeof(RawMessage))]
[JsonSerializable(typeof(RawMessageEvent))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(List<RawContentBlock>))]
public sealed partial class RawJsonContext : JsonSerializerContext;
