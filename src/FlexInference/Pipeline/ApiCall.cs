using FlexInference.Surfaces;
using FlexInference.Validation;

namespace FlexInference.Pipeline;

/// <summary>One request to send: which operation, where, what body, and what validation learned about it.</summary>
/// <param name="Surface">The operation (method, error envelope, stream vocabulary).</param>
/// <param name="Path">The path below the base URL, starting with '/' (path parameters filled in).</param>
/// <param name="Body">The serialised, validated JSON body, or null for GET.</param>
/// <param name="Facts">The validated request facts (model, start_within), or null for GET.</param>
/// <param name="Options">Per-call overrides.</param>
internal sealed record ApiCall(Surface Surface, string Path, byte[]? Body, RequestFacts? Facts, RequestOptions? Options);
