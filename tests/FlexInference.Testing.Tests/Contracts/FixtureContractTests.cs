using FlexInference.Testing.Snapshots;
using FlexInference.Testing.Tests.Contracts.V1;
using FlexInference.Testing.Tests.Contracts.V2;

namespace FlexInference.Testing.Tests.Contracts;

/// <summary>ContractCheck.VerifyFixtures and DescribeFixtures: recorded JSON re-read through the current types.</summary>
public sealed class FixtureContractTests : IDisposable
{
    private const string RecordedOrder = """{"id":"o-1","user":"ann","count":3,"note":"fragile","lines":[{"sku":"A"},{"sku":"B","gift":true}],"coupon":"X1"}""";

    private readonly ContractScratch _scratch = new();
    private readonly IDisposable _notCi = SnapshotEnvironment.OverrideCi(false);

    [Fact]
    public void The_report_says_which_property_reads_each_field_and_which_fields_are_untyped()
    {
        _scratch.Fixture("Order.recorded.json", RecordedOrder);

        string report = ContractCheck.DescribeFixtures(_scratch.Fixtures, V1Context.Default);

        Assert.Equal(
            """
            fixture Order.recorded.json -> Order
              $.id: Order.Id string
              $.user: Order.User string?
              $.count: Order.Count int
              $.note: Order.Note string?
              $.lines: Order.Lines IReadOnlyList<OrderLine>?
              $.lines[*].sku: OrderLine.Sku string
              $.lines[*].gift: untyped (kept in OrderLine.AdditionalProperties)
              $.coupon: untyped (kept in Order.AdditionalProperties)


            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            report);
    }

    [Fact]
    public void A_value_of_the_wrong_kind_is_reported_at_its_path_and_the_fixture_as_unreadable()
    {
        _scratch.Fixture("Order.json", """{"id":"o-1","count":"three","lines":[{"sku":7}]}""");

        string report = ContractCheck.DescribeFixtures(_scratch.Fixtures, V1Context.Default);

        Assert.Contains("  $.count: wrong kind: Order.Count is int; the fixture has a string, not a number\n", report, StringComparison.Ordinal);
        Assert.Contains("  $.lines[*].sku: wrong kind: OrderLine.Sku is string; the fixture has a number, not a string\n", report, StringComparison.Ordinal);
        Assert.Contains("  ! does not read as Order: ", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_and_a_missing_required_field_are_failures_of_the_fixture()
    {
        _scratch.Fixture("Order.broken.json", """{"id": "o-1", """);
        _scratch.Fixture("Order.no-id.json", """{"count": 1}""");

        string report = ContractCheck.DescribeFixtures(_scratch.Fixtures, V1Context.Default);

        Assert.Contains("fixture Order.broken.json -> Order\n  ! invalid JSON: ", report, StringComparison.Ordinal);
        Assert.Contains("fixture Order.no-id.json -> Order\n  $.count: Order.Count int\n  ! does not read as Order: ", report, StringComparison.Ordinal);
    }

    [Fact]
    public void After_regeneration_the_check_reports_renamed_retyped_dropped_and_newly_typed_fields()
    {
        _scratch.Fixture("Order.recorded.json", RecordedOrder.Replace("\"gift\":true", "\"quantity\":2", StringComparison.Ordinal));
        File.WriteAllText(_scratch.Verified("Fixtures"), ContractCheck.DescribeFixtures(_scratch.Fixtures, V1Context.Default));

        var error = Assert.Throws<SnapshotMismatchException>(
            () => ContractCheck.VerifyFixtures(_scratch.Fixtures, V2Context.Default, sourceFile: _scratch.SourceFile, member: "Fixtures"));

        Assert.Equal(
            [
                "RENAMED Order.recorded.json $.user: Order.User now reads 'end_user'; the recorded field lands untyped in Order.AdditionalProperties",
                "RETYPED Order.recorded.json $.count: was Order.Count int, now Order.Count double",
                "DROPPED Order.recorded.json $.note: was Order.Note string?; now untyped (kept in Order.AdditionalProperties)",
                "ADDED Order.recorded.json $.lines[*].quantity: now typed as OrderLine.Quantity int?",
            ],
            error.Changes.Select(c => c.ToString()));
        Assert.Contains("fixture report changed since the accepted snapshot.\n4 changes:\n  RENAMED", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(_scratch.Received("Fixtures")));
    }

    [Fact]
    public void A_fixture_that_stops_reading_is_unreadable_and_a_value_that_stops_fitting_is_retyped()
    {
        _scratch.Fixture("Order.json", """{"id":"o-1","count":2.5}""");
        File.WriteAllText(_scratch.Verified("Fixtures"), ContractCheck.DescribeFixtures(_scratch.Fixtures, V2Context.Default));

        // Back to V1, where count is an int: 2.5 no longer fits, so the fixture no longer reads.
        var error = Assert.Throws<SnapshotMismatchException>(
            () => ContractCheck.VerifyFixtures(_scratch.Fixtures, V1Context.Default, sourceFile: _scratch.SourceFile, member: "Fixtures"));

        Assert.Contains(error.Changes, c => c.Kind == ContractChangeKind.Retyped && c.Location == "Order.json $.count" && c.Detail.Contains("is now int", StringComparison.Ordinal));
        Assert.Contains(error.Changes, c => c.Kind == ContractChangeKind.Unreadable && c.Location == "Order.json");
    }

    [Fact]
    public void An_unchanged_report_passes_and_new_or_removed_fixtures_are_listed()
    {
        _scratch.Fixture("Order.a.json", """{"id":"a"}""");
        ContractCheck.DescribeFixtures(_scratch.Fixtures, V2Context.Default);
        File.WriteAllText(_scratch.Verified("Fixtures"), ContractCheck.DescribeFixtures(_scratch.Fixtures, V2Context.Default));
        ContractCheck.VerifyFixtures(_scratch.Fixtures, V2Context.Default, sourceFile: _scratch.SourceFile, member: "Fixtures");

        File.Delete(Path.Combine(_scratch.Fixtures, "Order.a.json"));
        _scratch.Fixture("Order.b.json", """{"id":"b"}""");
        var error = Assert.Throws<SnapshotMismatchException>(
            () => ContractCheck.VerifyFixtures(_scratch.Fixtures, V2Context.Default, sourceFile: _scratch.SourceFile, member: "Fixtures"));

        Assert.Equal(["CHANGED Order.a.json: the fixture is gone", "ADDED Order.b.json: new fixture, read as Order"], error.Changes.Select(c => c.ToString()));
    }

    [Fact]
    public void A_relative_folder_is_resolved_beside_the_calling_test_and_the_snapshot_is_named_after_class_and_method()
    {
        _scratch.Fixture("Order.json", """{"id":"o-1"}""");

        var error = Assert.Throws<SnapshotMismatchException>(
            () => ContractCheck.VerifyFixtures("Fixtures", V2Context.Default, sourceFile: _scratch.SourceFile, member: "Recorded_bodies"));

        Assert.Equal([Path.Combine(_scratch.Root, "OrderContractTests.Recorded_bodies.received.txt")], error.ReceivedFiles);
        Assert.Contains("fixture Order.json -> Order\n  $.id: Order.Id string\n", File.ReadAllText(error.ReceivedFiles[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_map_types_fixtures_the_convention_cannot_name()
    {
        _scratch.Fixture("captured/first-order.json", """{"id":"o-1"}""");

        string report = ContractCheck.DescribeFixtures(_scratch.Fixtures, V2Context.Default, new Dictionary<string, Type> { ["captured/first-order.json"] = typeof(V2.Order) });

        Assert.StartsWith("fixture captured/first-order.json -> Order\n  $.id: Order.Id string\n", report, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fixture_without_a_type_is_refused_with_the_convention_and_an_example()
    {
        _scratch.Fixture("first-order.json", """{"id":"o-1"}""");

        var error = Assert.Throws<ArgumentException>(() => ContractCheck.DescribeFixtures(_scratch.Fixtures, V2Context.Default));

        Assert.Contains("no type for the fixture 'first-order.json'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Response.flex-race.json for Response", error.Message, StringComparison.Ordinal);
        Assert.Contains("[\"first-order.json\"] = typeof(Response)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_map_entry_for_a_file_that_does_not_exist_is_refused()
    {
        _scratch.Fixture("Order.json", """{"id":"o-1"}""");

        var error = Assert.Throws<ArgumentException>(
            () => ContractCheck.DescribeFixtures(_scratch.Fixtures, V2Context.Default, new Dictionary<string, Type> { ["Order.jsn"] = typeof(V2.Order) }));

        Assert.Contains("names 'Order.jsn', which is not a *.json file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_empty_folder_is_refused()
    {
        Assert.Throws<DirectoryNotFoundException>(() => ContractCheck.DescribeFixtures(Path.Combine(_scratch.Root, "nope"), V2Context.Default));
        var empty = Assert.Throws<ArgumentException>(() => ContractCheck.DescribeFixtures(_scratch.Fixtures, V2Context.Default));
        Assert.Contains("holds no *.json file", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Real_recorded_bodies_read_through_the_sdks_generated_unions_field_by_field()
    {
        string recorded = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ContractFixtures", "responses.response.json"));
        _scratch.Fixture("Response.recorded.json", recorded);

        string report = ContractCheck.DescribeFixtures(_scratch.Fixtures, FlexInference.FlexInferenceJsonContext.Default);

        Assert.Contains("  $.service_tier: Response.ServiceTier ServiceTier?\n", report, StringComparison.Ordinal);
        Assert.Contains("  $.usage.routing.provider: UsageRouting.Provider string?\n", report, StringComparison.Ordinal);
        // output is a list of a union: the walk follows the member the generated reader picks (a message here).
        Assert.Contains("  $.output[*].content: ", report, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong kind", report, StringComparison.Ordinal);
        Assert.DoesNotContain("  ! ", report, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _notCi.Dispose();
        _scratch.Dispose();
    }
}
