using System.Runtime.CompilerServices;

namespace FlexInference.Internal;

/// <summary>
/// The body's route facts of results read into a caller's own type, keyed by the result object (like
/// <see cref="ResponseMetadataStore"/>): the entry dies with the result.
/// </summary>
internal static class BodyRoutingStore
{
    private static readonly ConditionalWeakTable<object, BodyRouting> Table = new();

    public static void Attach(object result, BodyRouting routing) => Table.AddOrUpdate(result, routing);

    public static BodyRouting? Get(object result) => Table.TryGetValue(result, out BodyRouting? routing) ? routing : null;
}
