using System.Globalization;
using System.Text;

namespace FlexInference.Generator.Json;

/// <summary>
/// Writes a node back as compact JSON (no whitespace), for extension values the generated code carries verbatim.
/// Numbers keep their original text; strings are re-escaped minimally, so the output is stable across formatting.
/// </summary>
internal static class JsonCompactWriter
{
    public static string Write(JsonNode node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                builder.Append('{');
                for (int i = 0; i < obj.Properties.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    WriteString(builder, obj.Properties[i].Name);
                    builder.Append(':');
                    Write(builder, obj.Properties[i].Value);
                }

                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (int i = 0; i < array.Items.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    Write(builder, array.Items[i]);
                }

                builder.Append(']');
                break;
            case JsonString text:
                WriteString(builder, text.Value);
                break;
            case JsonNumber number:
                builder.Append(number.Text);
                break;
            case JsonBoolean boolean:
                builder.Append(boolean.Value ? "true" : "false");
                break;
            default:
                builder.Append("null");
                break;
        }
    }

    // A C# literal's escapes (quote, backslash, control and non-ASCII characters as \uXXXX) are valid JSON escapes too.
    private static void WriteString(StringBuilder builder, string value) => builder.Append(Emit.TypeEmitter.Literal(value));
}
