using System.Text.Json;
using FlexInference.Spec.Tests.Infrastructure;

namespace FlexInference.Spec.Tests;

/// <summary>
/// The same real payloads read through NSwag's DTOs (an independent reading of the spec) and through ours, written
/// back and compared. Where NSwag cannot type a union, NSwagJson's documented rules keep that subtree as the JSON it
/// read (listed with reasons in NSwagReadingReportTests.verified.txt); everything else is typed by both.
/// </summary>
public sealed class DifferentialTests
{
    public static TheoryData<string, string> Payloads()
    {
        var data = new TheoryData<string, string>();
        foreach ((string file, string schema) in Fixtures.All)
        {
            data.Add(file, schema);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void NSwag_and_ours_write_back_equivalent_json(string fixture, string schema)
    {
        string json = Fixtures.Read(fixture);

        (_, string ours) = Fixtures.ThroughOurs(json, schema);
        (_, string nswag) = Fixtures.ThroughNSwag(json, schema);

        using JsonDocument oursDocument = JsonDocument.Parse(ours);
        using JsonDocument nswagDocument = JsonDocument.Parse(nswag);
        List<string> differences = JsonEquivalence.Differences(oursDocument.RootElement, nswagDocument.RootElement);
        Assert.True(differences.Count == 0, $"{fixture} ({schema}), ours vs NSwag:\n{string.Join('\n', differences)}");
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void NSwag_and_ours_agree_on_which_fields_the_spec_describes(string fixture, string schema)
    {
        string json = Fixtures.Read(fixture);
        List<Finding> ours = ModelWalker.WalkOurs(Fixtures.ThroughOurs(json, schema).Value);
        List<Finding> nswag = ModelWalker.WalkNSwag(Fixtures.ThroughNSwag(json, schema).Value);

        // A spec property that landed in our AdditionalProperties would be a generator bug.
        Assert.DoesNotContain(ours, f => f.Kind == FindingKind.NotModelled);

        // Outside the subtrees either side holds as raw JSON, both must put exactly the same fields in their bags.
        var untyped = ours.Concat(nswag).Where(f => f.Kind != FindingKind.Unknown).Select(f => f.Path).ToList();
        List<string> Unknown(List<Finding> findings) => findings
            .Where(f => f.Kind == FindingKind.Unknown && !untyped.Any(root => ModelWalker.IsWithin(f.Path, root)))
            .Select(f => f.Path).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Unknown(nswag), Unknown(ours));
    }
}
