using FlexInference.Generator.Common;

namespace FlexInference.Generator.Model;

/// <summary>
/// The operation descriptors of one spec: one entry per operation carrying <c>x-flexinference-surface</c>, in spec
/// order. Emitted as <c>FlexInferenceOperations</c> plus the descriptor classes the hand-written client reads.
/// </summary>
/// <remarks><c>ContextName</c> is the generated JsonSerializerContext whose type infos the descriptors point at.</remarks>
internal sealed record OperationCatalogModel(
    string Namespace,
    string ContextName,
    EquatableArray<OperationModel> Operations)
    : TypeModel(Namespace, "FlexInferenceOperations", "The operation descriptors.");

/// <summary>One operation of <c>paths</c> and what its <c>x-flexinference-surface</c> says about it.</summary>
/// <param name="Name">The surface name (<c>Responses</c>): the field name on <c>FlexInferenceOperations</c>.</param>
/// <param name="OperationId">The OpenAPI <c>operationId</c>.</param>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Path">The path template.</param>
/// <param name="RequestType">The generated type of the JSON request body, or null without a body.</param>
/// <param name="ResponseType">The generated type of the 200 <c>application/json</c> body.</param>
/// <param name="EventType">The generated type of the 200 <c>text/event-stream</c> events, or null.</param>
/// <param name="ErrorType">The generated type of the 4xx/5xx <c>application/json</c> bodies, or null.</param>
/// <param name="RequiredFields">The required request fields with hints, in schema order.</param>
/// <param name="Result">Where a result keeps its facts, or null.</param>
/// <param name="Stream">How the event stream is read, or null.</param>
internal sealed record OperationModel(
    string Name,
    string OperationId,
    string Method,
    string Path,
    string? RequestType,
    string ResponseType,
    string? EventType,
    string? ErrorType,
    EquatableArray<RequiredFieldModel> RequiredFields,
    ResultShapeModel? Result,
    StreamShapeModel? Stream);

/// <summary>A required request field (other than <c>model</c> and <c>start_within</c>) and its <c>x-flexinference-hint</c>.</summary>
/// <remarks><c>JsonType</c> is the property schema's single non-null <c>type</c>, or null (a <c>$ref</c>, a union).</remarks>
internal sealed record RequiredFieldModel(string Name, string? JsonType, string Purpose, string? Shape, string Fix, string Example);

/// <summary>Where a non-streamed result keeps its service tier and usage (JSON Pointers).</summary>
internal sealed record ResultShapeModel(
    EquatableArray<string> ServiceTier,
    string Usage,
    EquatableArray<string> InputTokens,
    EquatableArray<string> OutputTokens);

/// <summary>How an event stream of the operation is read: event kinds, failure frames, and where facts sit.</summary>
/// <remarks><c>StreamingDefaults</c> is the <c>streamingDefaults</c> object as compact JSON, or null.</remarks>
internal sealed record StreamShapeModel(
    string? EventType,
    string? FailureObject,
    EquatableArray<string> Terminal,
    EquatableArray<string> Failure,
    EquatableArray<string> Skip,
    EquatableArray<ErrorAtModel> ErrorAt,
    EquatableArray<string> Facts,
    EquatableArray<string> Usage,
    EquatableArray<string> ServiceTier,
    TextDeltaModel TextDelta,
    string? StreamingDefaults);

/// <summary>Where the error object of a failure event of type <c>EventType</c> sits.</summary>
internal sealed record ErrorAtModel(string EventType, string Path);

/// <summary>Which events carry text deltas, and where the text is.</summary>
/// <remarks><c>WhenValues</c> are the values at <c>When</c> that make the delta count; a null entry means absent or JSON null.</remarks>
internal sealed record TextDeltaModel(string? Event, string Path, string? When, EquatableArray<NullableString> WhenValues);

/// <summary>A string that may be null, as an equatable element (<see cref="EquatableArray{T}"/> needs <c>IEquatable</c>).</summary>
internal sealed record NullableString(string? Value);

/// <summary>The client-side rules for the FlexInference request fields, read from <c>FlexInferenceRequestFields</c>.</summary>
internal sealed record RequestRulesModel(
    string Namespace,
    int RetryCountMinimum,
    int RetryCountMaximum,
    EquatableArray<string> RetryKeys,
    EquatableArray<string> RetryBackoffValues,
    EquatableArray<string> ProviderRoutes,
    int ProviderMinItems,
    int ProviderMaxItems)
    : TypeModel(Namespace, "FlexInferenceRequestRules", "The request-field rules.");
