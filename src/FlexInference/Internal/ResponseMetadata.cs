using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;

namespace FlexInference.Internal;

/// <summary>What the HTTP layer knew about a response: its status, the router's headers and the time to first byte.</summary>
internal sealed class ResponseMetadata
{
    private static readonly string[] RequestIdHeaders = ["x-request-id", "request-id", "x-flexinference-request-id"];

    private ResponseMetadata(int status, IReadOnlyDictionary<string, string> headers, string? requestId, TimeSpan timeToFirstByte)
    {
        Status = status;
        Headers = headers;
        RequestId = requestId;
        TimeToFirstByte = timeToFirstByte;
    }

    public int Status { get; }

    /// <summary>The <c>x-flexinference-*</c> headers, and the request id header, lower-cased names.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    public string? RequestId { get; }

    public TimeSpan TimeToFirstByte { get; }

    public static ResponseMetadata From(HttpResponseMessage response, TimeSpan timeToFirstByte)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, IEnumerable<string>> header in response.Headers)
        {
            if (header.Key.StartsWith("x-flexinference-", StringComparison.OrdinalIgnoreCase) || Array.IndexOf(RequestIdHeaders, header.Key.ToLowerInvariant()) >= 0)
            {
                headers[header.Key.ToLowerInvariant()] = string.Join(",", header.Value);
            }
        }

        string? requestId = null;
        foreach (string name in RequestIdHeaders)
        {
            if (headers.TryGetValue(name, out string? value))
            {
                requestId = value;
                break;
            }
        }

        return new ResponseMetadata((int)response.StatusCode, headers, requestId, timeToFirstByte);
    }

    /// <summary>
    /// <c>retry-after-ms</c>, then <c>Retry-After</c> as seconds or an HTTP date, read culture-invariantly; null when
    /// absent or unreadable.
    /// </summary>
    public static TimeSpan? ReadRetryAfter(HttpResponseHeaders headers)
    {
        if (headers.TryGetValues("retry-after-ms", out IEnumerable<string>? msValues)
            && double.TryParse(First(msValues), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double ms)
            && ms >= 0 && ms < TimeSpan.MaxValue.TotalMilliseconds)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        RetryConditionHeaderValue? retryAfter = headers.RetryAfter;
        if (retryAfter?.Delta is { } delta && delta >= TimeSpan.Zero)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            TimeSpan wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static string First(IEnumerable<string> values)
    {
        foreach (string value in values)
        {
            return value;
        }

        return string.Empty;
    }
}
