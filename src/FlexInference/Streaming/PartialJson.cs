using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace FlexInference.Streaming;

/// <summary>
/// Reads JSON that a stream cut off (a tool call's arguments when the model hit <c>max_tokens</c>): the complete part
/// is kept and the open arrays and objects are closed, the way the Anthropic SDKs' partial parser does in its default
/// mode. A value that was still being written (a half string, a key without its value) is left out. Never throws.
/// </summary>
internal static class PartialJson
{
    /// <summary>Parses <paramref name="text"/>; when it is not complete JSON, parses its longest complete prefix, closed.</summary>
    /// <param name="text">The joined deltas.</param>
    /// <param name="value">The value read (complete or repaired); <c>default</c> when nothing could be read.</param>
    /// <returns>Whether <paramref name="text"/> was complete JSON as it stands.</returns>
    public static bool TryParse(string text, out JsonElement value)
    {
        if (TryParseExact(text, out value))
        {
            return true;
        }

        string? repaired = Repair(text);
        if (repaired is null || !TryParseExact(repaired, out value))
        {
            value = default;
        }

        return false;
    }

    private static bool TryParseExact(string text, out JsonElement value)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            value = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            value = default;
            return false;
        }
    }

    /// <summary>The longest prefix ending after a complete value (or an opening bracket), with its closers appended.</summary>
    private static string? Repair(string text)
    {
        var stack = new List<char>(); // '{' or '['
        var expectingKey = new List<bool>(); // per frame: an object waiting for a key (true) or a value (false)
        int safeEnd = -1;
        string safeClosers = string.Empty;
        bool inString = false;
        bool isKey = false;
        bool escaped = false;
        int i = 0;

        void MarkSafe(int end)
        {
            var closers = new StringBuilder(stack.Count);
            for (int s = stack.Count - 1; s >= 0; s--)
            {
                closers.Append(stack[s] == '{' ? '}' : ']');
            }

            safeEnd = end;
            safeClosers = closers.ToString();
        }

        void ValueDone()
        {
            if (stack.Count > 0 && stack[^1] == '{')
            {
                expectingKey[^1] = true;
            }
        }

        while (i < text.Length)
        {
            char c = text[i];
            if (inString)
            {
                if (escaped)
                {
                    escaped = false;
                }
                else if (c == '\\')
                {
                    escaped = true;
                }
                else if (c == '"')
                {
                    inString = false;
                    if (isKey)
                    {
                        expectingKey[^1] = false;
                    }
                    else
                    {
                        ValueDone();
                        MarkSafe(i + 1);
                    }
                }

                i++;
                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    isKey = stack.Count > 0 && stack[^1] == '{' && expectingKey[^1];
                    i++;
                    break;
                case '{':
                case '[':
                    stack.Add(c);
                    expectingKey.Add(c == '{');
                    i++;
                    MarkSafe(i);
                    break;
                case '}':
                case ']':
                    if (stack.Count == 0)
                    {
                        return null;
                    }

                    stack.RemoveAt(stack.Count - 1);
                    expectingKey.RemoveAt(expectingKey.Count - 1);
                    ValueDone();
                    i++;
                    MarkSafe(i);
                    break;
                case ',':
                case ':':
                case ' ':
                case '\t':
                case '\r':
                case '\n':
                    i++;
                    break;
                default:
                    // A number or a literal: complete only once a delimiter follows it.
                    int start = i;
                    while (i < text.Length && text[i] is not (',' or '}' or ']' or ' ' or '\t' or '\r' or '\n' or ':'))
                    {
                        i++;
                    }

                    if (i < text.Length && start < i)
                    {
                        ValueDone();
                        MarkSafe(i);
                    }

                    break;
            }
        }

        if (safeEnd < 0)
        {
            return null;
        }

        string prefix = text.Substring(0, safeEnd).TrimEnd();
        return prefix + safeClosers;
    }
}
