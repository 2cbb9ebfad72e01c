using System.Net.Http;

namespace FlexInference.Internal;

/// <summary>One request to send: where, what body, and what validation learned about it.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path below the base URL, starting with '/'.</param>
/// <param name="Body">The serialised JSON body, or null for GET.</param>
/// <param name="Surface">The endpoint family (required fields, error envelope).</param>
/// <param name="Facts">The validated request facts (model, start_within), or null for GET.</param>
/// <param name="Options">Per-call clock overrides.</param>
internal sealed record ApiCall(HttpMethod Method, string Path, byte[]? Body, ApiSurface Surface, RequestFacts? Facts, RequestOptions? Options);
