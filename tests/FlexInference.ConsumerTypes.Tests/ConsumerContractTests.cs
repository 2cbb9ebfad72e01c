using FlexInference.Testing;

namespace FlexInference.ConsumerTypes.Tests;

/// <summary>
/// The contract checks as a consumer writes them: the surface of Consumer.Router and the recorded bodies in Fixtures/
/// are snapshotted beside this file (ConsumerContractTests.{Method}.verified.txt). A regeneration that drops, renames or
/// retypes a field fails here with the list of changes.
/// </summary>
public sealed class ConsumerContractTests
{
    [Fact]
    public void Surface() => ContractCheck.VerifySurface(typeof(Consumer.Router.Response).Assembly, "Consumer.Router");

    [Fact]
    public void Recorded_bodies() => ContractCheck.VerifyFixtures("Fixtures", Consumer.Router.FlexInferenceJsonContext.Default);

    [Fact]
    public void Against_the_packages_own_types_the_consumers_edits_show_up_as_renamed_retyped_and_added()
    {
        GeneratedSurface package = GeneratedSurface.Read(typeof(FlexInference.Response).Assembly, "FlexInference");
        GeneratedSurface mine = GeneratedSurface.Read(typeof(Consumer.Router.Response).Assembly, "Consumer.Router");

        var response = mine.CompareTo(package).Where(c => c.Location.StartsWith("Response.", StringComparison.Ordinal)).ToList();

        Assert.Contains(response, c => c.Kind == ContractChangeKind.Renamed && c.Location == "Response.user" && c.Detail.StartsWith("now 'end_user'", StringComparison.Ordinal));
        Assert.Contains(response, c => c.Kind == ContractChangeKind.Retyped && c.Location == "Response.top_logprobs" && c.Detail == "int? -> double?");
        // The consumer added prompt_cache_retention before the package had it; since issue #17 the package's Response has
        // it too, with the same type, so it is no longer a change.
        Assert.DoesNotContain(response, c => c.Location == "Response.prompt_cache_retention");
        // The consumer's spec is a subset: the package's other Response fields are reported as dropped.
        Assert.Contains(response, c => c.Kind == ContractChangeKind.Dropped && c.Location == "Response.reasoning");
    }
}
