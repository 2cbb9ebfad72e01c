using System.Net.Http;
using FlexInference.Routing;
using FlexInference.Streaming;

namespace FlexInference.Surfaces;

/// <summary>
/// One operation of the spec, ready to serve: the generated descriptor (<see cref="FlexInferenceOperation"/>, from the
/// <c>x-flexinference-surface</c> extension and the schemas) with its pointers parsed and its stream vocabulary
/// encoded once. Every per-surface fact the client uses comes from here; adding a surface is a spec edit plus one of
/// these fields.
/// </summary>
internal sealed class Surface
{
    public static readonly Surface Responses = new(FlexInferenceOperations.Responses);
    public static readonly Surface ChatCompletions = new(FlexInferenceOperations.ChatCompletions);
    public static readonly Surface Interactions = new(FlexInferenceOperations.Interactions);
    public static readonly Surface Messages = new(FlexInferenceOperations.Messages);
    public static readonly Surface Models = new(FlexInferenceOperations.Models);
    public static readonly Surface Model = new(FlexInferenceOperations.Model);
    public static readonly Surface Limits = new(FlexInferenceOperations.Limits);

    private Surface(FlexInferenceOperation operation)
    {
        Operation = operation;
        Method = new HttpMethod(operation.Method);
        Result = operation.Result is null ? null : new ResultPointers(operation.Result);
        Stream = operation.Stream is null ? null : new StreamVocabulary(operation.Stream);
    }

    public FlexInferenceOperation Operation { get; }

    public string Name => Operation.Name;

    public HttpMethod Method { get; }

    /// <summary>The path below the base URL (a template such as <c>/models/{model}</c> for a path parameter).</summary>
    public string Path => Operation.Path;

    /// <summary>Where the answer keeps its tier, usage and token counts; null for the catalogue calls.</summary>
    public ResultPointers? Result { get; }

    /// <summary>The stream's vocabulary; null for an operation that does not stream.</summary>
    public StreamVocabulary? Stream { get; }

    public override string ToString() => Name;
}
