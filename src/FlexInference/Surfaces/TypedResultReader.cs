using System;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FlexInference.Pipeline;
using FlexInference.Routing;

namespace FlexInference.Surfaces;

/// <summary>Reads a body into a generated type through the generated, reflection-free JSON metadata.</summary>
/// <typeparam name="T">The generated result type.</typeparam>
internal sealed class TypedResultReader<T>(JsonTypeInfo<T> typeInfo, Func<T, ResultFacts> facts) : ResultReader<T>
    where T : class
{
    public override T? Parse(ReadOnlySpan<byte> body) => JsonSerializer.Deserialize(body, typeInfo);

    public override ResultFacts Facts(T result, ReadOnlySpan<byte> body) => facts(result);
}
