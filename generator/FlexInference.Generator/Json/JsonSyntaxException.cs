using System;

namespace FlexInference.Generator.Json;

/// <summary>Thrown by <see cref="JsonParser"/> for text that is not RFC 8259 JSON; carries the offending offset.</summary>
internal sealed class JsonSyntaxException : Exception
{
    public JsonSyntaxException(string message, int position)
        : base(message) => Position = position;

    public int Position { get; }
}
