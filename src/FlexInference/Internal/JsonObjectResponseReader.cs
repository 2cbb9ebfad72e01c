using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace FlexInference.Internal;

/// <summary>Reads a body as raw JSON, exactly as the server sent it.</summary>
internal sealed class JsonObjectResponseReader : IResponseReader<JsonObject>
{
    public static readonly JsonObjectResponseReader Instance = new();

    public async ValueTask<JsonObject?> ReadAsync(Stream body, CancellationToken cancellationToken) =>
        AsObject(await JsonNode.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false));

    public JsonObject? Read(Stream body) => AsObject(JsonNode.Parse(body));

    private static JsonObject? AsObject(JsonNode? node) => node switch
    {
        null => null,
        JsonObject value => value,
        _ => throw new JsonException($"The body is a JSON {node.GetValueKind().ToString().ToLowerInvariant()}, not an object."),
    };
}
