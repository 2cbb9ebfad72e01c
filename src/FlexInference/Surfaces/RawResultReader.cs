using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlexInference.Pipeline;
using FlexInference.Routing;

namespace FlexInference.Surfaces;

/// <summary>Reads a body as raw JSON, exactly as the server sent it; the facts come from the surface's pointers.</summary>
internal sealed class RawResultReader(ResultPointers pointers) : ResultReader<JsonObject>
{
    public override JsonObject? Parse(ReadOnlySpan<byte> body) => JsonNode.Parse(body) switch
    {
        null => null,
        JsonObject value => value,
        { } node => throw new JsonException($"The body is a JSON {node.GetValueKind().ToString().ToLowerInvariant()}, not an object."),
    };

    public override ResultFacts Facts(JsonObject result, ReadOnlySpan<byte> body) => pointers.Read(result);
}
