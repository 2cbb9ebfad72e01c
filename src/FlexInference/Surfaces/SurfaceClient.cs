using System;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using FlexInference.Pipeline;
using FlexInference.Streaming;
using FlexInference.Validation;

namespace FlexInference.Surfaces;

/// <summary>
/// The one client of every surface: it turns a typed request, a raw <see cref="JsonObject"/> or the caller's own type into
/// the validated bytes of one call, sends it through the pipeline, and reads the answer or opens the stream, all from
/// the surface's descriptor. Validation runs before anything is sent and throws synchronously, on both flavours.
/// </summary>
internal sealed class SurfaceClient
{
    private readonly CallPipeline _pipeline;

    public SurfaceClient(CallPipeline pipeline, Surface surface)
    {
        _pipeline = pipeline;
        Surface = surface;
        Raw = surface.Result is { } pointers ? new RawResultReader(pointers) : null;
    }

    public Surface Surface { get; }

    /// <summary>The raw-JSON reader of this surface's answers (generation surfaces only).</summary>
    public RawResultReader? Raw { get; }

    /// <summary>Sends a request body and reads the answer.</summary>
    public ValueTask<T> SendAsync<T>(byte[] body, ResultReader<T> reader, RequestOptions? options, bool async, CancellationToken cancellationToken)
        where T : class =>
        _pipeline.SendAsync(Prepare(body, options), reader, async, cancellationToken);

    /// <summary>Sends a GET to <paramref name="path"/> (the surface's path with its parameters filled in) and reads the answer.</summary>
    public ValueTask<T> GetAsync<T>(string path, ResultReader<T> reader, RequestOptions? options, bool async, CancellationToken cancellationToken)
        where T : class =>
        _pipeline.SendAsync(new ApiCall(Surface, path, null, null, options), reader, async, cancellationToken);

    /// <summary>Sends a request body as a stream (its streaming copy) and opens the stream type once the headers arrive.</summary>
    public ValueTask<TStream> StreamAsync<TStream>(byte[] body, Func<StreamingResponse, TStream> open, RequestOptions? options, bool async, CancellationToken cancellationToken)
    {
        ApiCall call = Prepare(RequestBody.ForStreaming(body, Surface.Stream!), options);
        return Open(call, open, async, cancellationToken);
    }

    public ValueTask<T> SendAsync<TRequest, T>(TRequest request, JsonTypeInfo<TRequest> requestType, ResultReader<T> reader, RequestOptions? options, bool async, CancellationToken cancellationToken)
        where T : class =>
        SendAsync(RequestBody.Serialize(request, requestType), reader, options, async, cancellationToken);

    public ValueTask<TStream> StreamAsync<TRequest, TStream>(
        TRequest request, JsonTypeInfo<TRequest> requestType, Func<StreamingResponse, TStream> open, RequestOptions? options, bool async, CancellationToken cancellationToken) =>
        StreamAsync(RequestBody.Serialize(request, requestType), open, options, async, cancellationToken);

    public ValueTask<JsonObject> SendAsync(JsonObject request, RequestOptions? options, bool async, CancellationToken cancellationToken) =>
        SendAsync(RequestBody.Serialize(request), Raw!, options, async, cancellationToken);

    public ValueTask<JsonEventStream> StreamAsync(JsonObject request, RequestOptions? options, bool async, CancellationToken cancellationToken) =>
        StreamAsync(RequestBody.Serialize(request), static response => new JsonEventStream(response), options, async, cancellationToken);

    /// <summary>Validates the exact bytes that will be sent; throws before anything leaves the machine.</summary>
    private ApiCall Prepare(byte[] body, RequestOptions? options)
    {
        RequestFacts facts = RequestValidator.Validate(body, Surface, startWithinRequired: !_pipeline.Settings.AllowMissingStartWithin);
        return new ApiCall(Surface, Surface.Path, body, facts, options);
    }

    private async ValueTask<TStream> Open<TStream>(ApiCall call, Func<StreamingResponse, TStream> open, bool async, CancellationToken cancellationToken) =>
        open(await _pipeline.OpenStreamAsync(call, async, cancellationToken).ConfigureAwait(false));
}
