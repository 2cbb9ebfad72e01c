using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace FlexInference.Generator.Json;

/// <summary>
/// A strict RFC 8259 parser that records the span of every node. Hand-written so the generator has no runtime
/// dependency (a referenced System.Text.Json would bind to whatever copy the compiler host loaded).
/// </summary>
internal sealed class JsonParser
{
    // Deep enough for any real spec, shallow enough that a hostile file cannot overflow the compiler's stack.
    private const int MaxDepth = 256;

    private readonly string _text;
    private int _position;
    private int _depth;

    private JsonParser(string text) => _text = text;

    public static JsonNode Parse(string text)
    {
        var parser = new JsonParser(text);
        parser.SkipWhitespace();
        JsonNode root = parser.ParseValue();
        parser.SkipWhitespace();
        if (parser._position < text.Length)
        {
            throw new JsonSyntaxException($"unexpected {parser.Describe()} after the end of the document", parser._position);
        }

        return root;
    }

    private JsonNode ParseValue()
    {
        if (_position >= _text.Length)
        {
            throw new JsonSyntaxException("unexpected end of the document; a value was expected", _position);
        }

        char c = _text[_position];
        switch (c)
        {
            case '{':
                return ParseObject();
            case '[':
                return ParseArray();
            case '"':
                int start = _position;
                string value = ParseString();
                return new JsonString(TextSpan.FromBounds(start, _position), value);
            case 't':
                return ParseLiteral("true", span => new JsonBoolean(span, true));
            case 'f':
                return ParseLiteral("false", span => new JsonBoolean(span, false));
            case 'n':
                return ParseLiteral("null", span => new JsonNull(span));
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return ParseNumber();
                }

                throw new JsonSyntaxException($"unexpected {Describe()}; a value was expected", _position);
        }
    }

    private JsonObject ParseObject()
    {
        int start = _position;
        Enter();
        _position++; // '{'
        var properties = new List<JsonProperty>();
        SkipWhitespace();
        if (Peek() == '}')
        {
            _position++;
            _depth--;
            return new JsonObject(TextSpan.FromBounds(start, _position), properties);
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"')
            {
                throw new JsonSyntaxException($"unexpected {Describe()}; a property name in double quotes was expected", _position);
            }

            int nameStart = _position;
            string name = ParseString();
            var nameSpan = TextSpan.FromBounds(nameStart, _position);
            SkipWhitespace();
            Expect(':', "':' after a property name");
            SkipWhitespace();
            JsonNode value = ParseValue();
            properties.Add(new JsonProperty(name, nameSpan, value));
            SkipWhitespace();
            char next = Peek();
            if (next == ',')
            {
                _position++;
                SkipWhitespace();
                if (Peek() == '}')
                {
                    throw new JsonSyntaxException("trailing comma before '}'", _position);
                }

                continue;
            }

            if (next == '}')
            {
                _position++;
                _depth--;
                return new JsonObject(TextSpan.FromBounds(start, _position), properties);
            }

            throw new JsonSyntaxException($"unexpected {Describe()}; ',' or '}}' was expected", _position);
        }
    }

    private JsonArray ParseArray()
    {
        int start = _position;
        Enter();
        _position++; // '['
        var items = new List<JsonNode>();
        SkipWhitespace();
        if (Peek() == ']')
        {
            _position++;
            _depth--;
            return new JsonArray(TextSpan.FromBounds(start, _position), items);
        }

        while (true)
        {
            SkipWhitespace();
            items.Add(ParseValue());
            SkipWhitespace();
            char next = Peek();
            if (next == ',')
            {
                _position++;
                SkipWhitespace();
                if (Peek() == ']')
                {
                    throw new JsonSyntaxException("trailing comma before ']'", _position);
                }

                continue;
            }

            if (next == ']')
            {
                _position++;
                _depth--;
                return new JsonArray(TextSpan.FromBounds(start, _position), items);
            }

            throw new JsonSyntaxException($"unexpected {Describe()}; ',' or ']' was expected", _position);
        }
    }

    private string ParseString()
    {
        int start = _position;
        _position++; // opening quote
        StringBuilder? builder = null;
        int runStart = _position;
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw new JsonSyntaxException("unterminated string", start);
            }

            char c = _text[_position];
            if (c == '"')
            {
                string result = builder is null
                    ? _text.Substring(runStart, _position - runStart)
                    : builder.Append(_text, runStart, _position - runStart).ToString();
                _position++;
                return result;
            }

            if (c < 0x20)
            {
                throw new JsonSyntaxException("control character in a string; escape it (for example \\n)", _position);
            }

            if (c != '\\')
            {
                _position++;
                continue;
            }

            builder ??= new StringBuilder();
            builder.Append(_text, runStart, _position - runStart);
            _position++;
            if (_position >= _text.Length)
            {
                throw new JsonSyntaxException("unterminated escape sequence", _position - 1);
            }

            char escape = _text[_position];
            switch (escape)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    if (_position + 4 >= _text.Length
                        || !int.TryParse(_text.Substring(_position + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                    {
                        throw new JsonSyntaxException("invalid \\u escape; four hex digits are required", _position - 1);
                    }

                    builder.Append((char)code);
                    _position += 4;
                    break;
                default:
                    throw new JsonSyntaxException($"invalid escape sequence '\\{escape}'", _position - 1);
            }

            _position++;
            runStart = _position;
        }
    }

    private JsonNumber ParseNumber()
    {
        int start = _position;
        if (Peek() == '-')
        {
            _position++;
        }

        if (Peek() == '0')
        {
            _position++;
        }
        else if (IsDigit(Peek()))
        {
            SkipDigits();
        }
        else
        {
            throw new JsonSyntaxException("invalid number; a digit was expected", _position);
        }

        if (Peek() == '.')
        {
            _position++;
            if (!IsDigit(Peek()))
            {
                throw new JsonSyntaxException("invalid number; a digit was expected after '.'", _position);
            }

            SkipDigits();
        }

        if (Peek() == 'e' || Peek() == 'E')
        {
            _position++;
            if (Peek() == '+' || Peek() == '-')
            {
                _position++;
            }

            if (!IsDigit(Peek()))
            {
                throw new JsonSyntaxException("invalid number; a digit was expected in the exponent", _position);
            }

            SkipDigits();
        }

        return new JsonNumber(TextSpan.FromBounds(start, _position), _text.Substring(start, _position - start));
    }

    private JsonNode ParseLiteral(string literal, System.Func<TextSpan, JsonNode> create)
    {
        if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0)
        {
            throw new JsonSyntaxException($"unexpected {Describe()}; a value was expected", _position);
        }

        int start = _position;
        _position += literal.Length;
        return create(TextSpan.FromBounds(start, _position));
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw new JsonSyntaxException($"nesting deeper than {MaxDepth} levels", _position);
        }
    }

    private void Expect(char expected, string what)
    {
        if (Peek() != expected)
        {
            throw new JsonSyntaxException($"unexpected {Describe()}; {what} was expected", _position);
        }

        _position++;
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length)
        {
            char c = _text[_position];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            {
                return;
            }

            _position++;
        }
    }

    private void SkipDigits()
    {
        while (IsDigit(Peek()))
        {
            _position++;
        }
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private string Describe() => _position >= _text.Length ? "end of the document" : $"character '{_text[_position]}'";
}
