using System.Text.Json;
using FlexInference.Spec.Tests.Infrastructure;
using N = FlexInference.Spec.Tests.NSwagReference;

namespace FlexInference.Spec.Tests;

/// <summary>
/// Concrete values of each fixture read through both typed models, so the differential tests cannot pass vacuously
/// (for instance by both sides dropping a field): ids, token counts, costs, enum values and text.
/// </summary>
public sealed class KnownValuesTests
{
    [Fact]
    public void Response()
    {
        string json = Fixtures.Read("responses.response.json");
        var nswag = NSwag<N.Response>(json);
        Response ours = JsonSerializer.Deserialize(json, FlexInferenceJsonContext.Default.Response)!;

        Same("resp_0a8f3c2e7b1d4f5a00691e2c7d9b8c81a0b3f2e4d5c6a7b8", nswag.Id, ours.Id);
        Same(1763971200L, nswag.Created_at, ours.CreatedAt);
        Same(1843, nswag.Usage!.Input_tokens, ours.Usage!.InputTokens);
        Same(1024, nswag.Usage.Input_tokens_details!.Cached_tokens, ours.Usage.InputTokensDetails!.CachedTokens);
        Same(384, nswag.Usage.Output_tokens_details!.Reasoning_tokens, ours.Usage.OutputTokensDetails!.ReasoningTokens);
        Same(3127L, nswag.Usage.Cost!.Total_micro_usd, ours.Usage.Cost!.TotalMicroUsd);
        Same("flex_won", Name(nswag.Usage.Routing!.Reason!.Value), ours.Usage.Routing!.Reason!.Value.Value);
        Same("flex", Name(nswag.Service_tier!.Value), ours.ServiceTier!.Value.Value);
        Same("caf\u00e9-7f3a", nswag.Metadata!["trace"], ours.Metadata!["trace"]);

        // output[3] is a function_call: NSwag models FunctionToolCall, so the discriminator put it in that DTO.
        var nswagCall = Assert.IsType<N.FunctionToolCall>(nswag.Output![3].Member);
        FunctionToolCall ourCall = ours.Output![3].AsFunctionToolCall();
        Same("book_museum_slot", nswagCall.Name, ourCall.Name);
        Same("call_Qm3VfX8c2LrT9aKd1NwE5yHb", nswagCall.Call_id, ourCall.CallId);
        Same("{\"museum\":\"Mus\\u00e9e d'Orsay\",\"date\":\"2026-11-24\",\"time\":\"15:30\",\"tickets\":2}", nswagCall.Arguments, ourCall.Arguments);

        var nswagReasoning = Assert.IsType<N.ReasoningItem>(nswag.Output[0].Member);
        Same(
            "**Checking today's weather**\n\nThe user asked whether the Mus\u00e9e d'Orsay is a good plan for this afternoon; I should look up the forecast, then book a slot.",
            nswagReasoning.Summary![0].Text,
            ours.Output[0].AsReasoningItem().Summary![0].Text);

        // output[2] (a message) is raw JSON on NSwag's side: NSwag lost OutputMessage's properties.
        Assert.Null(nswag.Output[2].Member);
        Same(
            "Light rain is expected until about 15:00, then clearing up ([meteofrance.com](https://meteofrance.com/previsions-meteo-france/paris/75000?utm_source=openai)). An indoor museum is a good call \ud83d\ude00 \u2014 I'm booking the 15:30 slot at the Mus\u00e9e d'Orsay now.",
            nswag.Output[2].Raw.GetProperty("content")[0].GetProperty("text").GetString(),
            ours.Output[2].AsOutputMessage().Content![0].AsOutputTextContent().Text);
    }

    [Fact]
    public void Chat_completion()
    {
        string json = Fixtures.Read("chat.completion.json");
        var nswag = NSwag<N.CreateChatCompletionResponse>(json);
        CreateChatCompletionResponse ours = JsonSerializer.Deserialize(json, FlexInferenceJsonContext.Default.CreateChatCompletionResponse)!;

        Same("chatcmpl-CXa9Q2hV4mJ8nK1pR7sT0uW3yZ5bD", nswag.Id, ours.Id);
        Same(212, nswag.Usage!.Prompt_tokens, ours.Usage!.PromptTokens);
        Same(57, nswag.Usage.Completion_tokens, ours.Usage.CompletionTokens);
        Same(94L, nswag.Usage.Cost!.Total_micro_usd, ours.Usage.Cost!.TotalMicroUsd);
        Same(1, nswag.Usage.Routing!.Fallback_attempts, ours.Usage.Routing!.FallbackAttempts);
        Same("chain_advanced", Name(nswag.Usage.Routing.Reason!.Value), ours.Usage.Routing.Reason!.Value.Value);
        Same("Checking both cities now \ud83d\ude00", nswag.Choices![1].Message!.Content, ours.Choices![1].Message!.Content);
        Same("tool_calls", Name(nswag.Choices[0].Finish_reason!.Value), ours.Choices[0].FinishReason!.Value.Value);
        Same(-1.5e-05, nswag.Choices[1].Logprobs!.Content![1].Logprob, ours.Choices[1].Logprobs!.Content![1].Logprob);
        Assert.Equal([32, 240, 159, 152, 128], nswag.Choices[1].Logprobs!.Content![1].Bytes!);
        Assert.Equal([32, 240, 159, 152, 128], ours.Choices[1].Logprobs!.Content![1].Bytes!);
    }

    [Fact]
    public void Chat_completion_chunks()
    {
        string json = Fixtures.Read("chat.completion.chunk.json");
        var nswag = NSwag<N.CreateChatCompletionStreamResponse>(json);
        CreateChatCompletionStreamResponse ours = JsonSerializer.Deserialize(json, FlexInferenceJsonContext.Default.CreateChatCompletionStreamResponse)!;
        Same("{\"location\":\"Malm\u00f6", nswag.Choices![0].Delta!.Tool_calls![1].Function!.Arguments, ours.Choices![0].Delta!.ToolCalls![1].Function!.Arguments);
        Same("call_8hRkT2mXw4cVb9LqN1sPz6Ye", nswag.Choices[0].Delta!.Tool_calls![0].Id, ours.Choices[0].Delta!.ToolCalls![0].Id);
        Same("Qk7f", nswag.Obfuscation, ours.Obfuscation);

        json = Fixtures.Read("chat.completion.chunk.usage.json");
        nswag = NSwag<N.CreateChatCompletionStreamResponse>(json);
        ours = JsonSerializer.Deserialize(json, FlexInferenceJsonContext.Default.CreateChatCompletionStreamResponse)!;
        Same(1529, nswag.Usage!.Total_tokens, ours.Usage!.TotalTokens);
        Same(128, nswag.Usage.Completion_tokens_details!.Reasoning_tokens, ours.Usage.CompletionTokensDetails!.ReasoningTokens);
        Same("managed", Name(nswag.Usage.Routing!.Mode!.Value), ours.Usage.Routing!.Mode!.Value.Value);
        Assert.Empty(nswag.Choices!);
        Assert.Empty(ours.Choices!);
    }

    [Fact]
    public void Interaction()
    {
        string json = Fixtures.Read("interactions.interaction.json");
        var nswag = NSwag<N.InteractionObject>(json);
        InteractionObject ours = JsonSerializer.Deserialize(json, FlexInferenceJsonContext.Default.InteractionObject)!;

        Same("v1_ChdpbnRlcmFjdGlvbl8wMUpHWDdLOVE0Ek1Ta2RtUUh3", nswag.Id, ours.Id);
        Same("requires_action", Name(nswag.Status!.Value), ours.Status!.Value.Value);
        Same(412, nswag.Usage!.Total_tool_use_tokens, ours.Usage!.TotalToolUseTokens);
        Same(977, nswag.Usage.Total_tokens, ours.Usage.TotalTokens);
        var nswagCall = Assert.IsType<N.InteractionFunctionCallResponseStep>(nswag.Steps![2].Member);
        Same("get_forecast", nswagCall.Name, ours.Steps![2].AsInteractionFunctionCallResponseStep().Name);
        Same("Z\u00fcrich", ((JsonElement)nswagCall.Arguments!).GetProperty("city").GetString(), ours.Steps[2].AsInteractionFunctionCallResponseStep().Arguments!.Value.GetProperty("city").GetString());
    }

    [Fact]
    public void Message()
    {
        string json = Fixtures.Read("messages.message.json");
        var nswag = NSwag<N.MessageObject>(json);
        MessageObject ours = JsonSerializer.Deserialize(json, FlexInferenceJsonContext.Default.MessageObject)!;

        Same("msg_01XFDUDYJgAACzvnptvVoYEL", nswag.Id, ours.Id);
        Same("tool_use", Name(nswag.Stop_reason!.Value), ours.StopReason!.Value.Value);
        Same(2048, nswag.Usage!.Cache_read_input_tokens, ours.Usage!.CacheReadInputTokens);
        Same(61, nswag.Usage.Output_tokens_details!.Thinking_tokens, ours.Usage.OutputTokensDetails!.ThinkingTokens);
        Same(4391L, nswag.Usage.Cost!.Total_micro_usd, ours.Usage.Cost!.TotalMicroUsd);
        var nswagTool = Assert.IsType<N.MessageToolUseBlock>(nswag.Content![2].Member);
        Same("get_weather", nswagTool.Name, ours.Content![2].AsMessageToolUseBlock().Name);
        Same(48.8566, ((JsonElement)nswagTool.Input).GetProperty("lat").GetDouble(), ours.Content[2].AsMessageToolUseBlock().Input.GetProperty("lat").GetDouble());
        var nswagThinking = Assert.IsType<N.MessageThinkingBlock>(nswag.Content[0].Member);
        Same(
            "ErUBCkYIBxgCIkB0cW5qN2ZzZ2hqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODlBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWhIMk8jY5Nw1rEXAMPLE==",
            nswagThinking.Signature,
            ours.Content[0].AsMessageThinkingBlock().Signature);
    }

    [Fact]
    public void Errors()
    {
        string json = Fixtures.Read("error.openai.json");
        var openAiN = NSwag<N.FlexError>(json);
        FlexError openAi = JsonSerializer.Deserialize(json, FlexInferenceJsonContext.Default.FlexError)!;
        Same("invalid_start_within", openAiN.Error.Code, openAi.Error.Code);
        Same(400, openAiN.Error.Flexinference!.Status, openAi.Error.Flexinference!.Status);
        Same("validation", Name(openAiN.Error.Flexinference.Class!.Value), openAi.Error.Flexinference.Class!.Value.Value);

        json = Fixtures.Read("error.anthropic.json");
        var anthropicN = NSwag<N.AnthropicErrorEnvelope>(json);
        AnthropicErrorEnvelope anthropic = JsonSerializer.Deserialize(json, FlexInferenceJsonContext.Default.AnthropicErrorEnvelope)!;
        Same("req_011CVKq3wZ8vXo1mYpT5aBcD", anthropicN.Request_id, anthropic.RequestId);
        Same(true, anthropicN.Error.Flexinference!.Retryable, anthropic.Error.Flexinference!.Retryable);
        Same("quota", Name(anthropicN.Error.Flexinference.Class!.Value), anthropic.Error.Flexinference.Class!.Value.Value);

        json = Fixtures.Read("error.google.json");
        var googleN = NSwag<N.GoogleErrorEnvelope>(json);
        GoogleErrorEnvelope google = JsonSerializer.Deserialize(json, FlexInferenceJsonContext.Default.GoogleErrorEnvelope)!;
        Same(403, googleN.Error.Code, google.Error.Code);
        Same("PERMISSION_DENIED", googleN.Error.Status, google.Error.Status);
        Same("moderation_blocked", googleN.Error.Flexinference!.Code, google.Error.Flexinference!.Code);
        Same(2, googleN.Error.Details!.Count, google.Error.Details!.Count);
    }

    [Fact]
    public void Requests()
    {
        string json = Fixtures.Read("responses.request.json");
        var responsesN = NSwag<N.CreateResponse>(json);
        CreateResponse responses = JsonSerializer.Deserialize(json, FlexInferenceJsonContext.Default.CreateResponse)!;
        Same("gpt-5.5", responsesN.Model, responses.Model);
        Same(1024, responsesN.Max_output_tokens, responses.MaxOutputTokens);
        Same("exponential", Name(responsesN.Retry!.Backoff!.Value), responses.Retry!.Backoff!.Value.Value);
        Same("web_search_call.action.sources", Name(responsesN.Include![1]), responses.Include![1].Value);
        Same("00h-00m-30s", responsesN.Start_within, JsonSerializer.SerializeToElement(responses.StartWithin!.Value, FlexInferenceJsonContext.Default.StartWithin).GetString());

        json = Fixtures.Read("chat.request.json");
        var chatN = NSwag<N.CreateChatCompletionRequest>(json);
        CreateChatCompletionRequest chat = JsonSerializer.Deserialize(json, FlexInferenceJsonContext.Default.CreateChatCompletionRequest)!;
        Same(512, chatN.Max_completion_tokens, chat.MaxCompletionTokens);
        Same(42L, chatN.Seed, chat.Seed);
        Same(0.2, chatN.Temperature, chat.Temperature);
        Same("foundry", Name(chatN.Provider![1]), chat.Provider![1].Value);
        Same(3, chatN.Retry!.Count, chat.Retry!.Count);

        json = Fixtures.Read("interactions.request.json");
        var interactionN = NSwag<N.InteractionCreateParams>(json);
        InteractionCreateParams interaction = JsonSerializer.Deserialize(json, FlexInferenceJsonContext.Default.InteractionCreateParams)!;
        Same(0.95, interactionN.Generation_config!.Top_p, interaction.GenerationConfig!.TopP);
        Same("low", Name(interactionN.Generation_config.Thinking_level!.Value), interaction.GenerationConfig.ThinkingLevel!.Value.Value);
        Same(true, interactionN.Moderate, interaction.Moderate);

        json = Fixtures.Read("messages.request.json");
        var messagesN = NSwag<N.MessageCreateParams>(json);
        MessageCreateParams messages = JsonSerializer.Deserialize(json, FlexInferenceJsonContext.Default.MessageCreateParams)!;
        Same(2048, messagesN.Max_tokens, messages.MaxTokens);
        Same(1024, messagesN.Thinking!.Budget_tokens, messages.Thinking!.BudgetTokens);
        Same("get_weather", messagesN.Tools![0].Name, messages.Tools![0].Name);
        Same("13803d75-b4b5-4c3e-b2a2-6f21399b021b", messagesN.Metadata!.User_id, messages.Metadata!.UserId);
    }

    private static T NSwag<T>(string json) => (T)NSwagJson.Deserialize(json, typeof(T));

    /// <summary>The spec's string for an NSwag enum member (its [EnumMember] value).</summary>
    private static string Name<T>(T value)
        where T : struct, Enum => NSwagJson.EnumMemberConverter<T>.NameOf(value);

    private static void Same<T>(T expected, T nswag, T ours)
    {
        Assert.Equal(expected, nswag);
        Assert.Equal(expected, ours);
    }
}
