using System;
using System.IO;
using System.Net.Http;

namespace FlexInference.Internal;

/// <summary>
/// An open streaming response: the HTTP response, its guarded body, and the call's clocks. Whoever holds it owns the
/// connection; disposing it releases the connection on every path.
/// </summary>
internal sealed class StreamingResponse : IDisposable
{
    private int _disposed;

    public StreamingResponse(HttpResponseMessage response, Stream body, CallClock clock, ResponseMetadata metadata, TimeSpan idleTimeout, ApiSurface surface)
    {
        Response = response;
        Body = body;
        Clock = clock;
        Metadata = metadata;
        IdleTimeout = idleTimeout;
        Surface = surface;
    }

    public HttpResponseMessage Response { get; }

    public Stream Body { get; }

    public CallClock Clock { get; }

    public ResponseMetadata Metadata { get; }

    /// <summary>The longest silence allowed between two events.</summary>
    public TimeSpan IdleTimeout { get; }

    public ApiSurface Surface { get; }

    public bool IsDisposed => System.Threading.Volatile.Read(ref _disposed) != 0;

    public void Dispose()
    {
        if (System.Threading.Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Body.Dispose();
            Response.Dispose();
            Clock.Dispose();
        }
    }
}
