using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace FlexInference.Testing;

/// <summary>Plays the faults that replace a whole answer: errors, raw answers and oversized bodies.</summary>
internal static class FaultPlayer
{
    public static async Task PlayAsync(HttpContext context, Surface surface, RecordedRequest request, Fault fault, CancellationToken cancellationToken)
    {
        switch (fault.Kind)
        {
            case FaultKind.ErrorResponse:
                ErrorSpec error = FaultErrors.Build(fault, request.Model, $"The provider answered HTTP {fault.StatusCode} (simulated by FlexInferenceTestServer). Retry the request.");
                await ResponseWriter.WriteErrorAsync(context, surface, error, cancellationToken).ConfigureAwait(false);
                break;
            case FaultKind.RawResponse:
                await WriteRawAsync(context, fault, cancellationToken).ConfigureAwait(false);
                break;
            case FaultKind.OversizedBody:
                await WriteOversizedAsync(context, fault, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"{fault.Kind} does not replace the answer.");
        }
    }

    private static Task WriteRawAsync(HttpContext context, Fault fault, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = fault.StatusCode;
        if (fault.ContentType.Length > 0)
        {
            context.Response.ContentType = fault.ContentType;
        }

        foreach (KeyValuePair<string, string> header in fault.Headers)
        {
            context.Response.Headers[header.Key] = header.Value;
        }

        context.Response.ContentLength = fault.Body.Length;
        return context.Response.Body.WriteAsync(fault.Body, cancellationToken).AsTask();
    }

    // Written in slices so a multi-megabyte body never sits in memory at once.
    private static async Task WriteOversizedAsync(HttpContext context, Fault fault, CancellationToken cancellationToken)
    {
        bool isStream = fault.ContentType.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase);
        byte[] prefix = Encoding.UTF8.GetBytes(isStream ? "data: " : "{\"padding\":\"");
        byte[] suffix = Encoding.UTF8.GetBytes(isStream ? string.Empty : "\"}");
        bool framed = fault.Bytes >= prefix.Length + suffix.Length;
        long padding = framed ? fault.Bytes - prefix.Length - suffix.Length : fault.Bytes;

        context.Response.StatusCode = fault.StatusCode;
        context.Response.ContentType = fault.ContentType;
        context.Response.ContentLength = fault.Bytes;
        if (framed)
        {
            await context.Response.Body.WriteAsync(prefix, cancellationToken).ConfigureAwait(false);
        }

        byte[] slice = new byte[64 * 1024];
        Array.Fill(slice, (byte)'a');
        while (padding > 0)
        {
            int count = (int)Math.Min(slice.Length, padding);
            await context.Response.Body.WriteAsync(slice.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            padding -= count;
        }

        if (framed)
        {
            await context.Response.Body.WriteAsync(suffix, cancellationToken).ConfigureAwait(false);
        }
    }
}
