using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using FlexInference.Surfaces;

namespace FlexInference.Tests.Streaming;

/// <summary>
/// However the network cuts the bytes into reads, the SDK delivers the same events as a plain reference decoder:
/// random streams and every split of short ones, all four line-ending styles, UTF-8 cut inside a character, the four
/// recorded vocabularies, and the frame cap.
/// </summary>
public sealed class SseSplitPropertyTests
{
    /// <summary>Pieces of a JSON string's content: multi-byte UTF-8 (up to 4 bytes), escapes, and text that looks like SSE.</summary>
    private static readonly string[] Pieces = ["a", "Z", " ", "é", "€", "😀", "𝄞", "\\n", "\\r", "\\\"", "\\u2028", "\u2028", ":", "data: ", "[DONE]", "{}", "\\\\"];

    private static readonly Gen<int[]> Reads = Gen.Int[1, 13].Array[1, 12];

    private static readonly Gen<FrameSpec> Frame = Gen.Select(
        Gen.Frequency((6, FrameKind.Data), (1, FrameKind.Comment), (1, FrameKind.EventOnly), (1, FrameKind.Blank)),
        Gen.Int[0, Pieces.Length - 1].Array[0, 6],
        Gen.Int[0, 255],
        (kind, pieces, flags) => new FrameSpec(kind, pieces, flags));

    private static readonly Gen<DocSpec> Doc = Gen.Select(Frame.Array[0, 7], Gen.Int[0, 3], Gen.Int[0, 4], Gen.Int[0, 1000], Frame,
        (frames, endings, end, seed, last) => new DocSpec(frames, endings, end, seed, last));

    [Fact]
    public async Task Any_split_of_a_random_stream_yields_the_reference_events()
    {
        await Gen.Select(Doc, Reads, Gen.Bool).SampleAsync(async (doc, reads, sync) =>
        {
            (byte[] bytes, int intended, bool done) = Build(doc);
            (List<string> expected, bool sawDone) = ReferenceSse.Expected(bytes);
            Assert.Equal(intended, expected.Count); // the generator made what it meant to (guards the oracle itself)
            Assert.Equal(done, sawDone);

            using var stream = new JsonEventStream(StreamKit.Direct(new SplitReadStream(bytes, reads), Surface.ChatCompletions));
            (List<string> events, Exception? error) = await StreamKit.ReadAllAsync(stream, sync);

            Assert.Equal(expected, events);
            if (sawDone)
            {
                Assert.Null(error);
                Assert.True(stream.IsCompleted);
            }
            else
            {
                Assert.IsType<StreamEndedEarlyException>(error);
            }
        }, iter: 600, print: t => $"{StreamKit.Show(Build(t.Item1).Bytes)} reads=[{string.Join(",", t.Item2)}] sync={t.Item3}");
    }

    [Fact]
    public async Task Any_split_through_the_client_yields_the_reference_events()
    {
        // The same property through the public API and HttpClient (in memory), sync and async.
        await Gen.Select(Doc, Reads, Gen.Bool).SampleAsync(async (doc, reads, sync) =>
        {
            (byte[] bytes, _, _) = Build(doc);
            (List<string> expected, bool sawDone) = ReferenceSse.Expected(bytes);
            (FlexInferenceClient client, _) = StreamKit.InMemoryClient(() => new SplitReadStream(bytes, reads));
            using (client)
            {
                var request = new JsonObject { ["model"] = "gpt-5.5", ["messages"] = new JsonArray(), ["start_within"] = "default" };
                using JsonEventStream stream = sync
                    ? client.Chat.Completions.CreateStreaming(request)
                    : await client.Chat.Completions.CreateStreamingAsync(request);
                (List<string> events, Exception? error) = await StreamKit.ReadAllAsync(stream, sync);

                Assert.Equal(expected, events);
                Assert.Equal(sawDone, error is null);
            }
        }, iter: 150, print: t => $"{StreamKit.Show(Build(t.Item1).Bytes)} reads=[{string.Join(",", t.Item2)}] sync={t.Item3}");
    }

    /// <summary>Short streams, each cut every possible way into reads of 1–13 bytes.</summary>
    public static TheoryData<string> ShortStreams =>
    [
        "data:{}\n\n",
        "data:{}\r\n\r\n",
        "data:{}\r\r",
        "data:{}\n\r\n",
        "data: {}\n",            // the last frame without its blank line
        "data:{}",               // ... and without any line ending
        ":x\rdata:{}\r\n",
        "data:{\ndata:}\n\n",    // two data lines join with LF
        "event:x\rdata:{}",
        "data:[DONE]\n\n",
        "data:{\"😀\":0}",      // a 4-byte character cut at every offset
        "data:{\"€\":0}\r",      // and a 3-byte one
        "data:[DONE]",           // the terminator itself without a line ending
    ];

    [Theory]
    [MemberData(nameof(ShortStreams))]
    public async Task Every_split_of_a_short_stream_yields_the_reference_events(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        Assert.InRange(bytes.Length, 1, 15);
        (List<string> expected, bool sawDone) = ReferenceSse.Expected(bytes);
        Assert.True(sawDone || expected.Count > 0);
        int runs = 0;
        foreach (int[] split in StreamKit.AllSplits(bytes.Length))
        {
            foreach (bool sync in new[] { false, true })
            {
                using var stream = new JsonEventStream(StreamKit.Direct(new SplitReadStream(bytes, split), Surface.ChatCompletions));
                (List<string> events, Exception? error) = await StreamKit.ReadAllAsync(stream, sync);
                if (!expected.SequenceEqual(events) || (sawDone ? error is not null : error is not StreamEndedEarlyException))
                {
                    Assert.Fail($"{StreamKit.Show(bytes)} split [{string.Join(",", split)}] sync={sync}: got [{string.Join(" | ", events)}] {error}");
                }

                runs++;
            }
        }

        Assert.Equal(2 * StreamKit.AllSplits(bytes.Length).Count(), runs);
    }

    [Fact]
    public async Task A_4_byte_character_cut_inside_arrives_whole_in_the_text()
    {
        const string chunk = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"😀\"}}]}\n\ndata: [DONE]\n\n";
        byte[] bytes = Encoding.UTF8.GetBytes(chunk);
        int emoji = bytes.AsSpan().IndexOf("😀"u8);
        for (int cut = 1; cut < 4; cut++)
        {
            // One read up to the cut inside the character, then one byte at a time.
            int[] reads = [emoji + cut, 1];
            (FlexInferenceClient client, _) = StreamKit.InMemoryClient(() => new SplitReadStream(bytes, reads));
            using (client)
            {
                using ChatCompletionStream stream = await client.Chat.Completions.CreateStreamingAsync(StreamKit.ChatRequest, cancellationToken: StreamKit.Token);
                var deltas = new List<string>();
                await foreach (string delta in stream.TextDeltasAsync(StreamKit.Token))
                {
                    deltas.Add(delta);
                }

                Assert.Equal(["😀"], deltas);
                Assert.Equal("😀", stream.TextSoFar);
            }
        }
    }

    public static TheoryData<string> Endings => ["\n", "\r\n", "\r", "mixed"];

    [Theory]
    [MemberData(nameof(Endings))]
    public async Task Every_line_ending_style_reads_the_same_message_stream(string ending)
    {
        string[] styles = ["\n", "\r\n", "\r"];
        byte[] bytes = Encoding.UTF8.GetBytes(StreamKit.WithEndings(StreamKit.FixtureText("messages.sse"), line => ending == "mixed" ? styles[line % 3] : ending));
        Assert.Equal(ending == "\n", bytes.AsSpan().SequenceEqual(StreamKit.Fixture("messages.sse")));

        foreach (bool sync in new[] { false, true })
        {
            using var stream = new MessageStream(StreamKit.Direct(new SplitReadStream(bytes, [7, 1, 13, 2]), Surface.Messages));
            MessageObject final = sync ? stream.GetFinalMessage() : await stream.GetFinalMessageAsync(StreamKit.Token);

            Assert.Equal("I'll check the weather in Paris for you — one moment 😀", stream.TextSoFar);
            Assert.Equal(3, final.Content!.Count);
            Assert.Equal(MessageStopReason.ToolUse, final.StopReason);
        }
    }

    public static TheoryData<string> Recordings =>
    [
        "responses.sse", "chat.sse", "interactions.sse", "messages.sse",
        "responses.failed.sse", "responses.error.sse", "chat.error.sse", "interactions.error.sse", "messages.error.sse",
    ];

    [Theory]
    [MemberData(nameof(Recordings))]
    public async Task Any_split_of_a_recorded_stream_yields_its_reference_events(string fixture)
    {
        byte[] bytes = StreamKit.Fixture(fixture);
        Surface surface = SurfaceOf(fixture);
        bool fails = fixture.Contains(".error", StringComparison.Ordinal) || fixture.Contains(".failed", StringComparison.Ordinal);
        (List<string> all, _) = ReferenceSse.Expected(bytes);
        List<string> expected = fails ? all.Take(all.Count - 1).ToList() : all; // the failure frame raises instead of being delivered
        List<string> whole = await TypedAsync(fixture, [bytes.Length], sync: false);

        await Gen.Select(Reads, Gen.Bool).SampleAsync(async (reads, sync) =>
        {
            // The raw stream delivers every event, pings included, exactly as the reference decodes it.
            using var raw = new JsonEventStream(StreamKit.Direct(new SplitReadStream(bytes, reads), surface));
            (List<string> events, Exception? error) = await StreamKit.ReadAllAsync(raw, sync);
            Assert.Equal(expected, events);
            Assert.True(fails ? error is StreamFailedException : error is null, error?.ToString());

            // The typed stream yields the same events, text and final object as when the bytes come in one read.
            Assert.Equal(whole, await TypedAsync(fixture, reads, sync));
        }, iter: 60, print: t => $"reads=[{string.Join(",", t.Item1)}] sync={t.Item2}");
    }

    [Fact]
    public async Task The_frame_cap_holds_for_any_split()
    {
        // An event's own bytes (line endings aside) above the cap fail; an event whose bytes, line endings included,
        // fit under the cap passes; events are counted one by one, never added up.
        Gen<(int Cap, int Excess, int Shape, int Ending, int[] Reads, bool Sync)> cases =
            Gen.Select(Gen.Int[40, 300], Gen.Int[-8, 3], Gen.Int[0, 2], Gen.Int[0, 2], Reads, Gen.Bool);
        await cases.SampleAsync(async c =>
        {
            string ending = c.Ending switch { 0 => "\n", 1 => "\r\n", _ => "\r" };
            string[] lines = SizedFrame(c.Cap + c.Excess, c.Shape);
            int content = lines.Sum(line => Encoding.UTF8.GetByteCount(line));
            int total = content + ((lines.Length + 1) * ending.Length);
            string small = "data: {\"ok\":1}" + ending + ending;
            string text = small + string.Concat(lines.Select(line => line + ending)) + ending + small + small + small + "data: [DONE]" + ending + ending;

            using var stream = new JsonEventStream(StreamKit.Direct(new SplitReadStream(Encoding.UTF8.GetBytes(text), c.Reads), Surface.ChatCompletions, c.Cap));
            (List<string> events, Exception? error) = await StreamKit.ReadAllAsync(stream, c.Sync);

            if (content > c.Cap)
            {
                var tooLarge = Assert.IsType<StreamFrameTooLargeException>(error);
                Assert.Equal(c.Cap, tooLarge.Limit);
                Assert.Single(events); // the small event before it was delivered
            }
            else if (total <= c.Cap)
            {
                Assert.Null(error);
                Assert.Equal(5, events.Count);
            }
        }, iter: 400, print: c => c.ToString());
    }

    /// <summary>The lines of one event whose bytes (line endings aside) add up to <paramref name="size"/>.</summary>
    private static string[] SizedFrame(int size, int shape) => shape switch
    {
        // data: {"p":"xxx"}
        0 => ["data: {\"p\":\"" + new string('x', size - 14) + "\"}"],

        // data: {"p":   /   data: "xxx"}
        1 => ["data: {\"p\":", "data: \"" + new string('x', size - 20) + "\"}"],

        // a comment inside the event counts too
        _ => [": c", "event: e", "data: {\"p\":\"" + new string('x', size - 25) + "\"}"],
    };

    private static Surface SurfaceOf(string fixture) => fixture.Split('.')[0] switch
    {
        "responses" => Surface.Responses,
        "chat" => Surface.ChatCompletions,
        "interactions" => Surface.Interactions,
        _ => Surface.Messages,
    };

    /// <summary>A typed run as text: each event re-serialised, then the text so far, the end, and the final object when there is one.</summary>
    private static async Task<List<string>> TypedAsync(string fixture, int[] reads, bool sync)
    {
        Stream body = new SplitReadStream(StreamKit.Fixture(fixture), reads);
        Surface surface = SurfaceOf(fixture);
        FlexInferenceJsonContext json = FlexInferenceJsonContext.Default;
        return surface switch
        {
            _ when surface == Surface.Responses => await RunAsync<ResponseStream, ResponseStreamEvent>(new ResponseStream(StreamKit.Direct(body, surface)), item => JsonSerializer.Serialize(item, json.ResponseStreamEvent),
                async s => JsonSerializer.Serialize(sync ? s.GetFinalResponse() : await s.GetFinalResponseAsync(), json.Response), sync),
            _ when surface == Surface.ChatCompletions => await RunAsync<ChatCompletionStream, CreateChatCompletionStreamResponse>(new ChatCompletionStream(StreamKit.Direct(body, surface)), item => JsonSerializer.Serialize(item, json.CreateChatCompletionStreamResponse),
                async s => JsonSerializer.Serialize(sync ? s.GetFinalCompletion() : await s.GetFinalCompletionAsync(), json.CreateChatCompletionResponse), sync),
            _ when surface == Surface.Interactions => await RunAsync<InteractionStream, InteractionStreamEvent>(new InteractionStream(StreamKit.Direct(body, surface)), item => JsonSerializer.Serialize(item, json.InteractionStreamEvent),
                async s => JsonSerializer.Serialize(sync ? s.GetFinalInteraction() : await s.GetFinalInteractionAsync(), json.InteractionObject), sync),
            _ => await RunAsync<MessageStream, MessageStreamEvent>(new MessageStream(StreamKit.Direct(body, surface)), item => JsonSerializer.Serialize(item, json.MessageStreamEvent),
                async s => JsonSerializer.Serialize(sync ? s.GetFinalMessage() : await s.GetFinalMessageAsync(), json.MessageObject), sync),
        };
    }

    private static async Task<List<string>> RunAsync<TStream, TEvent>(TStream stream, Func<TEvent, string> show, Func<TStream, Task<string>> final, bool sync)
        where TStream : FlexInferenceStream<TEvent>
        where TEvent : class
    {
        var seen = new List<string>();
        using (stream)
        {
            try
            {
                if (sync)
                {
                    foreach (TEvent item in stream)
                    {
                        seen.Add(show(item));
                    }
                }
                else
                {
                    await foreach (TEvent item in stream)
                    {
                        seen.Add(show(item));
                    }
                }

                seen.Add("completed: " + await final(stream));
            }
            catch (StreamFailedException failure)
            {
                seen.Add($"failed: {failure.Status} {failure.Code} {failure.Provider} {failure.TextSoFar}");
            }

            seen.Add("text: " + stream.TextSoFar);
        }

        return seen;
    }

    private enum FrameKind
    {
        Data,
        Comment,
        EventOnly,
        Blank,
    }

    private sealed record FrameSpec(FrameKind Kind, int[] Pieces, int Flags);

    private sealed record DocSpec(FrameSpec[] Frames, int Endings, int End, int Seed, FrameSpec Last);

    /// <summary>
    /// Writes the document: its frames, each closed by a blank line, then the ending: <c>[DONE]</c> with or without
    /// its blank line, or a last event closed properly, by a single line break, or by nothing at all.
    /// </summary>
    private static (byte[] Bytes, int Intended, bool Done) Build(DocSpec doc)
    {
        var lines = new List<string>();
        int intended = 0;
        int number = 0;
        foreach (FrameSpec frame in doc.Frames)
        {
            switch (frame.Kind)
            {
                case FrameKind.Data:
                    lines.AddRange(DataLines(frame, number++));
                    intended++;
                    break;
                case FrameKind.Comment:
                    lines.Add((frame.Flags & 1) == 0 ? ": keep-alive" : ":");
                    break;
                case FrameKind.EventOnly:
                    lines.Add("event: ping");
                    break;
            }

            lines.Add(string.Empty);
        }

        bool done = doc.End < 2;
        bool closeLast = true;
        bool breakLast = true;
        if (done)
        {
            lines.Add("data: [DONE]");
            closeLast = doc.End == 0;
        }
        else
        {
            lines.AddRange(DataLines(doc.Last, number));
            intended++;
            closeLast = doc.End == 2;
            breakLast = doc.End != 4;
        }

        if (closeLast)
        {
            lines.Add(string.Empty);
        }

        var random = new Random(doc.Seed);
        var text = new StringBuilder();
        string previous = "\n";
        for (int i = 0; i < lines.Count; i++)
        {
            string ending = doc.Endings switch { 0 => "\n", 1 => "\r\n", 2 => "\r", _ => random.Next(3) switch { 0 => "\n", 1 => "\r\n", _ => "\r" } };
            if (lines[i].Length == 0 && previous == "\r" && ending == "\n")
            {
                ending = "\r\n"; // CR then LF would read as one line break, swallowing the blank line meant here
            }

            text.Append(lines[i]);
            if (i < lines.Count - 1 || breakLast)
            {
                text.Append(ending);
            }

            previous = ending;
        }

        return (Encoding.UTF8.GetBytes(text.ToString()), intended, done);
    }

    private static IEnumerable<string> DataLines(FrameSpec frame, int number)
    {
        string content = string.Concat(frame.Pieces.Select(index => Pieces[index]));
        string prefix = (frame.Flags & 8) != 0 ? "data:" : (frame.Flags & 128) != 0 ? "data:  " : "data: ";
        if ((frame.Flags & 1) != 0)
        {
            yield return (frame.Flags & 64) != 0 ? "event: delta.😀" : "event: message";
        }

        if ((frame.Flags & 2) != 0)
        {
            yield return "id: " + number;
        }

        if ((frame.Flags & 32) != 0)
        {
            yield return "data"; // an empty data line: the event's data starts with a line feed (JSON whitespace)
        }

        if ((frame.Flags & 4) != 0)
        {
            yield return prefix + "{\"i\":" + number + ",";
            if ((frame.Flags & 16) != 0)
            {
                yield return ": a comment inside the event";
            }

            yield return prefix + "\"s\":\"" + content + "\"}";
        }
        else
        {
            yield return prefix + "{\"i\":" + number + ",\"s\":\"" + content + "\"}";
        }

        if ((frame.Flags & 64) != 0)
        {
            yield return "retry: 1000";
        }
    }
}
