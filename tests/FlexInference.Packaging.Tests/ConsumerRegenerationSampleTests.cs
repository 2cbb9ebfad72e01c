using System.Text.RegularExpressions;
using FlexInference.Packaging.Tests.Infrastructure;

namespace FlexInference.Packaging.Tests;

/// <summary>
/// samples/ConsumerRegeneration, built from the packed nupkgs, walks through its README: unchanged, it calls the router
/// with its own types and its contract is unchanged; after the README's spec edit (openapi/router.edited.json) and a
/// rebuild, the contract check names every change, fails, writes .received.txt files and accepts nothing.
/// </summary>
[Collection(PackedConsumersCollection.Name)]
public sealed partial class ConsumerRegenerationSampleTests(PackedConsumers consumers)
{
    private static readonly string[] Snapshots = ["RouterContract.Surface", "RouterContract.Recorded_bodies"];

    [Fact]
    public async Task Editing_the_samples_spec_and_rebuilding_makes_the_contract_check_report_each_change_without_accepting_it()
    {
        string sample = consumers.SampleDirectory;
        Assert.Equal(Repo.PackagesDirectory.TrimEnd('/'), consumers.RestoredFrom("FlexInference.Testing").TrimEnd('/'));

        // As checked in: its own request and response types through the client, and the accepted contract.
        ProcessResult unchanged = await consumers.RunSampleAsync();

        Assert.True(unchanged.ExitCode == 0, unchanged.ToString());
        Assert.Contains("max_output_tokens 64", unchanged.Output, StringComparison.Ordinal);
        Assert.Contains("served tier (Response.ServiceTier): flex", unchanged.Output, StringComparison.Ordinal);
        Assert.Contains("contract unchanged", unchanged.Output, StringComparison.Ordinal);
        Assert.Empty(ReceivedFiles(sample));

        // Step 1 of the README: the edit. Step 2: build. (Written, not File.Copy'd: a copy keeps the source's older
        // timestamp, and MSBuild would then skip the compile as up to date.)
        string edit = await File.ReadAllTextAsync(Path.Combine(sample, "openapi", "router.edited.json"), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(sample, "openapi", "router.json"), edit, TestContext.Current.CancellationToken);
        ProcessResult rebuild = await consumers.RebuildSampleAsync();
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());

        // Step 3: the check reports the change.
        ProcessResult edited = await consumers.RunSampleAsync();

        Assert.True(edited.ExitCode == 1, edited.ToString());
        Assert.DoesNotContain("contract unchanged", edited.Output, StringComparison.Ordinal);
        // The rename kept the C# name, so the code compiled, but the router still sends service_tier: nothing reads it.
        Assert.Contains("served tier (Response.ServiceTier): (not read)", edited.Output, StringComparison.Ordinal);
        Assert.Equal(
            [
                "ADDED Response.prompt_cache_retention",
                "DROPPED Response.completed_at",
                "DROPPED Response.recorded.json $.completed_at",
                "RENAMED Response.recorded.json $.service_tier",
                "RENAMED Response.service_tier",
                "RETYPED Response.created_at",
                "RETYPED Response.recorded.json $.created_at",
            ],
            ChangeLine().Matches(edited.Output).Select(match => match.Groups["change"].Value).Order(StringComparer.Ordinal));
        Assert.Contains("RENAMED Response.service_tier: now 'served_tier'", edited.Output, StringComparison.Ordinal);
        Assert.Contains("RETYPED Response.created_at: long? -> double?", edited.Output, StringComparison.Ordinal);

        // Written for review, never accepted: the .verified.txt files are still the checked-in ones.
        Assert.Equal(Snapshots.Select(name => name + ".received.txt").Order(StringComparer.Ordinal), ReceivedFiles(sample));
        Assert.Contains("\"served_tier\" -> ServiceTier: ServiceTier?", await File.ReadAllTextAsync(Path.Combine(sample, "RouterContract.Surface.received.txt"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        foreach (string name in Snapshots)
        {
            string verified = name + ".verified.txt";
            Assert.Equal(
                await File.ReadAllTextAsync(Path.Combine(Repo.Root, "samples", PackedConsumers.Sample, verified), TestContext.Current.CancellationToken),
                await File.ReadAllTextAsync(Path.Combine(sample, verified), TestContext.Current.CancellationToken));
        }
    }

    private static string[] ReceivedFiles(string sample) =>
        Directory.GetFiles(sample, "*.received.*").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    /// <summary>One change line of a contract check report: "  RENAMED Response.service_tier: now ...".</summary>
    [GeneratedRegex(@"^  (?<change>(?:ADDED|DROPPED|RENAMED|RETYPED|CHANGED|UNREADABLE) [^:]+): ", RegexOptions.Multiline)]
    private static partial Regex ChangeLine();
}
