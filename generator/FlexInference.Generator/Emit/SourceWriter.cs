using System;
using System.Text;

namespace FlexInference.Generator.Emit;

/// <summary>An indenting text writer: generated code is written as text, never built from syntax nodes.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    public void Line(string text = "")
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _indent * 4);
            _builder.Append(text);
        }

        _builder.Append('\n');
    }

    public void Open(string text)
    {
        Line(text);
        Line("{");
        _indent++;
    }

    public void Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
    }

    /// <summary>Writes a <c>&lt;summary&gt;</c> doc comment, one line per line of <paramref name="text"/>.</summary>
    /// <param name="text">Plain text from the spec (escaped here), or null.</param>
    /// <param name="fallback">XML doc text used when <paramref name="text"/> is null (written as-is).</param>
    public void Summary(string? text, string fallback)
    {
        Line("/// <summary>");
        string[] lines = text is null ? new[] { fallback } : text.Split(new[] { "\r\n", "\n" }, StringSplitOptions.None);
        foreach (string line in lines)
        {
            Line("/// " + (text is null ? line : XmlEscape(line.TrimEnd())));
        }

        Line("/// </summary>");
    }

    public static string XmlEscape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    public override string ToString() => _builder.ToString();
}
