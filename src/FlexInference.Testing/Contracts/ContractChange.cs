namespace FlexInference.Testing;

/// <summary>What kind of change a contract check found since the accepted snapshot.</summary>
public enum ContractChangeKind
{
    /// <summary>A type, field, enum value or union member that was not there before (harmless for recorded JSON).</summary>
    Added,

    /// <summary>A field is gone: recorded JSON that has it now lands untyped in <c>AdditionalProperties</c>.</summary>
    Dropped,

    /// <summary>A field's JSON name changed (same C# property, or the only field of the same type that appeared).</summary>
    Renamed,

    /// <summary>A field's C# type changed, or a recorded value no longer fits the field's type.</summary>
    Retyped,

    /// <summary>Another change: a type removed, a field now required, an enum value or union member gone, a fixture added or removed.</summary>
    Changed,

    /// <summary>A recorded fixture can no longer be read into its type at all.</summary>
    Unreadable,
}

/// <summary>One change found by a contract check.</summary>
/// <param name="Kind">What kind of change.</param>
/// <param name="Location">Where: <c>Type.json_name</c> for the surface, <c>fixture.json $.path</c> for a fixture.</param>
/// <param name="Detail">What changed, in words (old and new names or types).</param>
public sealed record ContractChange(ContractChangeKind Kind, string Location, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind.ToString().ToUpperInvariant()} {Location}: {Detail}";
}
