using System;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FlexInference.Pipeline;
using FlexInference.Routing;

namespace FlexInference.Surfaces;

/// <summary>
/// Reads a body into the caller's own type (for example one generated from a newer spec into the caller's namespace)
/// through the caller's <see cref="JsonTypeInfo{T}"/>; the facts are read from the bytes, since the SDK cannot look into
/// that type, so that <c>GetRouting()</c> works on the result as on the SDK's own.
/// </summary>
/// <typeparam name="T">The caller's result type.</typeparam>
internal sealed class CallerTypeResultReader<T>(JsonTypeInfo<T> typeInfo, ResultPointers pointers) : ResultReader<T>
    where T : class
{
    public override T? Parse(ReadOnlySpan<byte> body) => JsonSerializer.Deserialize(body, typeInfo);

    public override ResultFacts Facts(T result, ReadOnlySpan<byte> body) => pointers.Read(body);
}
