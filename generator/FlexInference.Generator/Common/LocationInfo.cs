using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FlexInference.Generator.Common;

/// <summary>
/// A position inside the spec file as plain values, so a model holding it stays equatable
/// (a Roslyn <see cref="Location"/> does not compare by value).
/// </summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    // AdditionalFiles are outside the compilation: build an external location, never a SourceTree one.
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}
