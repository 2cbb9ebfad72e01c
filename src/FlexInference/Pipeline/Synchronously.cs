using System.Diagnostics;
using System.Threading.Tasks;

namespace FlexInference.Pipeline;

/// <summary>
/// The synchronous twins run the same method bodies as the asynchronous ones with <c>async: false</c>, where every
/// step blocks instead of awaiting (Azure.Core's pattern): the returned task is then already complete.
/// </summary>
internal static class Synchronously
{
    public static T EnsureCompleted<T>(this ValueTask<T> task)
    {
        Debug.Assert(task.IsCompleted, "A synchronous call path awaited something that did not complete synchronously.");
        return task.GetAwaiter().GetResult();
    }

    public static void EnsureCompleted(this ValueTask task)
    {
        Debug.Assert(task.IsCompleted, "A synchronous call path awaited something that did not complete synchronously.");
        task.GetAwaiter().GetResult();
    }
}
