using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace FlexInference.Generator.Model;

/// <summary>Turns JSON names into C# identifiers.</summary>
internal static class Identifier
{
    /// <summary><c>max_output_tokens</c> → <c>MaxOutputTokens</c>; <c>response.output_text.delta</c> → <c>ResponseOutputTextDelta</c>.</summary>
    public static string ToPascalCase(string name)
    {
        var builder = new StringBuilder(name.Length);
        bool upperNext = true;
        foreach (char c in name)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
                upperNext = false;
            }
            else
            {
                upperNext = true;
            }
        }

        if (builder.Length == 0)
        {
            return "Value";
        }

        if (char.IsDigit(builder[0]))
        {
            builder.Insert(0, "Value");
        }

        return builder.ToString();
    }

    /// <summary>Keeps a schema name as written, replacing characters C# does not allow.</summary>
    public static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            builder.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        }

        if (builder.Length == 0 || char.IsDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    public static bool IsKeyword(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) is SyntaxKind.RecordKeyword;

    public static string Escape(string name) => IsKeyword(name) ? "@" + name : name;

    public static string Unescape(string name) => name.StartsWith("@", System.StringComparison.Ordinal) ? name.Substring(1) : name;

    /// <summary>Members every record already has; a JSON property with one of these names gets a <c>Value</c> suffix.</summary>
    public static readonly HashSet<string> ReservedRecordMembers = new(System.StringComparer.Ordinal)
    {
        "AdditionalProperties", "EqualityContract", "Equals", "GetHashCode", "ToString", "GetType", "Deconstruct", "PrintMembers", "MemberwiseClone", "WireShape",
    };
}
