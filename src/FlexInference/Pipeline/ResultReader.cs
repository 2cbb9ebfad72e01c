using System;
using FlexInference.Routing;

namespace FlexInference.Pipeline;

/// <summary>Turns a 2xx body into the call's result (a generated record, raw JSON, or the caller's own type) and its facts.</summary>
/// <typeparam name="T">The result type.</typeparam>
internal abstract class ResultReader<T>
    where T : class
{
    /// <summary>The result, or null for a JSON <c>null</c> body.</summary>
    public abstract T? Parse(ReadOnlySpan<byte> body);

    /// <summary>What the answer says about its route, model and usage.</summary>
    public abstract ResultFacts Facts(T result, ReadOnlySpan<byte> body);
}
