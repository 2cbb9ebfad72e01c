using System.Globalization;
using System.Text;
using System.Text.Json;
using FlexInference.Spec.Tests.Infrastructure;
using FlexInference.TestSupport;

namespace FlexInference.Spec.Tests;

/// <summary>
/// Where NSwag's reading of the spec is weaker than ours, fixture by fixture: every subtree NSwag can only hold as raw
/// JSON, with the reason, and how many of each fixture's values each model types. A change in NSwag, the spec, the
/// fixtures or the NSwagJson rules shows up here as a reviewable diff (accept with ./build.sh --target=UpdateSnapshots).
/// </summary>
public sealed class NSwagReadingReportTests
{
    [Fact]
    public async Task Where_NSwag_holds_raw_json()
    {
        var report = new StringBuilder();
        foreach ((string file, string schema) in Fixtures.All)
        {
            string json = Fixtures.Read(file);
            List<Finding> ours = ModelWalker.WalkOurs(Fixtures.ThroughOurs(json, schema).Value);
            List<Finding> nswag = ModelWalker.WalkNSwag(Fixtures.ThroughNSwag(json, schema).Value);

            using JsonDocument document = JsonDocument.Parse(json);
            int total = JsonEquivalence.CountLeaves(document.RootElement, "$", []);
            int oursTyped = JsonEquivalence.CountLeaves(document.RootElement, "$", ours.Select(f => f.Path).ToList());
            int nswagTyped = JsonEquivalence.CountLeaves(document.RootElement, "$", nswag.Select(f => f.Path).ToList());
            int unknown = nswag.Count(f => f.Kind == FindingKind.Unknown);

            report.Append(CultureInfo.InvariantCulture, $"== {file} ({schema})\n");
            report.Append(CultureInfo.InvariantCulture, $"values typed: ours {oursTyped}/{total}, NSwag {nswagTyped}/{total}; fields outside the spec kept by NSwag: {unknown}\n");
            foreach (Finding finding in nswag.Where(f => f.Kind != FindingKind.Unknown))
            {
                report.Append(CultureInfo.InvariantCulture, $"{(finding.Kind == FindingKind.Raw ? "raw" : "not modelled")}  {finding.Path}  {finding.Detail}\n");
            }

            report.Append('\n');
        }

        await Snapshot.VerifyAsync(report.ToString());
    }
}
