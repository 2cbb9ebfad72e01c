using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;

namespace FlexInference.Routing;

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

    /// <summary>Set by the pipeline when this answer came from the client fallback's resend; every route built from it carries it.</summary>
    public ClientFallback? Fallback { get; set; }

    public static ResponseMetadata From(HttpResponseMessage response, TimeSpan timeToFirstByte)
    {
        // NonValidated: the headers as received, without parsing every header of the response (enumerating the
        // validated view parses them all, and a Date header alone costs microseconds) and without a lower-cased copy of
        // every name just to test it. The router's headers have no parser, so their values are the same either way.
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, HeaderStringValues> header in response.Headers.NonValidated)
        {
            string name = header.Key;
            if (name.StartsWith("x-flexinference-", StringComparison.OrdinalIgnoreCase) || IsRequestIdHeader(name))
            {
                headers[name.ToLowerInvariant()] = header.Value.Count == 1 ? header.Value.ToString() : string.Join(",", header.Value);
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

    private static bool IsRequestIdHeader(string name)
    {
        foreach (string candidate in RequestIdHeaders)
        {
            if (string.Equals(name, candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
