using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FlexInference.Generated.Tests.Infrastructure;
using FlexInference.TestSupport;

namespace FlexInference.Generated.Tests;

/// <summary>
/// What a typed read-then-write preserves (docs/decisions.md, "Typed round trip"): explicit nulls, absent pinned
/// values, unescaped text and values of an unexpected JSON kind come back; key order and the spelling of typed numbers
/// and escapes do not. A request built in code still sends no null it was not given.
/// </summary>
public sealed class RoundTripFidelityTests
{
    [Fact]
    public void Explicit_nulls_survive_a_typed_round_trip()
    {
        const string json = """{"id":"resp_1","object":"response","status":"completed","error":null,"incomplete_details":null,"instructions":null,"max_output_tokens":null,"previous_response_id":null,"usage":null}""";

        Response response = JsonSerializer.Deserialize(json, FlexInferenceJsonContext.Default.Response)!;
        string written = JsonSerializer.Serialize(response, FlexInferenceJsonContext.Default.Response);

        Assert.Null(response.Instructions);
        Assert.Equal(json, written);
    }

    [Fact]
    public void A_request_built_in_code_sends_no_null_it_was_not_given()
    {
        var request = new CreateResponse { Model = "gpt-5.5", Input = "it's café time 😀", Instructions = null, StartWithin = StartWithin.Default };

        string written = JsonSerializer.Serialize(request, FlexInferenceJsonContext.Default.CreateResponse);

        Assert.Equal("""{"model":"gpt-5.5","input":"it's café time \uD83D\uDE00","start_within":"default"}""", written);
    }

    [Fact]
    public void A_read_request_changed_in_code_writes_the_change_and_keeps_the_other_nulls()
    {
        CreateResponse read = JsonSerializer.Deserialize("""{"model":"gpt-5.5","input":"hi","instructions":null,"user":null}""", FlexInferenceJsonContext.Default.CreateResponse)!;

        string written = JsonSerializer.Serialize(read with { Instructions = "Be brief." }, FlexInferenceJsonContext.Default.CreateResponse);

        Assert.Equal("""{"model":"gpt-5.5","input":"hi","instructions":"Be brief.","user":null}""", written);
    }

    [Fact]
    public void The_wire_shape_is_not_part_of_equality()
    {
        Response read = JsonSerializer.Deserialize("""{"id":"r","object":"response","instructions":null}""", FlexInferenceJsonContext.Default.Response)!;

        Assert.Equal(new Response { Id = "r" }, read);
        Assert.Equal(new Response { Id = "r" }.GetHashCode(), read.GetHashCode());
    }

    [Fact]
    public void Text_is_written_without_needless_escaping()
    {
        const string json = """{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"It's 3 °C in Zürich <b>&</b> 😀 — \"quoted\"\n\ttab \u0001"}]}""";

        MessageObject message = JsonSerializer.Deserialize(json, FlexInferenceJsonContext.Default.MessageObject)!;
        string written = JsonSerializer.Serialize(message, FlexInferenceJsonContext.Default.MessageObject);

        // Only what JSON requires is escaped (the quote, the backslash, control characters), plus characters outside
        // the Basic Multilingual Plane, which System.Text.Json's relaxed encoder always writes as surrogate escapes.
        Assert.Equal(json.Replace("😀", "\\uD83D\\uDE00", StringComparison.Ordinal), written);
    }

    [Fact]
    public void A_pinned_value_the_payload_did_not_carry_is_not_added_but_a_built_record_sends_it()
    {
        InteractionStreamSnapshot snapshot = JsonSerializer.Deserialize("""{"id":"v1_x","status":"completed"}""", FlexInferenceJsonContext.Default.InteractionStreamSnapshot)!;
        InteractionObject interaction = JsonSerializer.Deserialize("""{"id":"v1_x","status":"completed"}""", FlexInferenceJsonContext.Default.InteractionObject)!;

        Assert.Equal("interaction", snapshot.Object);
        Assert.Equal("""{"id":"v1_x","status":"completed"}""", JsonSerializer.Serialize(snapshot, FlexInferenceJsonContext.Default.InteractionStreamSnapshot));
        Assert.Equal("""{"id":"v1_x","status":"completed"}""", JsonSerializer.Serialize(interaction, FlexInferenceJsonContext.Default.InteractionObject));
        Assert.Equal("""{"type":"text","text":"hi"}""", JsonSerializer.Serialize(new MessageTextBlock { Text = "hi" }, FlexInferenceJsonContext.Default.MessageTextBlock));
    }

    [Fact]
    public void A_value_of_another_json_kind_than_the_spec_says_is_kept_raw_and_the_member_stays_typed()
    {
        const string json = """{"event_type":"step.delta","index":1,"delta":{"type":"google_search_call","arguments":{"queries":["Zürich snow"]}}}""";

        InteractionStreamEvent item = JsonSerializer.Deserialize(json, FlexInferenceJsonContext.Default.InteractionStreamEvent)!;

        Assert.True(item.IsInteractionStepDeltaEvent);
        InteractionStreamDelta delta = item.AsInteractionStepDeltaEvent().Delta!;
        Assert.Null(delta.Arguments);
        Assert.Equal("""{"queries":["Zürich snow"]}""", delta.AdditionalProperties!["arguments"].GetRawText());
        Assert.Equal(json, JsonSerializer.Serialize(item, FlexInferenceJsonContext.Default.InteractionStreamEvent));
    }

    /// <summary>Every fixture, read and written back, compared strictly; the report lists each difference that remains.</summary>
    [Fact]
    public void Fixture_round_trip_report()
    {
        var report = new StringBuilder();
        report.AppendLine("# Typed round trip of every fixture: what still differs (and why, in docs/decisions.md)");
        foreach (string fixture in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string name = Path.GetRelativePath(Path.Combine(AppContext.BaseDirectory, "Fixtures"), fixture).Replace('\\', '/');
            if (!FixtureTypes.TryGetValue(Path.GetFileName(name), out string? typeName))
            {
                report.AppendLine($"{name}: NO TYPE MAPPED");
                continue;
            }

            string json = File.ReadAllText(fixture);
            JsonTypeInfo typeInfo = FlexInferenceJsonContext.Default.GetTypeInfo(typeof(Response).Assembly.GetType("FlexInference." + typeName, throwOnError: true)!)!;
            string written = JsonSerializer.Serialize(JsonSerializer.Deserialize(json, typeInfo), typeInfo);
            using JsonDocument original = JsonDocument.Parse(json);
            using JsonDocument output = JsonDocument.Parse(written);
            var differences = new Differences();
            differences.Compare(original.RootElement, output.RootElement, "$");
            report.AppendLine($"{name} as {typeName}: {differences.Summary()}");
            foreach (string line in differences.Lines)
            {
                report.AppendLine("  " + line);
            }
        }

        Snapshot.Verify(report.ToString());
    }

    /// <summary>The type each fixture file is read as (the file name decides; folders group by source).</summary>
    private static readonly Dictionary<string, string> FixtureTypes = new(StringComparer.Ordinal)
    {
        ["responses.response.json"] = nameof(Response),
        ["chat.completion.json"] = nameof(CreateChatCompletionResponse),
        ["chat.completion.chunk.json"] = nameof(CreateChatCompletionStreamResponse),
        ["chat.completion.chunk.usage.json"] = nameof(CreateChatCompletionStreamResponse),
        ["interactions.interaction.json"] = nameof(InteractionObject),
        ["messages.message.json"] = nameof(MessageObject),
        ["error.openai.json"] = nameof(FlexError),
        ["error.anthropic.json"] = nameof(AnthropicErrorEnvelope),
        ["error.google.json"] = nameof(GoogleErrorEnvelope),
        ["responses.request.json"] = nameof(CreateResponse),
        ["chat.request.json"] = nameof(CreateChatCompletionRequest),
        ["interactions.request.json"] = nameof(InteractionCreateParams),
        ["messages.request.json"] = nameof(MessageCreateParams),
    };

    /// <summary>A strict comparison: nulls, key order, number spelling and string escapes all count.</summary>
    private sealed class Differences
    {
        public List<string> Lines { get; } = [];

        private int _order;
        private int _numbers;
        private int _escapes;

        public string Summary() => Lines.Count == 0 && _order == 0 && _numbers == 0 && _escapes == 0
            ? "identical data, key order, number spelling and escapes"
            : $"{Lines.Count(l => l.StartsWith("dropped", StringComparison.Ordinal))} dropped, {Lines.Count(l => l.StartsWith("added", StringComparison.Ordinal))} added, " +
              $"{_order} objects reordered, {_numbers} numbers respelled, {_escapes} strings re-escaped";

        public void Compare(JsonElement expected, JsonElement actual, string path)
        {
            if (expected.ValueKind != actual.ValueKind)
            {
                Lines.Add($"changed kind {path}: {expected.ValueKind} -> {actual.ValueKind}");
                return;
            }

            switch (expected.ValueKind)
            {
                case JsonValueKind.Object:
                    List<string> before = expected.EnumerateObject().Select(p => p.Name).ToList();
                    List<string> after = actual.EnumerateObject().Select(p => p.Name).ToList();
                    foreach (string name in before.Except(after))
                    {
                        Lines.Add($"dropped {path}.{name}");
                    }

                    foreach (string name in after.Except(before))
                    {
                        Lines.Add($"added {path}.{name}");
                    }

                    if (!before.Intersect(after).SequenceEqual(after.Intersect(before)))
                    {
                        _order++;
                        Lines.Add($"reordered {path} (typed properties in spec order, then unknown ones in received order)");
                    }

                    foreach (string name in before.Intersect(after))
                    {
                        Compare(expected.GetProperty(name), actual.GetProperty(name), path + "." + name);
                    }

                    break;
                case JsonValueKind.Array:
                    for (int i = 0; i < Math.Min(expected.GetArrayLength(), actual.GetArrayLength()); i++)
                    {
                        Compare(expected[i], actual[i], $"{path}[{i}]");
                    }

                    break;
                case JsonValueKind.Number when expected.GetRawText() != actual.GetRawText():
                    _numbers++;
                    Lines.Add($"respelled {path}: {expected.GetRawText()} -> {actual.GetRawText()} (typed number)");
                    break;
                case JsonValueKind.String when expected.GetRawText() != actual.GetRawText():
                    _escapes++;
                    Lines.Add($"re-escaped {path}: {Clip(expected.GetRawText())} -> {Clip(actual.GetRawText())} (typed string)");
                    break;
            }
        }

        private static string Clip(string text) => text.Length <= 60 ? text : text[..57] + "...";
    }
}
