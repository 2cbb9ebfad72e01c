using System.Net.ServerSentEvents;
using System.Text.Json;

namespace FlexInference.Testing.Tests;

/// <summary>One parsed SSE event: its <c>event:</c> name (<c>message</c> when absent) and data.</summary>
internal sealed record SseFrame(string EventType, string Data)
{
    public JsonElement Json
    {
        get
        {
            using JsonDocument document = JsonDocument.Parse(Data);
            return document.RootElement.Clone();
        }
    }

    /// <summary>The discriminator inside the JSON: <c>type</c>, or <c>event_type</c> on Interactions.</summary>
    public string? Kind =>
        Data == "[DONE]" ? "[DONE]"
        : Json.TryGetProperty("event_type", out JsonElement eventType) ? eventType.GetString()
        : Json.TryGetProperty("type", out JsonElement type) ? type.GetString()
        : Json.TryGetProperty("object", out JsonElement obj) ? obj.GetString()
        : Json.TryGetProperty("error", out _) ? "error" : null;
}

/// <summary>Reads a stream with the framework's own SSE parser, so the wire format is checked by an independent reader.</summary>
internal static class Sse
{
    public static async Task<List<SseFrame>> ReadAllAsync(HttpResponseMessage response)
    {
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using Stream stream = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        var frames = new List<SseFrame>();
        await foreach (SseItem<string> item in SseParser.Create(stream).EnumerateAsync(TestContext.Current.CancellationToken))
        {
            frames.Add(new SseFrame(item.EventType, item.Data));
        }

        return frames;
    }

    /// <summary>The text carried by the delta events of any surface, concatenated.</summary>
    public static string Text(IEnumerable<SseFrame> frames) => string.Concat(frames.Select(DeltaText));

    private static string DeltaText(SseFrame frame)
    {
        if (frame.Data == "[DONE]")
        {
            return string.Empty;
        }

        JsonElement json = frame.Json;
        return frame.Kind switch
        {
            "response.output_text.delta" => json.GetProperty("delta").GetString()!,
            "step.delta" => json.GetProperty("delta").GetProperty("text").GetString()!,
            "content_block_delta" => json.GetProperty("delta").GetProperty("text").GetString()!,
            "chat.completion.chunk" when json.GetProperty("choices").GetArrayLength() > 0
                && json.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out JsonElement content) => content.GetString() ?? string.Empty,
            _ => string.Empty,
        };
    }
}
