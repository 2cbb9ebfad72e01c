using FlexInference.Generator.Common;
using FlexInference.Generator.Model;

namespace FlexInference.Generator.Spec;

/// <summary>The outcome of reading one spec: the types to emit, the operation descriptors and the diagnostics to report.</summary>
/// <remarks><c>Descriptors</c> holds the <see cref="OperationCatalogModel"/> and <see cref="RequestRulesModel"/>, when the spec has them.</remarks>
internal sealed record SpecResult(EquatableArray<TypeModel> Types, EquatableArray<TypeModel> Descriptors, EquatableArray<DiagnosticInfo> Diagnostics);
