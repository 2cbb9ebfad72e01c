using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace FlexInference.Internal;

/// <summary>Turns a 2xx body into the call's result: a generated record, or raw JSON.</summary>
internal interface IResponseReader<T>
    where T : class
{
    ValueTask<T?> ReadAsync(Stream body, CancellationToken cancellationToken);

    T? Read(Stream body);
}
