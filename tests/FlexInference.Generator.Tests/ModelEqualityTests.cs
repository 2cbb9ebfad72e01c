using FlexInference.Generator.Common;
using FlexInference.Generator.Model;
using FlexInference.Generator.Spec;
using FlexInference.Generator.Tests.Infrastructure;

namespace FlexInference.Generator.Tests;

/// <summary>Caching relies on value equality of every model; these tests pin it down.</summary>
public sealed class ModelEqualityTests
{
    [Fact]
    public void Equatable_arrays_compare_by_content()
    {
        var left = new EquatableArray<string>(["a", "b"]);
        var right = new EquatableArray<string>(new List<string> { "a", "b" });

        Assert.Equal(left, right);
        Assert.True(left == right);
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
        Assert.NotEqual(left, new EquatableArray<string>(["b", "a"]));
        Assert.Equal(EquatableArray<string>.Empty, default);
    }

    [Fact]
    public void Reading_the_same_spec_twice_gives_equal_models()
    {
        string spec = File.ReadAllText(RepoPaths.Spec);

        SpecResult first = SpecReader.Read(new SpecFile("/a.json", "FlexInference", spec));
        SpecResult second = SpecReader.Read(new SpecFile("/a.json", "FlexInference", new string(spec.AsSpan())));

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.All(first.Types.Zip(second.Types), pair => Assert.Equal(pair.First, pair.Second));
    }

    [Fact]
    public void A_changed_property_makes_a_record_model_unequal()
    {
        var property = new PropertyModel("a", "A", TypeRef.String, IsRequired: false, IsNullable: true, ConstValue: null, Description: null);
        var record = new RecordModel("N", "R", null, new EquatableArray<PropertyModel>([property]));

        Assert.Equal(record, new RecordModel("N", "R", null, new EquatableArray<PropertyModel>([property with { }])));
        Assert.NotEqual(record, new RecordModel("N", "R", null, new EquatableArray<PropertyModel>([property with { Type = TypeRef.Int32 }])));
        Assert.NotEqual(record, new RecordModel("N", "R", "described", record.Properties));
        Assert.Equal(TypeRef.ListOf(TypeRef.Named(TypeKind.Record, "X")), TypeRef.ListOf(TypeRef.Named(TypeKind.Record, "X")));
    }
}
