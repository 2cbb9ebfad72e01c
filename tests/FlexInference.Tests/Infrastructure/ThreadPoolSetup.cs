using System.Runtime.CompilerServices;

namespace FlexInference.Tests.Infrastructure;

/// <summary>
/// The synchronous-API tests block pool threads (a real blocking read inside <c>Task.Run</c>), many at once when tests
/// run in parallel. The pool adds threads only about once a second, so without this the loopback servers' own async
/// continuations queue behind the blocked threads, and the timing tests (idle clock, keep-alives) see silences the server
/// never meant. Enough threads up front keeps server timing honest.
/// </summary>
internal static class ThreadPoolSetup
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 128), Math.Max(io, 128));
    }
}
