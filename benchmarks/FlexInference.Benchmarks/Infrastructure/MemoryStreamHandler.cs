using System.Net;
using System.Net.Http.Headers;

namespace FlexInference.Benchmarks.Infrastructure;

/// <summary>
/// An <see cref="HttpMessageHandler"/> that answers every request with the same bytes from a fresh read-only
/// <see cref="MemoryStream"/>: the stream-parsing benchmarks feed each SDK's own streaming API the exact same bytes,
/// with no network in between. The request body is read (and discarded) so that SDKs that serialise lazily pay for it.
/// </summary>
internal sealed class MemoryStreamHandler(byte[] body, string contentType) : HttpMessageHandler
{
    private static readonly MediaTypeHeaderValue EventStream = MediaTypeHeaderValue.Parse("text/event-stream; charset=utf-8");

    public int Requests { get; private set; }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Content?.CopyTo(Stream.Null, null, cancellationToken);
        return Respond();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content)
        {
            await content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }

        return Respond();
    }

    private HttpResponseMessage Respond()
    {
        Requests++;
        var content = new StreamContent(new MemoryStream(body, writable: false));
        content.Headers.ContentType = contentType == EventStream.MediaType ? EventStream : MediaTypeHeaderValue.Parse(contentType);
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        response.Headers.TryAddWithoutValidation("x-request-id", "req_01JD3XKQ8Z7V4N2M6P0R5T9W1Y");
        response.Headers.TryAddWithoutValidation("x-flexinference-served-provider", "openai");
        response.Headers.TryAddWithoutValidation("x-flexinference-routing-reason", "tier_direct");
        return response;
    }
}
