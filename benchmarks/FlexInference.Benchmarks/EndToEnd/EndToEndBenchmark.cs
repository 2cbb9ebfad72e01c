using BenchmarkDotNet.Attributes;
using FlexInference.Benchmarks.Infrastructure;

namespace FlexInference.Benchmarks.EndToEnd;

/// <summary>
/// What the end-to-end benchmarks share: the in-process server with fixed bytes, and the two ways to reach it.
/// <list type="bullet">
/// <item><c>tcp-loopback</c>: every SDK with its own default HttpClient and handler, over TCP to 127.0.0.1, as an
/// application runs. On a shared 2-core machine this includes the kernel, four threads waking each other per call, and
/// whatever else the machine runs, so its latency is noisy.</item>
/// <item><c>in-memory</c>: every SDK over the same <see cref="SocketsHttpHandler"/>, whose ConnectCallback returns an
/// <see cref="InMemoryConnection"/> to the same server: identical bytes through the full HTTP/1.1 stack, on one thread,
/// so the SDKs' own costs show without scheduler noise.</item>
/// </list>
/// </summary>
public abstract class EndToEndBenchmark
{
    public const string TcpLoopback = "tcp-loopback";
    public const string InMemory = "in-memory";

    private protected FixedResponseServer Server { get; private set; } = null!;

    [Params(TcpLoopback, InMemory)]
    public string Transport { get; set; } = TcpLoopback;

    [GlobalCleanup]
    public void Cleanup()
    {
        DisposeClients();
        Server.Dispose();
    }

    private protected void StartServer(string route, FixedResponse response) =>
        Server = new FixedResponseServer(new Dictionary<string, FixedResponse> { [route] = response });

    /// <summary>The handler a client gets: null (its SDK's default) over TCP, or a new in-memory one.</summary>
    private protected HttpMessageHandler? Handler() => Transport == InMemory ? Server.CreateInMemoryHandler() : null;

    private protected abstract void DisposeClients();

    /// <summary>
    /// Over TCP, BenchmarkDotNet's Allocated column counts every thread, the server's included: prove the server adds
    /// nothing, so the column is the client's alone. In memory, the server's part runs on the client's thread and
    /// allocates nothing per request either (it returns pre-encoded bytes).
    /// </summary>
    private protected void CheckServer(Action call)
    {
        long before = Server.Requests;
        for (int i = 0; i < 20; i++)
        {
            call();
        }

        Check.True(Server.Requests >= before + 20, "every call must reach the server");
        Check.True(Server.AllocatedBytes == 0, $"the loopback server allocated {Server.AllocatedBytes} bytes while serving; the Allocated column would include them");
        Console.WriteLine($"// check ok ({Transport}): the server answered {Server.Requests} requests and allocated 0 bytes after its first");
    }
}
