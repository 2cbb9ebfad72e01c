using System;
using System.Collections.Generic;

namespace FlexInference.Testing;

/// <summary>The router's authentication rules (§2): a <c>Bearer &lt;key&gt;</c> header, and optionally a known key.</summary>
internal static class ApiKeyCheck
{
    /// <summary>The key of a well-formed <c>Authorization: Bearer &lt;key&gt;</c> value, or null.</summary>
    public static string? ParseBearer(string? authorization)
    {
        const string Scheme = "Bearer ";
        if (string.IsNullOrEmpty(authorization) || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string key = authorization[Scheme.Length..].Trim();
        return key.Length == 0 || System.Linq.Enumerable.Any(key, char.IsWhiteSpace) ? null : key;
    }

    /// <summary>Null when the request may proceed, else the 401 to answer. Never echoes the key.</summary>
    public static ErrorSpec? Check(string? authorization, IReadOnlyCollection<string>? acceptedKeys)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return Errors.FromCode(FlexInferenceErrorCodes.MissingApiKey, "The request has no Authorization header.");
        }

        string? key = ParseBearer(authorization);
        if (key is null)
        {
            return Errors.FromCode(FlexInferenceErrorCodes.MissingApiKey, "The Authorization header is not of the form \"Bearer <key>\".");
        }

        if (acceptedKeys is not null && !Contains(acceptedKeys, key))
        {
            return Errors.FromCode(FlexInferenceErrorCodes.InvalidApiKey, "The API key in the Authorization header is not one this server accepts.");
        }

        return null;
    }

    private static bool Contains(IReadOnlyCollection<string> keys, string key) =>
        keys is ISet<string> set ? set.Contains(key) : System.Linq.Enumerable.Contains(keys, key, StringComparer.Ordinal);
}
