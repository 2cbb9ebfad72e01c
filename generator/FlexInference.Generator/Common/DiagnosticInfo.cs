using System;
using Microsoft.CodeAnalysis;

namespace FlexInference.Generator.Common;

/// <summary>An equatable description of a diagnostic, turned into a Roslyn <see cref="Diagnostic"/> only at report time.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor, location, new EquatableArray<string>(arguments));

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, ToObjects(Arguments));

    private static object[] ToObjects(EquatableArray<string> arguments)
    {
        object[] result = new object[arguments.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = arguments[i];
        }

        return result;
    }

    public bool Equals(DiagnosticInfo? other) =>
        other is not null
        && string.Equals(Descriptor.Id, other.Descriptor.Id, StringComparison.Ordinal)
        && Equals(Location, other.Location)
        && Arguments.Equals(other.Arguments);

    public override int GetHashCode() =>
        HashCombiner.Combine(HashCombiner.Combine(Descriptor.Id.GetHashCode(), Location?.GetHashCode() ?? 0), Arguments.GetHashCode());
}
