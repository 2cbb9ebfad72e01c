namespace FlexInference.Packaging.Tests.Infrastructure;

/// <summary>The test classes that share one <see cref="PackedConsumers"/> (one restore and build for all of them).</summary>
[CollectionDefinition(Name)]
public sealed class PackedConsumersCollection : ICollectionFixture<PackedConsumers>
{
    public const string Name = "Packed consumers";
}
