using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace FlexInference.Testing;

/// <summary>
/// The one request delegate of the server: record the request, play arrival faults, authenticate, enforce the body
/// cap, then dispatch by path. No routing middleware and no MVC: every step is explicit and ordered.
/// </summary>
internal sealed class RequestPipeline
{
    private readonly FlexInferenceTestServerOptions _options;
    private readonly RecordedRequestLog _requests;
    private readonly FaultScript _faults;
    private readonly GenerationHandler _generation;
    private readonly CatalogHandler _catalog;
    private readonly CancellationToken _stopping;

    public RequestPipeline(FlexInferenceTestServerOptions options, RecordedRequestLog requests, FaultScript faults, CancellationToken stopping)
    {
        _options = options;
        _requests = requests;
        _faults = faults;
        _stopping = stopping;
        _generation = new GenerationHandler(options, faults);
        _catalog = new CatalogHandler(options);
    }

    public async Task HandleAsync(HttpContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
        CancellationToken cancellationToken = linked.Token;
        string path = context.Request.Path.HasValue ? context.Request.Path.Value! : "/";
        Surface surface = SurfaceExtensions.FromPath(path);

        try
        {
            RequestBody body = await BodyReader.ReadAsync(context.Request, _options.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
            RecordedRequest recorded = _requests.Add(sequence => Record(sequence, context, path, body));
            context.Response.Headers["x-request-id"] = "req_sim" + recorded.Sequence.ToString("D6", CultureInfo.InvariantCulture);
            context.Response.OnStarting(() =>
            {
                recorded.SetOutcome(context.Response.StatusCode, context.Items[FlexInferenceTestServer.RoutingReasonItem] as string);
                return Task.CompletedTask;
            });

            Fault? fault = _faults.Take(recorded, onArrival: true);
            if (fault?.Kind == FaultKind.StallBeforeHeaders)
            {
                await SimulatedClock.RealDelayAsync(fault.Duration, cancellationToken).ConfigureAwait(false);
            }
            else if (fault is not null)
            {
                await FaultPlayer.PlayAsync(context, surface, recorded, fault, cancellationToken).ConfigureAwait(false);
                return;
            }

            ErrorSpec? refusal = ApiKeyCheck.Check(context.Request.Headers.Authorization.ToString(), _options.AcceptedApiKeys)
                ?? (body.TooLarge ? TooLarge(body.Length) : null);
            if (refusal is not null)
            {
                await ResponseWriter.WriteErrorAsync(context, surface, refusal, cancellationToken).ConfigureAwait(false);
                return;
            }

            await DispatchAsync(context, surface, path, recorded, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away or the server is stopping: nothing left to answer.
            context.Abort();
        }
    }

    private Task DispatchAsync(HttpContext context, Surface surface, string path, RecordedRequest recorded, CancellationToken cancellationToken)
    {
        string method = context.Request.Method;
        if (surface.IsGeneration())
        {
            return HttpMethods.IsPost(method)
                ? _generation.HandleAsync(context, surface, recorded, cancellationToken)
                : MethodNotAllowedAsync(context, surface, path, "POST", cancellationToken);
        }

        if (surface is Surface.Models or Surface.Limits && !HttpMethods.IsGet(method))
        {
            return MethodNotAllowedAsync(context, surface, path, "GET", cancellationToken);
        }

        return surface switch
        {
            Surface.Limits => _catalog.LimitsAsync(context, cancellationToken),
            Surface.Models when path == PathNames.Models => _catalog.ListModelsAsync(context, cancellationToken),
            Surface.Models => _catalog.RetrieveModelAsync(context, Uri.UnescapeDataString(path[(PathNames.Models.Length + 1)..]), cancellationToken),
            _ => ResponseWriter.WriteErrorAsync(context, surface, Errors.Uncatalogued(404, "not_found",
                $"There is no endpoint at {path}. The router serves POST /v1/responses, /v1/chat/completions, /v1/interactions and /v1/messages, and GET /v1/models, /v1/models/{{model}} and /v1/limits; check the base URL ends in /v1."), cancellationToken),
        };
    }

    private static Task MethodNotAllowedAsync(HttpContext context, Surface surface, string path, string allowed, CancellationToken cancellationToken)
    {
        context.Response.Headers.Allow = allowed;
        ErrorSpec error = Errors.Uncatalogued(405, "method_not_allowed", $"{context.Request.Method} is not allowed on {path}; use {allowed}.");
        return ResponseWriter.WriteErrorAsync(context, surface, error, cancellationToken);
    }

    private ErrorSpec TooLarge(long length) =>
        Errors.FromCode(FlexInferenceErrorCodes.RequestTooLarge,
            $"The request body is {length.ToString("N0", CultureInfo.InvariantCulture)} bytes; the limit is {_options.MaxBodyBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes.");

    private static RecordedRequest Record(int sequence, HttpContext context, string path, RequestBody body)
    {
        string? authorization = context.Request.Headers.Authorization.Count > 0 ? context.Request.Headers.Authorization.ToString() : null;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> header in context.Request.Headers)
        {
            // The API key is never kept; tests see only whether it was there and well formed.
            headers[header.Key] = string.Equals(header.Key, "Authorization", StringComparison.OrdinalIgnoreCase)
                ? "[redacted]"
                : string.Join(", ", header.Value.Where(value => value is not null));
        }

        return new RecordedRequest(
            sequence,
            context.Request.Method,
            path,
            context.Request.QueryString.Value ?? string.Empty,
            headers,
            hasAuthorization: authorization is not null,
            isAuthorizationWellFormed: ApiKeyCheck.ParseBearer(authorization) is not null,
            body.Bytes,
            body.Length,
            DateTimeOffset.UtcNow);
    }
}
