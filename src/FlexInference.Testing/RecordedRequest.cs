using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace FlexInference.Testing;

/// <summary>One request the test server received, exactly as it arrived (except the API key, which is never kept).</summary>
public sealed class RecordedRequest
{
    private int _statusCode;
    private string? _routingReason;

    internal RecordedRequest(
        int sequence,
        string method,
        string path,
        string queryString,
        IReadOnlyDictionary<string, string> headers,
        bool hasAuthorization,
        bool isAuthorizationWellFormed,
        byte[] body,
        long bodyLength,
        DateTimeOffset receivedAt)
    {
        Sequence = sequence;
        Method = method;
        Path = path;
        QueryString = queryString;
        Headers = headers;
        HasAuthorization = hasAuthorization;
        IsAuthorizationWellFormed = isAuthorizationWellFormed;
        Body = body;
        BodyLength = bodyLength;
        ReceivedAt = receivedAt;
        BodyText = Encoding.UTF8.GetString(body);
        Json = TryParse(body);
    }

    /// <summary>The request's position in <see cref="FlexInferenceTestServer.Requests"/> (0 for the first).</summary>
    public int Sequence { get; }

    /// <summary>The HTTP method, such as <c>POST</c>.</summary>
    public string Method { get; }

    /// <summary>The path, such as <c>/v1/responses</c>.</summary>
    public string Path { get; }

    /// <summary>The query string including its <c>?</c>, or empty.</summary>
    public string QueryString { get; }

    /// <summary>
    /// The request headers (case-insensitive names; repeated values joined with <c>, </c>). The <c>Authorization</c>
    /// value is replaced by <c>[redacted]</c>: see <see cref="HasAuthorization"/> and <see cref="IsAuthorizationWellFormed"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Whether an <c>Authorization</c> header was sent.</summary>
    public bool HasAuthorization { get; }

    /// <summary>Whether the <c>Authorization</c> header had the form <c>Bearer &lt;key&gt;</c> (a non-empty key without spaces).</summary>
    public bool IsAuthorizationWellFormed { get; }

    /// <summary>The body bytes as received (empty when the body was over the cap and refused unread).</summary>
    public byte[] Body { get; }

    /// <summary>How many body bytes arrived (or were declared by Content-Length, when the body was refused unread).</summary>
    public long BodyLength { get; }

    /// <summary>The body decoded as UTF-8.</summary>
    public string BodyText { get; }

    /// <summary>The body parsed as JSON, or null when it is empty or not JSON.</summary>
    public JsonElement? Json { get; }

    /// <summary>When the server finished reading the request.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>The HTTP status the server answered with (0 until the response has started).</summary>
    public int StatusCode => Volatile.Read(ref _statusCode);

    /// <summary>The routing reason of a served generation (<c>tier_direct</c>, <c>flex_won</c>, ...), or null.</summary>
    public string? RoutingReason => Volatile.Read(ref _routingReason);

    /// <summary>The body's <c>model</c>, if it is a string.</summary>
    public string? Model => StringProperty("model");

    /// <summary>The body's <c>start_within</c>, if it is a string.</summary>
    public string? StartWithin => StringProperty("start_within");

    /// <summary>Whether the body set <c>"stream": true</c>.</summary>
    public bool IsStream =>
        Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("stream", out JsonElement stream) && stream.ValueKind == JsonValueKind.True;

    /// <summary>Gets a header value (case-insensitive), or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;

    /// <inheritdoc />
    public override string ToString() => $"#{Sequence} {Method} {Path}{QueryString} -> {StatusCode}";

    internal void SetOutcome(int statusCode, string? routingReason)
    {
        Volatile.Write(ref _routingReason, routingReason);
        Volatile.Write(ref _statusCode, statusCode);
    }

    private string? StringProperty(string name) =>
        Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static JsonElement? TryParse(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
