using System.Net;
using System.Net.Http.Headers;

namespace FlexInference.Benchmarks.Infrastructure;

/// <summary>For the checks only: records the body a real client call sends, and answers with fixed bytes.</summary>
internal sealed class CapturingHandler(byte[] response, string contentType) : HttpMessageHandler
{
    public byte[]? LastRequest { get; private set; }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        request.Content?.CopyTo(body, null, cancellationToken);
        LastRequest = body.ToArray();
        return Respond();
    }

    private HttpResponseMessage Respond()
    {
        var content = new ByteArrayContent(response);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        LastRequest = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return Respond();
    }
}
