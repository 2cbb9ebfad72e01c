using FlexInference.Testing.Snapshots;

namespace FlexInference.Testing.Tests.Contracts;

/// <summary>ContractCheck.VerifySurface and GeneratedSurface: the snapshot of a generated namespace and its changes.</summary>
public sealed class SurfaceContractTests : IDisposable
{
    private const string V1 = "FlexInference.Testing.Tests.Contracts.V1";
    private const string V2 = "FlexInference.Testing.Tests.Contracts.V2";
    private static readonly System.Reflection.Assembly Here = typeof(SurfaceContractTests).Assembly;

    private readonly ContractScratch _scratch = new();
    private readonly IDisposable _notCi = SnapshotEnvironment.OverrideCi(false);

    [Fact]
    public void The_surface_lists_types_json_names_csharp_names_types_and_required()
    {
        string text = GeneratedSurface.Read(Here, V1).ToString();

        Assert.Equal(
            $"""
            namespace {V1}

            record Legacy
              "old" -> Old: string?

            record Order
              "count" -> Count: int
              "id" -> Id: string (required)
              "lines" -> Lines: IReadOnlyList<OrderLine>?
              "note" -> Note: string?
              "user" -> User: string?

            record OrderLine
              "sku" -> Sku: string (required)

            enum Priority: low, high

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            text);
    }

    [Fact]
    public void A_snapshot_parses_back_to_the_same_surface()
    {
        GeneratedSurface surface = GeneratedSurface.Read(Here, V2);

        GeneratedSurface parsed = GeneratedSurface.Parse(surface.ToString());

        Assert.Equal(surface.ToString(), parsed.ToString());
        Assert.Empty(surface.CompareTo(parsed));
    }

    [Fact]
    public void Compare_reports_dropped_renamed_retyped_added_and_removed()
    {
        IReadOnlyList<ContractChange> changes = GeneratedSurface.Read(Here, V2).CompareTo(GeneratedSurface.Read(Here, V1));

        Assert.Equal(
            [
                "CHANGED Legacy: the type is no longer generated; code and fixtures that use it break",
                "RENAMED Order.user: now 'end_user' (User: string? -> User: string?); recorded JSON with 'user' now lands untyped",
                "DROPPED Order.note: Note: string? is gone; recorded JSON with this field now lands untyped in AdditionalProperties",
                "RETYPED Order.count: int -> double",
                "ADDED Order.channel: Channel: string?",
                "ADDED OrderLine.quantity: Quantity: int?",
                "CHANGED Priority: value 'high' is gone",
                "ADDED Priority: new value 'urgent'",
            ],
            changes.Select(c => c.ToString()));
    }

    [Fact]
    public void A_rename_without_a_kept_csharp_name_is_paired_by_type_when_it_is_the_only_candidate()
    {
        GeneratedSurface before = GeneratedSurface.Parse("namespace N\n\nrecord A\n  \"user\" -> User: string?\n  \"id\" -> Id: string (required)\n");
        GeneratedSurface after = GeneratedSurface.Parse("namespace N\n\nrecord A\n  \"end_user\" -> EndUser: string?\n  \"id\" -> Id: string (required)\n");

        ContractChange change = Assert.Single(after.CompareTo(before));

        Assert.Equal(ContractChangeKind.Renamed, change.Kind);
        Assert.Equal("A.user", change.Location);
    }

    [Fact]
    public void Without_an_accepted_snapshot_the_check_fails_writes_received_and_never_a_baseline()
    {
        var error = Assert.Throws<SnapshotMismatchException>(() => ContractCheck.VerifySurface(Here, V2, _scratch.SourceFile, "Surface"));

        Assert.Contains("has no accepted snapshot yet", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_scratch.Verified("Surface")));
        Assert.Equal(GeneratedSurface.Read(Here, V2).ToString(), File.ReadAllText(_scratch.Received("Surface")));
        Assert.Equal([_scratch.Received("Surface")], error.ReceivedFiles);
        Assert.Empty(error.Changes);
    }

    [Fact]
    public void A_changed_surface_fails_with_the_changes_the_diff_and_how_to_accept()
    {
        string accepted = GeneratedSurface.Read(Here, V1).ToString().Replace(V1, V2, StringComparison.Ordinal);
        File.WriteAllText(_scratch.Verified("Surface"), accepted);

        var error = Assert.Throws<SnapshotMismatchException>(() => ContractCheck.VerifySurface(Here, V2, _scratch.SourceFile, "Surface"));

        Assert.Contains(error.Changes, c => c.Kind == ContractChangeKind.Renamed && c.Location == "Order.user");
        Assert.Contains(error.Changes, c => c.Kind == ContractChangeKind.Retyped && c.Detail == "int -> double");
        Assert.Contains(error.Changes, c => c.Kind == ContractChangeKind.Dropped && c.Location == "Order.note");
        Assert.Contains(error.Changes, c => c.Kind == ContractChangeKind.Added && c.Location == "Order.channel");
        Assert.Contains("changed since the accepted snapshot", error.Message, StringComparison.Ordinal);
        Assert.Contains("8 changes:\n  CHANGED Legacy", error.Message, StringComparison.Ordinal);
        Assert.Contains("-  \"note\" -> Note: string?", error.Message, StringComparison.Ordinal);
        Assert.Contains($"accept it with: mv \"{_scratch.Received("Surface")}\" \"{_scratch.Verified("Surface")}\"", error.Message, StringComparison.Ordinal);
        Assert.Equal(accepted, File.ReadAllText(_scratch.Verified("Surface"))); // never accepted by the check
    }

    [Fact]
    public void A_matching_surface_passes_and_removes_a_leftover_received_file()
    {
        File.WriteAllText(_scratch.Verified("Surface"), GeneratedSurface.Read(Here, V2).ToString());
        File.WriteAllText(_scratch.Received("Surface"), "left over from an earlier failure");

        ContractCheck.VerifySurface(Here, V2, _scratch.SourceFile, "Surface");

        Assert.False(File.Exists(_scratch.Received("Surface")));
    }

    [Fact]
    public void On_CI_the_message_refuses_to_accept_and_the_baseline_stays()
    {
        File.WriteAllText(_scratch.Verified("Surface"), "namespace Old\n");
        using IDisposable ci = SnapshotEnvironment.OverrideCi(true);

        var error = Assert.Throws<SnapshotMismatchException>(() => ContractCheck.VerifySurface(Here, V2, _scratch.SourceFile, "Surface"));

        Assert.Contains("Running on CI (CI=true): snapshots cannot be accepted here", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("If the received output is right", error.Message, StringComparison.Ordinal);
        Assert.Equal("namespace Old\n", File.ReadAllText(_scratch.Verified("Surface")));
        Assert.True(File.Exists(_scratch.Received("Surface")));
    }

    [Fact]
    public void An_unreadable_accepted_snapshot_still_fails_with_the_diff()
    {
        File.WriteAllText(_scratch.Verified("Surface"), "namespace X\n\nthis is not a surface line\n");

        var error = Assert.Throws<SnapshotMismatchException>(() => ContractCheck.VerifySurface(Here, V2, _scratch.SourceFile, "Surface"));

        Assert.Contains("could not be compared field by field (Line 3 of the surface snapshot should start with record, enum, union or value", error.Message, StringComparison.Ordinal);
        Assert.Empty(error.Changes);
    }

    [Fact]
    public void A_namespace_without_generated_types_is_refused_with_an_example()
    {
        var error = Assert.Throws<ArgumentException>(() => GeneratedSurface.Read(Here, "No.Such.Namespace"));

        Assert.Equal("ns", error.ParamName);
        Assert.Contains("holds no generated type", error.Message, StringComparison.Ordinal);
        Assert.Contains("GeneratedSurface.Read(typeof(MyApp.Router.Response).Assembly, \"MyApp.Router\")", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sdks_own_generated_namespace_reads_with_records_enums_and_unions()
    {
        GeneratedSurface surface = GeneratedSurface.Read(typeof(FlexInference.Response).Assembly, "FlexInference");

        SurfaceType response = Assert.Single(surface.Types, t => t.Name == "Response");
        Assert.Contains(response.Members, m => m is { JsonName: "service_tier", PropertyName: "ServiceTier", TypeName: "ServiceTier?" });
        Assert.Contains(response.Members, m => m is { JsonName: "id", TypeName: "string", IsRequired: true });
        Assert.Contains("flex", Assert.Single(surface.Types, t => t.Name == "ServiceTier" && t.Kind == SurfaceTypeKind.Enum).Values);
        Assert.Equal(SurfaceTypeKind.Union, Assert.Single(surface.Types, t => t.Name == "ResponseStreamEvent").Kind);
        Assert.Equal(SurfaceTypeKind.Value, Assert.Single(surface.Types, t => t.Name == "StartWithin").Kind);
        Assert.DoesNotContain(surface.Types, t => t.Name is "FlexInferenceJsonContext" or "RateLimitException");
    }

    public void Dispose()
    {
        _notCi.Dispose();
        _scratch.Dispose();
    }
}
