using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlexInference.Generated.Tests;

/// <summary>
/// The descriptors the hand-written client serves every surface from: their values are the spec's, and the type
/// infos are the generated context's own instances.
/// </summary>
public sealed class OperationDescriptorTests
{
    private static readonly Lazy<JsonNode> Spec = new(() => JsonNode.Parse(File.ReadAllText(FindSpec()))!);

    [Fact]
    public void All_lists_every_operation_in_spec_order()
    {
        Assert.Equal(["Responses", "ChatCompletions", "Interactions", "Messages", "Models", "Model", "Limits"],
            FlexInferenceOperations.All.Select(operation => operation.Name));
        Assert.Same(FlexInferenceOperations.Responses, FlexInferenceOperations.All[0]);
        Assert.Same(FlexInferenceOperations.Limits, FlexInferenceOperations.All[6]);
    }

    [Fact]
    public void Routes_match_the_spec_paths()
    {
        var expected = new List<(string, string, string)>();
        foreach ((string path, JsonNode? item) in Spec.Value["paths"]!.AsObject())
        {
            foreach ((string method, JsonNode? operation) in item!.AsObject())
            {
                expected.Add((operation!["operationId"]!.GetValue<string>(), method.ToUpperInvariant(), path));
            }
        }

        Assert.Equal(expected, FlexInferenceOperations.All.Select(operation => (operation.OperationId, operation.Method, operation.Path)));
        Assert.Equal(("createResponse", "POST", "/responses"), (FlexInferenceOperations.Responses.OperationId, FlexInferenceOperations.Responses.Method, FlexInferenceOperations.Responses.Path));
        Assert.Equal("/models/{model}", FlexInferenceOperations.Model.Path);
    }

    [Fact]
    public void Type_infos_are_the_generated_contexts()
    {
        FlexInferenceJsonContext json = FlexInferenceJsonContext.Default;
        AssertTypes(FlexInferenceOperations.Responses, json.CreateResponse, json.Response, json.ResponseStreamEvent, json.FlexError);
        AssertTypes(FlexInferenceOperations.ChatCompletions, json.CreateChatCompletionRequest, json.CreateChatCompletionResponse, json.CreateChatCompletionStreamResponse, json.FlexError);
        AssertTypes(FlexInferenceOperations.Interactions, json.InteractionCreateParams, json.InteractionObject, json.InteractionStreamEvent, json.GoogleErrorEnvelope);
        AssertTypes(FlexInferenceOperations.Messages, json.MessageCreateParams, json.MessageObject, json.MessageStreamEvent, json.AnthropicErrorEnvelope);
        AssertTypes(FlexInferenceOperations.Models, null, json.ModelList, null, json.FlexError);
        AssertTypes(FlexInferenceOperations.Model, null, json.Model, null, json.FlexError);
        AssertTypes(FlexInferenceOperations.Limits, null, json.Limits, null, json.FlexError);
    }

    [Fact]
    public void Required_fields_carry_the_hints()
    {
        FlexInferenceRequiredField input = Assert.Single(FlexInferenceOperations.Responses.RequiredFields);
        Assert.Equal(("input", null, "the prompt", null, "Set it to text or a list of items", "\"input\": \"Write a haiku.\""),
            (input.Name, input.JsonType, input.Purpose, input.Shape, input.Fix, input.Example));
        Assert.Equal("input", Assert.Single(FlexInferenceOperations.Interactions.RequiredFields).Name);

        foreach (FlexInferenceOperation operation in new[] { FlexInferenceOperations.ChatCompletions, FlexInferenceOperations.Messages })
        {
            FlexInferenceRequiredField messages = Assert.Single(operation.RequiredFields);
            Assert.Equal(("messages", "array", "the conversation", "an array of messages", "Set it to an array", "\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]"),
                (messages.Name, messages.JsonType, messages.Purpose, messages.Shape, messages.Fix, messages.Example));
        }

        Assert.Empty(FlexInferenceOperations.Models.RequiredFields);
        Assert.Empty(FlexInferenceOperations.Limits.RequiredFields);
    }

    [Fact]
    public void Result_shapes_are_the_specs()
    {
        FlexInferenceResultShape messages = FlexInferenceOperations.Messages.Result!;
        Assert.Equal(["/service_tier", "/usage/service_tier"], messages.ServiceTier);
        Assert.Equal("/usage", messages.Usage);
        Assert.Equal(["/input_tokens", "/cache_read_input_tokens", "/cache_creation_input_tokens"], messages.InputTokens);
        Assert.Equal(["/output_tokens"], messages.OutputTokens);
        Assert.Equal(["/prompt_tokens"], FlexInferenceOperations.ChatCompletions.Result!.InputTokens);
        Assert.Equal(["/total_output_tokens"], FlexInferenceOperations.Interactions.Result!.OutputTokens);
        Assert.Null(FlexInferenceOperations.Models.Result);
        Assert.Null(FlexInferenceOperations.Models.Stream);
    }

    [Fact]
    public void Stream_shapes_are_the_specs()
    {
        FlexInferenceStreamShape responses = FlexInferenceOperations.Responses.Stream!;
        Assert.Equal("type", responses.EventType);
        Assert.Null(responses.FailureObject);
        Assert.Equal(["response.completed", "response.incomplete"], responses.Terminal);
        Assert.Equal(["response.failed", "error"], responses.Failure);
        Assert.Empty(responses.Skip);
        Assert.Equal([new KeyValuePair<string, string>("response.failed", "/response/error"), new KeyValuePair<string, string>("error", "")], responses.ErrorAt);
        Assert.Equal(["/response"], responses.Facts);
        Assert.Equal(["/response/usage"], responses.Usage);
        Assert.Equal(["/service_tier", "/response/service_tier"], responses.ServiceTier);
        Assert.Equal(("response.output_text.delta", "/delta", null), (responses.TextDelta.Event, responses.TextDelta.Path, responses.TextDelta.When));
        Assert.Empty(responses.TextDelta.WhenValues);
        Assert.Null(responses.StreamingDefaults);

        FlexInferenceStreamShape chat = FlexInferenceOperations.ChatCompletions.Stream!;
        Assert.Null(chat.EventType);
        Assert.Equal("error", chat.FailureObject);
        Assert.Equal([""], chat.Facts);
        Assert.Null(chat.TextDelta.Event);
        Assert.Equal("/choices/0/delta/content", chat.TextDelta.Path);
        Assert.Equal("""{"stream_options":{"include_usage":true}}""", chat.StreamingDefaults);
        Assert.True(JsonNode.DeepEquals(Surface("/chat/completions", "post")["stream"]!["streamingDefaults"], JsonNode.Parse(chat.StreamingDefaults!)));

        FlexInferenceStreamShape interactions = FlexInferenceOperations.Interactions.Stream!;
        Assert.Equal("event_type", interactions.EventType);
        Assert.Equal(("step.delta", "/delta/text", "/delta/type"), (interactions.TextDelta.Event, interactions.TextDelta.Path, interactions.TextDelta.When));
        Assert.Equal([null, "text"], interactions.TextDelta.WhenValues);

        FlexInferenceStreamShape messages = FlexInferenceOperations.Messages.Stream!;
        Assert.Equal(["message_stop"], messages.Terminal);
        Assert.Equal(["ping"], messages.Skip);
        Assert.Equal(["/message", ""], messages.Facts);
        Assert.Equal(["text_delta"], messages.TextDelta.WhenValues);
    }

    [Fact]
    public void Every_stream_shape_matches_its_spec_extension()
    {
        foreach (FlexInferenceOperation operation in FlexInferenceOperations.All.Where(operation => operation.Stream is not null))
        {
            JsonNode stream = Surface(operation.Path, operation.Method.ToLowerInvariant())["stream"]!;
            Assert.Equal(Strings(stream["terminal"]), operation.Stream!.Terminal);
            Assert.Equal(Strings(stream["failure"]), operation.Stream.Failure);
            Assert.Equal(Strings(stream["skip"]), operation.Stream.Skip);
            Assert.Equal(Strings(stream["facts"]), operation.Stream.Facts);
            Assert.Equal(Strings(stream["usage"]), operation.Stream.Usage);
            Assert.Equal(Strings(stream["serviceTier"]), operation.Stream.ServiceTier);
            Assert.Equal(stream["textDelta"]!["path"]!.GetValue<string>(), operation.Stream.TextDelta.Path);
        }
    }

    [Fact]
    public void Request_rules_equal_the_spec()
    {
        JsonNode schemas = Spec.Value["components"]!["schemas"]!;
        JsonNode retry = schemas["RetryConfig"]!;
        Assert.Equal(FlexInferenceRequestRules.RetryCountMinimum, retry["properties"]!["count"]!["minimum"]!.GetValue<int>());
        Assert.Equal(FlexInferenceRequestRules.RetryCountMaximum, retry["properties"]!["count"]!["maximum"]!.GetValue<int>());
        Assert.Equal(retry["properties"]!.AsObject().Select(property => property.Key), FlexInferenceRequestRules.RetryKeys);
        Assert.Equal(Strings(schemas["RetryBackoff"]!["enum"]), FlexInferenceRequestRules.RetryBackoffValues);
        Assert.Equal(Strings(schemas["ProviderRoute"]!["enum"]), FlexInferenceRequestRules.ProviderRoutes);
        Assert.Equal(FlexInferenceRequestRules.ProviderMinItems, schemas["ProviderChain"]!["minItems"]!.GetValue<int>());
        Assert.Equal(FlexInferenceRequestRules.ProviderMaxItems, schemas["ProviderChain"]!["maxItems"]!.GetValue<int>());

        Assert.Equal((1, 5, 1, 3), (FlexInferenceRequestRules.RetryCountMinimum, FlexInferenceRequestRules.RetryCountMaximum,
            FlexInferenceRequestRules.ProviderMinItems, FlexInferenceRequestRules.ProviderMaxItems));
        Assert.Equal(["count", "backoff", "jitter"], FlexInferenceRequestRules.RetryKeys);
        Assert.Equal(["exponential", "linear"], FlexInferenceRequestRules.RetryBackoffValues);
        Assert.Same(FlexInferenceRequestRules.ProviderRoutes, FlexInferenceRequestRules.ProviderRoutes);
    }

    [Fact]
    public void Descriptors_are_internal()
    {
        foreach (Type type in new[] { typeof(FlexInferenceOperations), typeof(FlexInferenceOperation), typeof(FlexInferenceRequiredField), typeof(FlexInferenceResultShape),
            typeof(FlexInferenceStreamShape), typeof(FlexInferenceTextDelta), typeof(FlexInferenceRequestRules) })
        {
            Assert.False(type.IsPublic, type.Name);
        }
    }

    private static void AssertTypes(FlexInferenceOperation operation, object? request, object response, object? events, object? error)
    {
        Assert.Same(request, operation.RequestType);
        Assert.Same(response, operation.ResponseType);
        Assert.Same(events, operation.EventType);
        Assert.Same(error, operation.ErrorType);
    }

    private static JsonNode Surface(string path, string method) => Spec.Value["paths"]![path]![method]!["x-flexinference-surface"]!;

    private static List<string> Strings(JsonNode? array) => array!.AsArray().Select(item => item!.GetValue<string>()).ToList();

    private static string FindSpec()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "openapi", "flexinference.openapi.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("openapi/flexinference.openapi.json was not found above " + AppContext.BaseDirectory);
    }
}
