using System;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace FlexInference.Testing;

/// <summary>Writes complete (non-streamed) JSON answers: bodies and errors.</summary>
internal static class ResponseWriter
{
    public static Task WriteJsonAsync(HttpContext context, int status, JsonNode body, CancellationToken cancellationToken)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body.Write());
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes, cancellationToken).AsTask();
    }

    /// <summary>An error in the envelope of <paramref name="surface"/>, with <c>Retry-After</c> when the error carries one.</summary>
    public static Task WriteErrorAsync(HttpContext context, Surface surface, ErrorSpec error, CancellationToken cancellationToken)
    {
        if (error.RetryAfter is { } retryAfter)
        {
            context.Response.Headers["Retry-After"] = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return WriteJsonAsync(context, error.Status, ErrorEnvelopes.Body(surface.Envelope(), error), cancellationToken);
    }
}
