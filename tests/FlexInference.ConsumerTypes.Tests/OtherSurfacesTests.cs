using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace FlexInference.ConsumerTypes.Tests;

/// <summary>
/// The caller-typed overloads of Chat Completions, Interactions and Messages: the right path, the body as the caller's
/// metadata wrote it, the answer read through the caller's metadata, and the route report read from the body bytes.
/// The package's own types stand in for a consumer's here (the generic path does not know the difference).
/// </summary>
public sealed class OtherSurfacesTests : IDisposable
{
    private readonly ConsumerRouter _router = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Payload(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", name));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Chat_completions_take_the_callers_types(bool sync)
    {
        _router.Reply("/chat/completions", Payload("chat.completion.json"));
        using FlexInferenceClient client = _router.Client();
        var request = new CreateChatCompletionRequest { Model = "gpt-5.5", Messages = [new ChatCompletionRequestUserMessage { Content = "Hi" }], StartWithin = StartWithin.Default };

        CreateChatCompletionResponse result = await Call(sync, client.Chat.Completions.CreateAsync, client.Chat.Completions.Create, request,
            FlexInferenceJsonContext.Default.CreateChatCompletionRequest, FlexInferenceJsonContext.Default.CreateChatCompletionResponse);

        Assert.Equal("/v1/chat/completions", _router.Received.Single().RequestMessage.Path);
        Assert.Equal(JsonSerializer.Serialize(request, FlexInferenceJsonContext.Default.CreateChatCompletionRequest), _router.LastBody);
        ServedRoute route = RoutingExtensions.GetRouting<CreateChatCompletionResponse>(result); // the caller-type path
        Assert.Equal("foundry", route.Provider);
        Assert.Equal(RoutingReason.ChainAdvanced, route.Reason);
        Assert.Equal(94, route.CostMicroUsd);
        Assert.Equal(result.GetRouting().ServiceTier, route.ServiceTier); // same report as the package's own overload
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Interactions_take_the_callers_types(bool sync)
    {
        _router.Reply("/interactions", Payload("interactions.interaction.json"));
        using FlexInferenceClient client = _router.Client();
        var request = new InteractionCreateParams { Model = "gemini-3.5-flash", Input = "Hi", StartWithin = StartWithin.Within(TimeSpan.FromMinutes(1)) };

        InteractionObject result = await Call(sync, client.Interactions.CreateAsync, client.Interactions.Create, request,
            FlexInferenceJsonContext.Default.InteractionCreateParams, FlexInferenceJsonContext.Default.InteractionObject);

        Assert.Equal("/v1/interactions", _router.Received.Single().RequestMessage.Path);
        ServedRoute route = RoutingExtensions.GetRouting<InteractionObject>(result);
        Assert.Equal(ServiceTier.Flex, route.ServiceTier);
        Assert.Equal(211, route.CostMicroUsd);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Messages_take_the_callers_types_and_the_tier_falls_back_to_usage(bool sync)
    {
        JsonObject body = JsonNode.Parse(Payload("messages.message.json"))!.AsObject();
        body.Remove("service_tier"); // Anthropic's own shape: the tier only in usage.service_tier
        _router.Reply("/messages", body.ToJsonString());
        using FlexInferenceClient client = _router.Client();
        var request = new MessageCreateParams { Model = "claude-opus-4-8", MaxTokens = 64, Messages = [new Message { Role = "user", Content = "Hi" }], StartWithin = StartWithin.Default };

        MessageObject result = await Call(sync, client.Messages.CreateAsync, client.Messages.Create, request,
            FlexInferenceJsonContext.Default.MessageCreateParams, FlexInferenceJsonContext.Default.MessageObject);

        Assert.Equal("/v1/messages", _router.Received.Single().RequestMessage.Path);
        ServedRoute route = RoutingExtensions.GetRouting<MessageObject>(result);
        Assert.Equal("standard", route.ServiceTier?.Value);
        Assert.Equal("anthropic", route.Provider);
    }

    [Fact]
    public async Task A_failure_frame_in_a_stream_of_the_callers_events_is_StreamFailedException_with_the_text_so_far()
    {
        const string Sse = """
            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Partial"}}

            event: error
            data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}


            """;
        _router.Reply("/messages", Sse.Replace("\r\n", "\n", StringComparison.Ordinal), "text/event-stream");
        using FlexInferenceClient client = _router.Client();
        var request = new MessageCreateParams { Model = "claude-opus-4-8", MaxTokens = 64, Messages = [new Message { Role = "user", Content = "Hi" }], StartWithin = StartWithin.Default };

        await using FlexInferenceEventStream<JsonElementBox> stream = await client.Messages.CreateStreamingAsync(
            request, FlexInferenceJsonContext.Default.MessageCreateParams, JsonElementBox.TypeInfo, cancellationToken: Token);
        var error = await Assert.ThrowsAsync<StreamFailedException>(async () =>
        {
            await foreach (JsonElementBox _ in stream.WithCancellation(Token))
            {
            }
        });

        Assert.Equal("Partial", error.TextSoFar);
        Assert.True(JsonDocument.Parse(_router.LastBody).RootElement.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public async Task A_request_type_that_is_not_a_json_object_is_refused_locally_streamed_or_not()
    {
        using FlexInferenceClient client = _router.Client();
        JsonTypeInfo<string> text = JsonElementBox.StringInfo;

        var plain = await Assert.ThrowsAsync<FlexInferenceValidationException>(
            () => client.Responses.CreateAsync("Hi", text, FlexInferenceJsonContext.Default.Response, cancellationToken: Token));
        var streamed = Assert.Throws<FlexInferenceValidationException>(
            () => client.Responses.CreateStreaming("Hi", text, JsonElementBox.TypeInfo, cancellationToken: Token));

        Assert.Contains("the request body must be a JSON object", plain.Message, StringComparison.Ordinal);
        Assert.Equal(plain.Message, streamed.Message);
        Assert.Empty(_router.Received);
    }

    private static async Task<TResponse> Call<TRequest, TResponse>(
        bool sync,
        Func<TRequest, JsonTypeInfo<TRequest>, JsonTypeInfo<TResponse>, RequestOptions?, CancellationToken, Task<TResponse>> async,
        Func<TRequest, JsonTypeInfo<TRequest>, JsonTypeInfo<TResponse>, RequestOptions?, CancellationToken, TResponse> blocking,
        TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType)
        where TResponse : class =>
        sync ? blocking(request, requestType, responseType, null, Token) : await async(request, requestType, responseType, null, Token);

    public void Dispose() => _router.Dispose();

    /// <summary>A caller's event type that keeps the whole event as JSON (the simplest thing a consumer could pass).</summary>
    public sealed class JsonElementBox
    {
        public static readonly JsonTypeInfo<JsonElementBox> TypeInfo = JsonMetadataServices.CreateValueInfo<JsonElementBox>(
            new JsonSerializerOptions { TypeInfoResolver = JsonTypeInfoResolver.Combine() }, new BoxConverter());

        public static readonly JsonTypeInfo<string> StringInfo = JsonMetadataServices.CreateValueInfo<string>(
            new JsonSerializerOptions { TypeInfoResolver = JsonTypeInfoResolver.Combine() }, JsonMetadataServices.StringConverter);

        public JsonElement Json { get; init; }

        private sealed class BoxConverter : System.Text.Json.Serialization.JsonConverter<JsonElementBox>
        {
            public override JsonElementBox Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new() { Json = JsonElement.ParseValue(ref reader) };

            public override void Write(Utf8JsonWriter writer, JsonElementBox value, JsonSerializerOptions options) => value.Json.WriteTo(writer);
        }
    }
}
