using System;
using System.Net;
using System.Net.Http;
using System.Threading;

namespace FlexInference.Pipeline;

/// <summary>The SDK's own handler; also the primary handler of the <c>AddFlexInference</c> named client.</summary>
internal static class HttpHandlerFactory
{
    public static HttpClient CreateHttpClient(ClientSettings settings) =>
        new(CreateHandler(settings.ConnectTimeout), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };

    public static SocketsHttpHandler CreateHandler(TimeSpan connectTimeout) =>
        new()
        {
            ConnectTimeout = connectTimeout,
            AutomaticDecompression = DecompressionMethods.All, // MaxResponseBytes counts after this, so a bomb stops at the cap
            PooledConnectionLifetime = TimeSpan.FromMinutes(5), // picks up DNS changes
            AllowAutoRedirect = false, // the router never redirects; never carry the key elsewhere
            UseCookies = false,

            // A stream stopped early (break, dispose, a clock, cancellation) must let its connection go at once. By default
            // the handler first drains the rest of the body for up to ResponseDrainTimeout (2 s), which an event stream
            // never finishes: the slot stays taken and a blocked synchronous read is not released until the drain gives up.
            MaxResponseDrainSize = 0,
        };
}
