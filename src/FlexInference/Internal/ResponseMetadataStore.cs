using System.Runtime.CompilerServices;

namespace FlexInference.Internal;

/// <summary>
/// Ties a result object to the HTTP facts it came with, so <c>result.GetRouting()</c> can report the headers without
/// a wrapper type or a second call. Entries live exactly as long as the result object.
/// </summary>
internal static class ResponseMetadataStore
{
    private static readonly ConditionalWeakTable<object, ResponseMetadata> Table = new();

    public static void Attach(object result, ResponseMetadata metadata) => Table.AddOrUpdate(result, metadata);

    public static ResponseMetadata? Get(object result) => Table.TryGetValue(result, out ResponseMetadata? metadata) ? metadata : null;
}
