using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace FlexInference.Internal;

/// <summary>Reads a body into a generated type through the generated, reflection-free JSON metadata.</summary>
internal sealed class TypedResponseReader<T>(JsonTypeInfo<T> typeInfo) : IResponseReader<T>
    where T : class
{
    public ValueTask<T?> ReadAsync(Stream body, CancellationToken cancellationToken) => JsonSerializer.DeserializeAsync(body, typeInfo, cancellationToken);

    public T? Read(Stream body) => JsonSerializer.Deserialize(body, typeInfo);
}
