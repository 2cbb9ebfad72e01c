namespace FlexInference.Testing;

/// <summary>The caller format of a request; it decides the body shape, the stream vocabulary and the error envelope.</summary>
internal enum Surface
{
    /// <summary>A path the router does not serve (OpenAI envelope).</summary>
    Unknown,

    /// <summary><c>POST /v1/responses</c> (OpenAI envelope).</summary>
    Responses,

    /// <summary><c>POST /v1/chat/completions</c> (OpenAI envelope).</summary>
    ChatCompletions,

    /// <summary><c>POST /v1/interactions</c> (Google envelope).</summary>
    Interactions,

    /// <summary><c>POST /v1/messages</c> (Anthropic envelope).</summary>
    Messages,

    /// <summary><c>GET /v1/models</c> and <c>GET /v1/models/{model}</c> (OpenAI envelope).</summary>
    Models,

    /// <summary><c>GET /v1/limits</c> (OpenAI envelope).</summary>
    Limits,
}

/// <summary>Which error envelope a surface answers with.</summary>
internal enum EnvelopeKind
{
    OpenAI,
    Anthropic,
    Google,
}

internal static class SurfaceExtensions
{
    public static Surface FromPath(string path) => path switch
    {
        PathNames.Responses => Surface.Responses,
        PathNames.ChatCompletions => Surface.ChatCompletions,
        PathNames.Interactions => Surface.Interactions,
        PathNames.Messages => Surface.Messages,
        PathNames.Models => Surface.Models,
        PathNames.Limits => Surface.Limits,
        _ when path.StartsWith(PathNames.Models + "/", System.StringComparison.Ordinal) => Surface.Models,
        _ => Surface.Unknown,
    };

    public static EnvelopeKind Envelope(this Surface surface) => surface switch
    {
        Surface.Messages => EnvelopeKind.Anthropic,
        Surface.Interactions => EnvelopeKind.Google,
        _ => EnvelopeKind.OpenAI,
    };

    /// <summary>Whether the surface generates text (POST with a body), rather than a read endpoint.</summary>
    public static bool IsGeneration(this Surface surface) =>
        surface is Surface.Responses or Surface.ChatCompletions or Surface.Interactions or Surface.Messages;
}
