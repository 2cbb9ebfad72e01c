using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;

namespace FlexInference.Pipeline;

/// <summary>Builds one attempt's request: a new message each time, over the very same body bytes.</summary>
internal sealed class RequestFactory
{
    /// <summary>
    /// Sent on every attempt: how many retries came before it (0 on the first). Not to be confused with the router's
    /// response header <c>x-flexinference-retries</c>, which counts the router's own retries upstream.
    /// </summary>
    public const string RetryCountHeader = "x-flexinference-retry-count";

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
    private static readonly ProductInfoHeaderValue UserAgent = new("FlexInference.NET", typeof(RequestFactory).Assembly.GetName().Version?.ToString(3) ?? "0");
    private static readonly string[] RetryCounts = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    private readonly AuthenticationHeaderValue _authorization;
    private readonly string _baseUrl;

    public RequestFactory(ClientSettings settings)
    {
        _authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
        _baseUrl = settings.BaseUrl.AbsoluteUri;
    }

    public HttpRequestMessage Create(ApiCall call, int retries = 0)
    {
        var request = new HttpRequestMessage(call.Surface.Method, _baseUrl + call.Path);
        request.Headers.Authorization = _authorization;
        request.Headers.TryAddWithoutValidation("Accept", "text/event-stream, application/json"); // the same bytes, not parsed on every call
        request.Headers.UserAgent.Add(UserAgent);
        request.Headers.TryAddWithoutValidation(RetryCountHeader, retries < RetryCounts.Length ? RetryCounts[retries] : retries.ToString(CultureInfo.InvariantCulture));
        if (call.Body is not null)
        {
            request.Content = new ByteArrayContent(call.Body);
            request.Content.Headers.ContentType = JsonContentType;
        }

        return request;
    }
}
