using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FlexInference.Generator.Tests.Infrastructure;

/// <summary>An AdditionalFile held in memory, as MSBuild would pass the spec to the compiler.</summary>
internal sealed class InMemoryAdditionalText(string path, string content) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(content);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
