using System.Buffers;
using System.Text;
using System.Text.Json;

namespace FlexInference.Benchmarks.Infrastructure;

/// <summary>
/// Every response body and event stream of the suite, built once, deterministically, in memory. Each contender reads
/// these exact bytes (from a byte array, a memory stream or the loopback server), so no SDK is measured on an easier
/// payload than another.
/// </summary>
internal static class Payloads
{
    public const int StreamParsingEvents = 10_000;
    public const int EndToEndStreamEvents = 500;

    private static readonly string[] Words =
    [
        " the", " museum", " opens", " at", " nine", ",", " and", " the", " impressionist", " galleries", " on", " the", " fifth",
        " floor", " are", " quieter", " after", " four", ".", " Start", " with", " Monet", "'s", " water", " lilies", " then",
        " walk", " down", " to", " the", " clock", " café", " for", " the", " view", " over", " the", " Seine", ".",
    ];

    // Static initialisers run in text order: everything the payloads below are built from comes first.
    public static string LargeResponseText { get; } = string.Concat(Enumerable.Range(0, 400).Select(Word)).TrimStart();

    public const string ChatCompletionText =
        "Don't miss Monet's Water Lilies and Renoir's Bal du moulin de la Galette on the fifth floor, then Van Gogh's Starry Night " +
        "Over the Rhône in the same galleries. Finish at the giant clock window on the fifth floor for the view over the Seine and " +
        "the Louvre; the café behind it is a good place to rest before your walk. If time allows, the Art Nouveau furniture rooms on " +
        "the middle level are rarely crowded.";

    /// <summary>A typical non-streaming chat completion of about 1 KB: one choice with text, usage with details.</summary>
    public static byte[] ChatCompletion { get; } = BuildChatCompletion();

    /// <summary>A Responses object of about 100 KB: reasoning, a long cited answer and many function calls.</summary>
    public static byte[] LargeResponse { get; } = BuildLargeResponse(100 * 1024);

    /// <summary>A typical Anthropic message: thinking, text and one tool_use block, usage.</summary>
    public static byte[] AnthropicMessage { get; } = BuildAnthropicMessage();

    public static byte[] ChatStream(int events) => BuildChatStream(events);

    public static byte[] ResponsesStream(int deltas) => BuildResponsesStream(deltas);

    public static byte[] MessagesStream(int deltas) => BuildMessagesStream(deltas);

    /// <summary>The text the <paramref name="index"/>-th delta carries (the same for every stream kind).</summary>
    public static string Word(int index) => Words[index % Words.Length];

    /// <summary>The text all deltas of a stream add up to.</summary>
    public static string StreamText(int deltas)
    {
        var text = new StringBuilder();
        for (int i = 0; i < deltas; i++)
        {
            text.Append(Word(i));
        }

        return text.ToString();
    }

    private static byte[] BuildChatCompletion() => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", "chatcmpl-CXa9Q2hV4mJ8nK1pR7sT0uW3yZ5bD");
        w.WriteString("object", "chat.completion");
        w.WriteNumber("created", 1763971300);
        w.WriteString("model", "gpt-5.4-mini-2026-03-17");
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        w.WriteString("content", ChatCompletionText);
        w.WriteNull("refusal");
        w.WriteStartArray("annotations");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteNull("logprobs");
        w.WriteString("finish_reason", "stop");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", 612);
        w.WriteNumber("completion_tokens", 74);
        w.WriteNumber("total_tokens", 686);
        w.WriteStartObject("prompt_tokens_details");
        w.WriteNumber("cached_tokens", 512);
        w.WriteNumber("audio_tokens", 0);
        w.WriteEndObject();
        w.WriteStartObject("completion_tokens_details");
        w.WriteNumber("reasoning_tokens", 0);
        w.WriteNumber("audio_tokens", 0);
        w.WriteNumber("accepted_prediction_tokens", 0);
        w.WriteNumber("rejected_prediction_tokens", 0);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteString("service_tier", "default");
        w.WriteString("system_fingerprint", "fp_3f58d112f7");
        w.WriteEndObject();
    });

    /// <summary>How many function calls <see cref="LargeResponse"/> holds (the deserialisation checks count them).</summary>
    public static int LargeResponseToolCalls { get; private set; }

    private static byte[] BuildLargeResponse(int targetBytes)
    {
        // Grow the number of function calls until the body reaches the target size.
        for (int calls = 1; ; calls++)
        {
            byte[] body = LargeResponseWith(calls);
            if (body.Length >= targetBytes)
            {
                LargeResponseToolCalls = calls;
                return body;
            }
        }
    }

    private static byte[] LargeResponseWith(int calls) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", "resp_0a8f3c2e7b1d4f5a00691e2c7d9b8c81a0b3f2e4d5c6a7b8");
        w.WriteString("object", "response");
        w.WriteNumber("created_at", 1763971200);
        w.WriteString("status", "completed");
        w.WriteBoolean("background", false);
        w.WriteNumber("completed_at", 1763971214);
        w.WriteNull("error");
        w.WriteNull("incomplete_details");
        w.WriteString("instructions", Conversation.System);
        w.WriteNumber("max_output_tokens", 16384);
        w.WriteNull("max_tool_calls");
        w.WriteString("model", "gpt-5.5-2026-08-14");
        w.WriteStartArray("output");

        w.WriteStartObject();
        w.WriteString("id", "rs_0a8f3c2e7b1d4f5a00691e2c7e11f881a0a9c3d0b6f4e2a1");
        w.WriteString("type", "reasoning");
        w.WriteStartArray("summary");
        w.WriteStartObject();
        w.WriteString("type", "summary_text");
        w.WriteString("text", "**Planning the museum afternoon**\n\nThe user wants slots for several museums; I should check availability for each and book them in parallel.");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteStartObject();
        w.WriteString("id", "msg_0a8f3c2e7b1d4f5a00691e2c8b55c881a0c4d5e6f7a8b9c0");
        w.WriteString("type", "message");
        w.WriteString("status", "completed");
        w.WriteStartArray("content");
        w.WriteStartObject();
        w.WriteString("type", "output_text");
        w.WriteStartArray("annotations");
        w.WriteStartObject();
        w.WriteString("type", "url_citation");
        w.WriteNumber("end_index", 118);
        w.WriteNumber("start_index", 61);
        w.WriteString("title", "Musée d'Orsay — opening hours");
        w.WriteString("url", "https://www.musee-orsay.fr/en/visit?utm_source=openai");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("logprobs");
        w.WriteEndArray();
        w.WriteString("text", LargeResponseText);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("role", "assistant");
        w.WriteEndObject();

        for (int i = 0; i < calls; i++)
        {
            w.WriteStartObject();
            w.WriteString("id", $"fc_0a8f3c2e7b1d4f5a00691e2c8d01e081a0d5e6f7a8b9{i:D5}");
            w.WriteString("type", "function_call");
            w.WriteString("status", "completed");
            w.WriteString("arguments", ToolArguments(i));
            w.WriteString("call_id", $"call_Qm3VfX8c2LrT9aKd1N{i:D6}");
            w.WriteString("name", Conversation.BookingToolName);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteBoolean("parallel_tool_calls", true);
        w.WriteNull("previous_response_id");
        w.WriteString("prompt_cache_key", "trip-planner-v3");
        w.WriteStartObject("reasoning");
        w.WriteString("effort", "medium");
        w.WriteString("summary", "auto");
        w.WriteEndObject();
        w.WriteString("service_tier", "flex");
        w.WriteBoolean("store", false);
        w.WriteNumber("temperature", 1.0);
        w.WriteStartObject("text");
        w.WriteStartObject("format");
        w.WriteString("type", "text");
        w.WriteEndObject();
        w.WriteString("verbosity", "medium");
        w.WriteEndObject();
        w.WriteString("tool_choice", "auto");
        w.WriteStartArray("tools");
        WriteFunctionTool(w, Conversation.WeatherToolName, Conversation.WeatherToolDescription, Conversation.WeatherToolSchema);
        WriteFunctionTool(w, Conversation.BookingToolName, Conversation.BookingToolDescription, Conversation.BookingToolSchema);
        w.WriteEndArray();
        w.WriteNumber("top_logprobs", 0);
        w.WriteNumber("top_p", 1.0);
        w.WriteString("truncation", "disabled");
        w.WriteStartObject("usage");
        w.WriteNumber("input_tokens", 1843);
        w.WriteStartObject("input_tokens_details");
        w.WriteNumber("cached_tokens", 1024);
        w.WriteEndObject();
        w.WriteNumber("output_tokens", 9612);
        w.WriteStartObject("output_tokens_details");
        w.WriteNumber("reasoning_tokens", 384);
        w.WriteEndObject();
        w.WriteNumber("total_tokens", 11455);
        w.WriteEndObject();
        w.WriteNull("user");
        w.WriteStartObject("metadata");
        w.WriteString("tenant", "acme-travel");
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>Realistic, varied arguments of about 1 KB (the model booking a slot with a long note).</summary>
    public static string ToolArguments(int i)
    {
        var note = new StringBuilder();
        for (int k = 0; k < 90; k++)
        {
            note.Append(Word(i + k));
        }

        return $$"""{"museum":"Museum {{i}} of the Left Bank","date":"2026-11-{{10 + (i % 20):D2}}","time":"{{9 + (i % 9):D2}}:30","tickets":{{1 + (i % 4)}},"note":"{{note.ToString().Trim()}}"}""";
    }

    private static void WriteFunctionTool(Utf8JsonWriter w, string name, string description, string schema)
    {
        w.WriteStartObject();
        w.WriteString("type", "function");
        w.WriteString("name", name);
        w.WriteString("description", description);
        w.WritePropertyName("parameters");
        w.WriteRawValue(schema);
        w.WriteBoolean("strict", true);
        w.WriteEndObject();
    }

    public const string AnthropicText = "I'll check the current weather in Paris for you, then suggest a plan for the afternoon.";

    private static byte[] BuildAnthropicMessage() => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", "msg_01XFDUDYJgAACzvnptvVoYEL");
        w.WriteString("type", "message");
        w.WriteString("role", "assistant");
        w.WriteString("model", "claude-sonnet-4-5-20250929");
        w.WriteStartArray("content");
        w.WriteStartObject();
        w.WriteString("type", "thinking");
        w.WriteString("thinking", "The user wants to know if they need an umbrella in Paris today. I should call get_weather with the city and the metric unit.");
        w.WriteString("signature", "ErUBCkYIBxgCIkB0cW5qN2ZzZ2hqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODlBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWhIMk8jY5Nw1rEXAMPLE==");
        w.WriteEndObject();
        w.WriteStartObject();
        w.WriteString("type", "text");
        w.WriteString("text", AnthropicText);
        w.WriteEndObject();
        w.WriteStartObject();
        w.WriteString("type", "tool_use");
        w.WriteString("id", "toolu_01A09q90qw90lq917835lq9");
        w.WriteString("name", Conversation.WeatherToolName);
        w.WritePropertyName("input");
        w.WriteRawValue("""{"location":"Paris, FR","unit":"celsius","hours":6}""");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("stop_reason", "tool_use");
        w.WriteNull("stop_sequence");
        w.WriteStartObject("usage");
        w.WriteNumber("input_tokens", 472);
        w.WriteNumber("cache_creation_input_tokens", 0);
        w.WriteNumber("cache_read_input_tokens", 2048);
        w.WriteStartObject("cache_creation");
        w.WriteNumber("ephemeral_5m_input_tokens", 0);
        w.WriteNumber("ephemeral_1h_input_tokens", 0);
        w.WriteEndObject();
        w.WriteNumber("output_tokens", 187);
        w.WriteString("service_tier", "standard");
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>
    /// A chat stream of exactly <paramref name="events"/> chunks (role, text deltas, finish, usage) and <c>[DONE]</c>,
    /// each chunk as OpenAI sends it with <c>stream_options.include_usage</c>.
    /// </summary>
    private static byte[] BuildChatStream(int events)
    {
        int deltas = events - 3; // role chunk, finish chunk, usage chunk
        var sse = new SseBuilder();
        sse.Data(ChatChunk(w =>
        {
            w.WriteString("role", "assistant");
            w.WriteString("content", string.Empty);
            w.WriteNull("refusal");
        }, finish: null));
        for (int i = 0; i < deltas; i++)
        {
            string word = Word(i);
            sse.Data(ChatChunk(w => w.WriteString("content", word), finish: null));
        }

        sse.Data(ChatChunk(_ => { }, finish: "stop"));
        sse.Data(Write(w =>
        {
            WriteChunkHeader(w);
            w.WriteStartArray("choices");
            w.WriteEndArray();
            w.WriteStartObject("usage");
            w.WriteNumber("prompt_tokens", 612);
            w.WriteNumber("completion_tokens", deltas);
            w.WriteNumber("total_tokens", 612 + deltas);
            w.WriteEndObject();
            w.WriteString("obfuscation", "Qk7f");
            w.WriteEndObject();
        }));
        sse.Data("[DONE]"u8.ToArray());
        return sse.ToArray();
    }

    private static void WriteChunkHeader(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("id", "chatcmpl-CXaA7dLq3nW9sE2rT5yU8iO1pA4sD");
        w.WriteString("object", "chat.completion.chunk");
        w.WriteNumber("created", 1763971305);
        w.WriteString("model", "gpt-5.4-mini-2026-03-17");
        w.WriteString("service_tier", "default");
        w.WriteString("system_fingerprint", "fp_3f58d112f7");
    }

    private static byte[] ChatChunk(Action<Utf8JsonWriter> delta, string? finish) => Write(w =>
    {
        WriteChunkHeader(w);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("delta");
        delta(w);
        w.WriteEndObject();
        w.WriteNull("logprobs");
        if (finish is null)
        {
            w.WriteNull("finish_reason");
        }
        else
        {
            w.WriteString("finish_reason", finish);
        }

        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("obfuscation", "Qk7f");
        w.WriteEndObject();
    });

    /// <summary>
    /// A Responses stream: created, in_progress, item and part added, <paramref name="deltas"/> text deltas, text done,
    /// part and item done, completed (with the full response, as OpenAI sends it). Named events, as OpenAI sends them.
    /// </summary>
    private static byte[] BuildResponsesStream(int deltas)
    {
        const string id = "resp_0a8f3c2e7b1d4f5a00691e2c7d9b8c81a0b3f2e4d5c6a7b8";
        const string itemId = "msg_0a8f3c2e7b1d4f5a00691e2c8b55c881a0c4d5e6f7a8b9c0";
        string text = StreamText(deltas);
        var sse = new SseBuilder();
        int sequence = 0;
        sse.Event("response.created", Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "response.created");
            w.WriteNumber("sequence_number", sequence++);
            w.WritePropertyName("response");
            WriteStreamedResponse(w, id, "in_progress", null);
            w.WriteEndObject();
        }));
        sse.Event("response.in_progress", Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "response.in_progress");
            w.WriteNumber("sequence_number", sequence++);
            w.WritePropertyName("response");
            WriteStreamedResponse(w, id, "in_progress", null);
            w.WriteEndObject();
        }));
        sse.Event("response.output_item.added", Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "response.output_item.added");
            w.WriteNumber("sequence_number", sequence++);
            w.WriteNumber("output_index", 0);
            w.WritePropertyName("item");
            WriteOutputMessage(w, itemId, "in_progress", null);
            w.WriteEndObject();
        }));
        sse.Event("response.content_part.added", Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "response.content_part.added");
            w.WriteNumber("sequence_number", sequence++);
            w.WriteString("item_id", itemId);
            w.WriteNumber("output_index", 0);
            w.WriteNumber("content_index", 0);
            w.WritePropertyName("part");
            WriteOutputText(w, string.Empty);
            w.WriteEndObject();
        }));
        for (int i = 0; i < deltas; i++)
        {
            string word = Word(i);
            int number = sequence++;
            sse.Event("response.output_text.delta", Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("type", "response.output_text.delta");
                w.WriteNumber("sequence_number", number);
                w.WriteString("item_id", itemId);
                w.WriteNumber("output_index", 0);
                w.WriteNumber("content_index", 0);
                w.WriteString("delta", word);
                w.WriteStartArray("logprobs");
                w.WriteEndArray();
                w.WriteString("obfuscation", "tW9sKq2");
                w.WriteEndObject();
            }));
        }

        sse.Event("response.output_text.done", Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "response.output_text.done");
            w.WriteNumber("sequence_number", sequence++);
            w.WriteString("item_id", itemId);
            w.WriteNumber("output_index", 0);
            w.WriteNumber("content_index", 0);
            w.WriteString("text", text);
            w.WriteStartArray("logprobs");
            w.WriteEndArray();
            w.WriteEndObject();
        }));
        sse.Event("response.content_part.done", Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "response.content_part.done");
            w.WriteNumber("sequence_number", sequence++);
            w.WriteString("item_id", itemId);
            w.WriteNumber("output_index", 0);
            w.WriteNumber("content_index", 0);
            w.WritePropertyName("part");
            WriteOutputText(w, text);
            w.WriteEndObject();
        }));
        sse.Event("response.output_item.done", Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "response.output_item.done");
            w.WriteNumber("sequence_number", sequence++);
            w.WriteNumber("output_index", 0);
            w.WritePropertyName("item");
            WriteOutputMessage(w, itemId, "completed", text);
            w.WriteEndObject();
        }));
        sse.Event("response.completed", Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "response.completed");
            w.WriteNumber("sequence_number", sequence++);
            w.WritePropertyName("response");
            WriteStreamedResponse(w, id, "completed", w2 => WriteOutputMessage(w2, itemId, "completed", text));
            w.WriteEndObject();
        }));
        return sse.ToArray();
    }

    private static void WriteStreamedResponse(Utf8JsonWriter w, string id, string status, Action<Utf8JsonWriter>? output)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("object", "response");
        w.WriteNumber("created_at", 1763971200);
        w.WriteString("status", status);
        w.WriteBoolean("background", false);
        w.WriteNull("error");
        w.WriteNull("incomplete_details");
        w.WriteString("instructions", Conversation.ResponsesInstructions);
        w.WriteNull("max_output_tokens");
        w.WriteString("model", "gpt-5.5-2026-08-14");
        w.WriteStartArray("output");
        output?.Invoke(w);
        w.WriteEndArray();
        w.WriteBoolean("parallel_tool_calls", true);
        w.WriteNull("previous_response_id");
        w.WriteString("service_tier", "default");
        w.WriteBoolean("store", false);
        w.WriteNumber("temperature", 1.0);
        w.WriteStartObject("text");
        w.WriteStartObject("format");
        w.WriteString("type", "text");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteString("tool_choice", "auto");
        w.WriteStartArray("tools");
        w.WriteEndArray();
        w.WriteNumber("top_p", 1.0);
        w.WriteString("truncation", "disabled");
        if (status == "completed")
        {
            w.WriteStartObject("usage");
            w.WriteNumber("input_tokens", 328);
            w.WriteStartObject("input_tokens_details");
            w.WriteNumber("cached_tokens", 0);
            w.WriteEndObject();
            w.WriteNumber("output_tokens", 9612);
            w.WriteStartObject("output_tokens_details");
            w.WriteNumber("reasoning_tokens", 0);
            w.WriteEndObject();
            w.WriteNumber("total_tokens", 9940);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("usage");
        }

        w.WriteNull("user");
        w.WriteStartObject("metadata");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteOutputMessage(Utf8JsonWriter w, string itemId, string status, string? text)
    {
        w.WriteStartObject();
        w.WriteString("id", itemId);
        w.WriteString("type", "message");
        w.WriteString("status", status);
        w.WriteStartArray("content");
        if (text is not null)
        {
            WriteOutputText(w, text);
        }

        w.WriteEndArray();
        w.WriteString("role", "assistant");
        w.WriteEndObject();
    }

    private static void WriteOutputText(Utf8JsonWriter w, string text)
    {
        w.WriteStartObject();
        w.WriteString("type", "output_text");
        w.WriteStartArray("annotations");
        w.WriteEndArray();
        w.WriteStartArray("logprobs");
        w.WriteEndArray();
        w.WriteString("text", text);
        w.WriteEndObject();
    }

    /// <summary>An Anthropic Messages stream: message_start, one text block of <paramref name="deltas"/> deltas, a ping, message_delta, message_stop.</summary>
    private static byte[] BuildMessagesStream(int deltas)
    {
        var sse = new SseBuilder();
        sse.Event("message_start", Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "message_start");
            w.WriteStartObject("message");
            w.WriteString("id", "msg_01XFDUDYJgAACzvnptvVoYEL");
            w.WriteString("type", "message");
            w.WriteString("role", "assistant");
            w.WriteString("model", "claude-sonnet-4-5-20250929");
            w.WriteStartArray("content");
            w.WriteEndArray();
            w.WriteNull("stop_reason");
            w.WriteNull("stop_sequence");
            w.WriteStartObject("usage");
            w.WriteNumber("input_tokens", 472);
            w.WriteNumber("cache_creation_input_tokens", 0);
            w.WriteNumber("cache_read_input_tokens", 2048);
            w.WriteNumber("output_tokens", 1);
            w.WriteString("service_tier", "standard");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }));
        sse.Event("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""u8.ToArray());
        sse.Event("ping", """{"type": "ping"}"""u8.ToArray());
        for (int i = 0; i < deltas; i++)
        {
            string word = Word(i);
            sse.Event("content_block_delta", Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("type", "content_block_delta");
                w.WriteNumber("index", 0);
                w.WriteStartObject("delta");
                w.WriteString("type", "text_delta");
                w.WriteString("text", word);
                w.WriteEndObject();
                w.WriteEndObject();
            }));
        }

        sse.Event("content_block_stop", """{"type":"content_block_stop","index":0}"""u8.ToArray());
        sse.Event("message_delta", Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "message_delta");
            w.WriteStartObject("delta");
            w.WriteString("stop_reason", "end_turn");
            w.WriteNull("stop_sequence");
            w.WriteEndObject();
            w.WriteStartObject("usage");
            w.WriteNumber("output_tokens", deltas);
            w.WriteEndObject();
            w.WriteEndObject();
        }));
        sse.Event("message_stop", """{"type":"message_stop"}"""u8.ToArray());
        return sse.ToArray();
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private sealed class SseBuilder
    {
        private readonly MemoryStream _stream = new();

        public void Data(byte[] json)
        {
            _stream.Write("data: "u8);
            _stream.Write(json);
            _stream.Write("\n\n"u8);
        }

        public void Event(string type, byte[] json)
        {
            _stream.Write("event: "u8);
            _stream.Write(Encoding.UTF8.GetBytes(type));
            _stream.Write("\n"u8);
            Data(json);
        }

        public byte[] ToArray() => _stream.ToArray();
    }
}
