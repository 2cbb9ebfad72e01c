using System;
using System.Diagnostics;
using System.Threading.Tasks;
using FlexInference.Pipeline;
using FlexInference.Resources;

namespace FlexInference;

/// <summary>
/// The FlexInference client: the four caller formats (<see cref="Responses"/>, <see cref="Chat"/>,
/// <see cref="Interactions"/>, <see cref="Messages"/>) plus <see cref="Models"/> and <see cref="Limits"/>.
/// Thread-safe; create one and reuse it.
/// </summary>
/// <example>
/// <code>
/// using var client = new FlexInferenceClient("flex_live_...");
/// Response r = await client.Responses.CreateAsync(new CreateResponse
/// {
///     Model = "gpt-5.5",
///     Input = "Write a haiku.",
///     StartWithin = StartWithin.Within(TimeSpan.FromSeconds(30)),
/// });
/// Console.WriteLine(r.OutputText());
/// </code>
/// </example>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class FlexInferenceClient : IDisposable, IAsyncDisposable
{
    private readonly CallPipeline _pipeline;

    /// <summary>Creates a client with the key from <c>FLEX_API_KEY</c> and the default options.</summary>
    /// <exception cref="FlexInferenceValidationException">No key is set, or the settings are invalid.</exception>
    public FlexInferenceClient()
        : this(new FlexInferenceClientOptions())
    {
    }

    /// <summary>Creates a client for <paramref name="apiKey"/>.</summary>
    /// <param name="apiKey">The FlexInference API key; null reads <c>FLEX_API_KEY</c>.</param>
    /// <param name="options">Other settings; null for the defaults. The key argument wins over <see cref="FlexInferenceClientOptions.ApiKey"/>.</param>
    /// <exception cref="FlexInferenceValidationException">No key is set, or the settings are invalid.</exception>
    public FlexInferenceClient(string? apiKey, FlexInferenceClientOptions? options = null)
        : this(WithKey(options, apiKey))
    {
    }

    /// <summary>Creates a client from <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="FlexInferenceValidationException">No key is set, or the settings are invalid.</exception>
    public FlexInferenceClient(FlexInferenceClientOptions options)
        : this(options, retry: null)
    {
    }

    /// <summary>Creates a client whose retry waits, clock and jitter come from <paramref name="retry"/> (tests).</summary>
    internal FlexInferenceClient(FlexInferenceClientOptions options, RetryPolicy? retry)
    {
        ArgumentNullException.ThrowIfNull(options);
        ClientSettings settings = ClientSettings.Resolve(options);
        _pipeline = new CallPipeline(settings, retry);
        BaseUrl = settings.BaseUrl;
        Responses = new ResponsesResource(_pipeline);
        Chat = new ChatResource(_pipeline);
        Interactions = new InteractionsResource(_pipeline);
        Messages = new MessagesResource(_pipeline);
        Models = new ModelsResource(_pipeline);
        Limits = new LimitsResource(_pipeline);
    }

    /// <summary>The pipeline, for tests that read its settings.</summary>
    internal CallPipeline Pipeline => _pipeline;

    /// <summary>The router URL requests go to.</summary>
    public Uri BaseUrl { get; }

    /// <summary>OpenAI Responses: <c>POST /responses</c>.</summary>
    public ResponsesResource Responses { get; }

    /// <summary>OpenAI Chat Completions: <c>client.Chat.Completions</c> (<c>POST /chat/completions</c>).</summary>
    public ChatResource Chat { get; }

    /// <summary>Gemini Interactions: <c>POST /interactions</c>.</summary>
    public InteractionsResource Interactions { get; }

    /// <summary>Anthropic Messages: <c>POST /messages</c>.</summary>
    public MessagesResource Messages { get; }

    /// <summary>The model catalogue: <c>GET /models</c> and <c>GET /models/{model}</c>.</summary>
    public ModelsResource Models { get; }

    /// <summary>The account's limits: <c>GET /limits</c>.</summary>
    public LimitsResource Limits { get; }

    /// <summary>
    /// Stops every call and stream still running (they end with <see cref="ObjectDisposedException"/>, or the caller's own
    /// cancellation if that came first) and releases the connection pool, unless the <c>HttpClient</c> was supplied by the caller.
    /// </summary>
    public void Dispose() => _pipeline.Dispose();

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        _pipeline.Dispose();
        return default;
    }

    /// <summary>The base URL; never the key.</summary>
    public override string ToString() => $"FlexInferenceClient {{ BaseUrl = {BaseUrl} }}";

    private static FlexInferenceClientOptions WithKey(FlexInferenceClientOptions? options, string? apiKey)
    {
        FlexInferenceClientOptions copy = options?.Clone() ?? new FlexInferenceClientOptions();
        if (apiKey is not null)
        {
            copy.ApiKey = apiKey;
        }

        return copy;
    }
}
