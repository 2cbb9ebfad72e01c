using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FlexInference.Benchmarks.Infrastructure;

namespace FlexInference.Benchmarks.Baseline;

/// <summary>
/// The raw baseline: a hand-written HttpClient call with a source-generated System.Text.Json body and response, and
/// System.Net.ServerSentEvents.SseParser for streams. It does nothing else: no validation, no clocks, no metadata.
/// </summary>
internal static class RawClient
{
    public static async Task<TResponse> PostAsync<TRequest, TResponse>(
        HttpClient http, string url, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType)
    {
        using HttpRequestMessage message = Request(url, JsonSerializer.SerializeToUtf8Bytes(request, requestType));
        using HttpResponseMessage response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        return (await JsonSerializer.DeserializeAsync(body, responseType).ConfigureAwait(false))!;
    }

    public static async Task<TextTally> StreamChatAsync(HttpClient http, string url, RawChatRequest request)
    {
        using HttpRequestMessage message = Request(url, JsonSerializer.SerializeToUtf8Bytes(request, RawJsonContext.Default.RawChatRequest));
        using HttpResponseMessage response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var tally = default(TextTally);
        await foreach (SseItem<RawChatChunk?> item in SseParser.Create(body, static (_, data) => data.SequenceEqual("[DONE]"u8) ? null : JsonSerializer.Deserialize(data, RawJsonContext.Default.RawChatChunk)).EnumerateAsync().ConfigureAwait(false))
        {
            if (item.Data is not { } chunk)
            {
                return tally;
            }

            if (chunk.Choices is [{ Delta.Content: { } content }, ..])
            {
                tally.Add(content);
            }
        }

        throw new InvalidOperationException("The chat stream ended without [DONE].");
    }

    public static async Task<TextTally> StreamResponsesAsync(HttpClient http, string url, RawResponsesRequest request)
    {
        using HttpRequestMessage message = Request(url, JsonSerializer.SerializeToUtf8Bytes(request, RawJsonContext.Default.RawResponsesRequest));
        using HttpResponseMessage response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var tally = default(TextTally);
        await foreach (SseItem<RawResponseEvent> item in SseParser.Create(body, static (_, data) => JsonSerializer.Deserialize(data, RawJsonContext.Default.RawResponseEvent)!).EnumerateAsync().ConfigureAwait(false))
        {
            switch (item.Data.Type)
            {
                case "response.output_text.delta":
                    tally.Add(item.Data.Delta);
                    break;
                case "response.completed":
                    return tally;
            }
        }

        throw new InvalidOperationException("The Responses stream ended without response.completed.");
    }

    public static async Task<TextTally> StreamMessagesAsync(HttpClient http, string url, RawMessagesRequest request)
    {
        using HttpRequestMessage message = Request(url, JsonSerializer.SerializeToUtf8Bytes(request, RawJsonContext.Default.RawMessagesRequest));
        using HttpResponseMessage response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var tally = default(TextTally);
        await foreach (SseItem<RawMessageEvent> item in SseParser.Create(body, static (_, data) => JsonSerializer.Deserialize(data, RawJsonContext.Default.RawMessageEvent)!).EnumerateAsync().ConfigureAwait(false))
        {
            switch (item.Data.Type)
            {
                case "content_block_delta" when item.Data.Delta?.Type == "text_delta":
                    tally.Add(item.Data.Delta.Text);
                    break;
                case "message_stop":
                    return tally;
            }
        }

        throw new InvalidOperationException("The Messages stream ended without message_stop.");
    }

    private static HttpRequestMessage Request(string url, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Clients.Json;
        var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        message.Headers.Authorization = Clients.RawAuthorization;
        return message;
    }
}
