namespace FlexInference.Testing;

/// <summary>The router's paths, and the shorthand tests may use for them (<c>responses</c> = <c>/v1/responses</c>).</summary>
internal static class PathNames
{
    public const string Responses = "/v1/responses";
    public const string ChatCompletions = "/v1/chat/completions";
    public const string Interactions = "/v1/interactions";
    public const string Messages = "/v1/messages";
    public const string Models = "/v1/models";
    public const string Limits = "/v1/limits";

    /// <summary>Turns <c>responses</c>, <c>/responses</c> or <c>v1/responses</c> into <c>/v1/responses</c>.</summary>
    public static string Normalize(string path)
    {
        string trimmed = path.Trim().TrimEnd('/');
        if (trimmed.StartsWith("/v1/", System.StringComparison.Ordinal) || trimmed == "/v1")
        {
            return trimmed;
        }

        trimmed = trimmed.TrimStart('/');
        if (trimmed.StartsWith("v1/", System.StringComparison.Ordinal))
        {
            return "/" + trimmed;
        }

        return "/v1/" + trimmed;
    }
}
