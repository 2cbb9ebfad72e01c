using FlexInference.Generator.Common;
using FlexInference.Generator.Model;

namespace FlexInference.Generator.Spec;

/// <summary>The outcome of reading one spec: the types to emit and the diagnostics to report.</summary>
internal sealed record SpecResult(EquatableArray<TypeModel> Types, EquatableArray<DiagnosticInfo> Diagnostics);
