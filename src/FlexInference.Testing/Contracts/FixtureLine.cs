using System;

namespace FlexInference.Testing;

/// <summary>How one field of a recorded fixture reads through the current types.</summary>
internal enum FixtureLineKind
{
    /// <summary>Read into a typed property.</summary>
    Typed,

    /// <summary>No property has this JSON name: the value is kept as raw JSON in the record's AdditionalProperties.</summary>
    Untyped,

    /// <summary>The value's JSON kind does not fit the property's type.</summary>
    WrongKind,

    /// <summary>The whole fixture failed (invalid JSON, or the type refused it); the path is empty.</summary>
    Failure,
}

/// <summary>One line of a fixture report.</summary>
/// <param name="Path">The JSON path (<c>$.usage.cost</c>, <c>$.output[*].type</c>); empty for a failure.</param>
/// <param name="Kind">How the field reads.</param>
/// <param name="Target">For a typed field <c>Owner.Property</c>; for an untyped field the owner type's name.</param>
/// <param name="TypeName">The property's C# type (typed and wrong-kind lines).</param>
/// <param name="Detail">For wrong kind and failures: what went wrong.</param>
/// <param name="Owner">The owner's CLR type when read from the current types (null when parsed from a snapshot).</param>
internal sealed record FixtureLine(string Path, FixtureLineKind Kind, string Target, string TypeName, string Detail, Type? Owner = null)
{
    private const string UntypedPrefix = "untyped (kept in ";
    private const string WrongKindPrefix = "wrong kind: ";

    public override string ToString() => Kind switch
    {
        FixtureLineKind.Typed => $"  {Path}: {Target} {TypeName}",
        FixtureLineKind.Untyped => $"  {Path}: {UntypedPrefix}{Target}.AdditionalProperties)",
        FixtureLineKind.WrongKind => $"  {Path}: {WrongKindPrefix}{Target} is {TypeName}; {Detail}",
        _ => $"  ! {Detail}",
    };

    /// <summary>Reads a line written by <see cref="ToString"/>.</summary>
    public static FixtureLine Parse(string line, int number)
    {
        string text = line.TrimStart();
        if (text.StartsWith("! ", StringComparison.Ordinal))
        {
            return new FixtureLine(string.Empty, FixtureLineKind.Failure, string.Empty, string.Empty, text.Substring(2));
        }

        int colon = text.IndexOf(": ", StringComparison.Ordinal);
        if (!text.StartsWith('$') || colon < 0)
        {
            throw new FormatException($"Line {number} of the fixture snapshot should read '$.path: ...': '{line}'.");
        }

        string path = text.Substring(0, colon);
        string rest = text.Substring(colon + 2);
        if (rest.StartsWith(UntypedPrefix, StringComparison.Ordinal))
        {
            string owner = rest.Substring(UntypedPrefix.Length);
            int end = owner.IndexOf(".AdditionalProperties", StringComparison.Ordinal);
            return new FixtureLine(path, FixtureLineKind.Untyped, end < 0 ? owner : owner.Substring(0, end), string.Empty, string.Empty);
        }

        if (rest.StartsWith(WrongKindPrefix, StringComparison.Ordinal))
        {
            string body = rest.Substring(WrongKindPrefix.Length);
            int isAt = body.IndexOf(" is ", StringComparison.Ordinal);
            int comma = isAt < 0 ? -1 : body.IndexOf("; ", isAt, StringComparison.Ordinal);
            return isAt < 0 || comma < 0
                ? new FixtureLine(path, FixtureLineKind.WrongKind, body, string.Empty, string.Empty)
                : new FixtureLine(path, FixtureLineKind.WrongKind, body.Substring(0, isAt), body.Substring(isAt + 4, comma - isAt - 4), body.Substring(comma + 2));
        }

        int space = rest.IndexOf(' ', StringComparison.Ordinal);
        return space < 0
            ? new FixtureLine(path, FixtureLineKind.Typed, rest, string.Empty, string.Empty)
            : new FixtureLine(path, FixtureLineKind.Typed, rest.Substring(0, space), rest.Substring(space + 1), string.Empty);
    }
}
