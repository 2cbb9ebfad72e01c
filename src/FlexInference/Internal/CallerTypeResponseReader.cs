using System;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace FlexInference.Internal;

/// <summary>
/// Reads a body into the caller's own type (for example one generated from a newer spec into the caller's namespace)
/// through the caller's <see cref="JsonTypeInfo{T}"/>, and keeps the body's route facts beside the result so that
/// <c>GetRouting()</c> works on it. The body is buffered once (it is already capped by <c>MaxResponseBytes</c>).
/// </summary>
internal sealed class CallerTypeResponseReader<T>(JsonTypeInfo<T> typeInfo) : IResponseReader<T>
    where T : class
{
    public async ValueTask<T?> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Read(buffer);
    }

    public T? Read(Stream body)
    {
        using var buffer = new MemoryStream();
        body.CopyTo(buffer);
        return Read(buffer);
    }

    private T? Read(MemoryStream buffer)
    {
        ReadOnlySpan<byte> bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        T? result = JsonSerializer.Deserialize(bytes, typeInfo);
        if (result is not null)
        {
            BodyRoutingStore.Attach(result, BodyRoutingReader.Read(bytes));
        }

        return result;
    }
}
