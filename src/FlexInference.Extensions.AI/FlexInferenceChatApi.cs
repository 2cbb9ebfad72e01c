namespace FlexInference.Extensions.AI;

/// <summary>Which of the router's OpenAI-shaped surfaces an <see cref="FlexInferenceChatClient"/> speaks.</summary>
public enum FlexInferenceChatApi
{
    /// <summary>OpenAI Responses, <c>POST /responses</c> (the default): typed input items, reasoning items, <c>text.format</c>.</summary>
    Responses = 0,

    /// <summary>OpenAI Chat Completions, <c>POST /chat/completions</c>: <c>messages</c>, <c>tool_calls</c>, <c>response_format</c>, <c>stop</c>.</summary>
    ChatCompletions = 1,
}
