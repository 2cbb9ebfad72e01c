namespace FlexInference;

/// <summary>The clocks that bound a call. Each has its own option, named in the timeout message.</summary>
public enum FlexInferenceClock
{
    /// <summary>Opening the TCP/TLS connection (<see cref="FlexInferenceClientOptions.ConnectTimeout"/>).</summary>
    Connect,

    /// <summary>Waiting for the response headers (<see cref="FlexInferenceClientOptions.FirstByteTimeout"/>); raised for a flex race.</summary>
    FirstByte,

    /// <summary>Reading a non-streaming body after the headers arrived (<see cref="FlexInferenceClientOptions.Timeout"/>).</summary>
    Body,

    /// <summary>Silence between two stream events (<see cref="FlexInferenceClientOptions.IdleTimeout"/>).</summary>
    Idle,

    /// <summary>The <see cref="System.Net.Http.HttpClient.Timeout"/> of a caller-supplied <c>HttpClient</c>.</summary>
    HttpClient,

    /// <summary>
    /// The call's whole budget (<see cref="FlexInferenceClientOptions.TotalTimeout"/> or <see cref="RequestOptions.TotalTimeout"/>):
    /// every attempt, every backoff wait and the whole stream.
    /// </summary>
    Total,
}
