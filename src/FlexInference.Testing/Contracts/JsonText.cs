using System.Text.Encodings.Web;
using System.Text.Json;

namespace FlexInference.Testing;

/// <summary>How names and values are quoted in contract snapshots: readable (no <c>\u0027</c>-style escapes).</summary>
internal static class JsonText
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
