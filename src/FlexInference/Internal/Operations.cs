using System;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace FlexInference.Internal;

/// <summary>The steps every call shares: serialise, validate, send. Resources only choose the path and the types.</summary>
internal static class Operations
{
    public static Task<TResponse> PostAsync<TRequest, TResponse>(
        FlexInferenceTransport transport, string path, ApiSurface surface, TRequest request, JsonTypeInfo<TRequest> requestType,
        IResponseReader<TResponse> reader, RequestOptions? options, CancellationToken cancellationToken)
        where TResponse : class =>
        transport.SendAsync(Prepare(transport, path, surface, Serialize(request, requestType), options), reader, cancellationToken);

    public static TResponse Post<TRequest, TResponse>(
        FlexInferenceTransport transport, string path, ApiSurface surface, TRequest request, JsonTypeInfo<TRequest> requestType,
        IResponseReader<TResponse> reader, RequestOptions? options, CancellationToken cancellationToken)
        where TResponse : class =>
        transport.Send(Prepare(transport, path, surface, Serialize(request, requestType), options), reader, cancellationToken);

    /// <summary>A call with the caller's own request and response types (their JSON metadata, reflection-free).</summary>
    public static Task<TResponse> PostCallerTypesAsync<TRequest, TResponse>(
        FlexInferenceTransport transport, string path, ApiSurface surface, TRequest request, JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType, RequestOptions? options, CancellationToken cancellationToken)
        where TResponse : class
    {
        var reader = new CallerTypeResponseReader<TResponse>(responseType ?? throw new ArgumentNullException(nameof(responseType)));
        return PostAsync(transport, path, surface, request, requestType ?? throw new ArgumentNullException(nameof(requestType)), reader, options, cancellationToken);
    }

    /// <summary>The synchronous twin of <see cref="PostCallerTypesAsync"/>.</summary>
    public static TResponse PostCallerTypes<TRequest, TResponse>(
        FlexInferenceTransport transport, string path, ApiSurface surface, TRequest request, JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType, RequestOptions? options, CancellationToken cancellationToken)
        where TResponse : class
    {
        var reader = new CallerTypeResponseReader<TResponse>(responseType ?? throw new ArgumentNullException(nameof(responseType)));
        return Post(transport, path, surface, request, requestType ?? throw new ArgumentNullException(nameof(requestType)), reader, options, cancellationToken);
    }

    /// <summary>
    /// The bytes of a caller-typed request as a stream: serialised with the caller's metadata, then given
    /// <c>"stream": true</c> like a raw body (the SDK cannot set a property on a type it does not know).
    /// </summary>
    public static byte[] SerializeCallerTypeForStreaming<TRequest>(TRequest request, JsonTypeInfo<TRequest> requestType, ApiSurface surface)
    {
        byte[] body = Serialize(request, requestType ?? throw new ArgumentNullException(nameof(requestType)));

        // A body that is not an object is left as it is: validation then refuses it with the same message as any call.
        return JsonNode.Parse(body) is JsonObject json ? SerializeForStreaming(json, surface) : body;
    }

    public static Task<JsonObject> PostRawAsync(FlexInferenceTransport transport, string path, ApiSurface surface, JsonObject request, RequestOptions? options, CancellationToken cancellationToken) =>
        transport.SendAsync(Prepare(transport, path, surface, Serialize(request), options), JsonObjectResponseReader.Instance, cancellationToken);

    public static JsonObject PostRaw(FlexInferenceTransport transport, string path, ApiSurface surface, JsonObject request, RequestOptions? options, CancellationToken cancellationToken) =>
        transport.Send(Prepare(transport, path, surface, Serialize(request), options), JsonObjectResponseReader.Instance, cancellationToken);

    public static Task<StreamingResponse> OpenStreamAsync(FlexInferenceTransport transport, string path, ApiSurface surface, byte[] body, RequestOptions? options, CancellationToken cancellationToken) =>
        transport.SendStreamingAsync(Prepare(transport, path, surface, body, options), cancellationToken);

    public static StreamingResponse OpenStream(FlexInferenceTransport transport, string path, ApiSurface surface, byte[] body, RequestOptions? options, CancellationToken cancellationToken) =>
        transport.SendStreaming(Prepare(transport, path, surface, body, options), cancellationToken);

    public static async Task<TStream> Wrap<TStream>(Task<StreamingResponse> opening, Func<StreamingResponse, TStream> create) =>
        create(await opening.ConfigureAwait(false));

    /// <summary>
    /// A copy of a raw body with <c>"stream": true</c> (and, for chat, usage in the last chunk unless the caller set
    /// <c>stream_options</c>). The caller's object is not changed.
    /// </summary>
    public static byte[] SerializeForStreaming(JsonObject request, ApiSurface surface)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var copy = (JsonObject)request.DeepClone();
        copy["stream"] = true;
        if (surface == ApiSurface.ChatCompletions && copy["stream_options"] is null)
        {
            copy["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        return Serialize(copy);
    }

    public static T NotNull<T>(T request)
        where T : class => request ?? throw new ArgumentNullException(nameof(request));

    public static ApiCall Get(string path, ApiSurface surface, RequestOptions? options) => new(HttpMethod.Get, path, null, surface, null, options);

    /// <summary>Validates the exact bytes that will be sent; throws before anything leaves the machine.</summary>
    public static ApiCall Prepare(FlexInferenceTransport transport, string path, ApiSurface surface, byte[] body, RequestOptions? options)
    {
        RequestFacts facts = RequestValidator.Validate(body, surface, startWithinRequired: !transport.Settings.AllowMissingStartWithin);
        return new ApiCall(HttpMethod.Post, path, body, surface, facts, options);
    }

    public static byte[] Serialize<T>(T request, JsonTypeInfo<T> typeInfo)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        return JsonSerializer.SerializeToUtf8Bytes(request, typeInfo);
    }

    public static byte[] Serialize(JsonObject request)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        // Written as-is: the caller's object is read, never changed.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            request.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
