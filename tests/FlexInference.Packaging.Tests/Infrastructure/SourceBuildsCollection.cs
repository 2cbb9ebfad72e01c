namespace FlexInference.Packaging.Tests.Infrastructure;

/// <summary>Tests that build against the repository's own src/ projects run one after the other: they share those projects' obj/ folders.</summary>
[CollectionDefinition(Name)]
public sealed class SourceBuildsCollection
{
    public const string Name = "Builds against src/";
}
