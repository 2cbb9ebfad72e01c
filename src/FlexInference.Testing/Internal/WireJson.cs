using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlexInference.Testing;

/// <summary>How the server writes JSON: compact, and without escaping quotes or backticks (as providers do), so bodies stay readable in test output.</summary>
internal static class WireJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(this JsonNode node) => node.ToJsonString(Options);
}
