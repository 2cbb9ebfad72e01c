using System.Runtime.CompilerServices;

namespace FlexInference.Routing;

/// <summary>
/// Ties a result object to the route report built when it arrived, so <c>result.GetRouting()</c> needs no wrapper type
/// and no second call. The entry lives exactly as long as the result object.
/// </summary>
internal static class RouteStore
{
    private static readonly ConditionalWeakTable<object, ServedRoute> Table = new();

    public static void Attach(object result, ServedRoute route) => Table.AddOrUpdate(result, route);

    public static ServedRoute? Get(object result) => Table.TryGetValue(result, out ServedRoute? route) ? route : null;
}
