using System.Collections.Generic;

namespace FlexInference.Testing;

/// <summary>The JSON-facing kind of a generated type.</summary>
public enum SurfaceTypeKind
{
    /// <summary>An object schema: a record with a property per JSON field.</summary>
    Record,

    /// <summary>A string enum: an open struct with known values.</summary>
    Enum,

    /// <summary>A <c>oneOf</c>/<c>anyOf</c>: a class holding one of its members.</summary>
    Union,

    /// <summary>Another value with its own JSON converter (for example <c>StartWithin</c>, written as a string).</summary>
    Value,
}

/// <summary>One generated type of a <see cref="GeneratedSurface"/>.</summary>
/// <param name="Name">The type's name without its namespace.</param>
/// <param name="Kind">Its JSON-facing kind.</param>
/// <param name="Members">A record's fields, ordered by JSON name; empty for other kinds.</param>
/// <param name="Values">An enum's known values, or a union's member types; empty for other kinds.</param>
public sealed record SurfaceType(string Name, SurfaceTypeKind Kind, IReadOnlyList<SurfaceMember> Members, IReadOnlyList<string> Values);

/// <summary>One field of a generated record.</summary>
/// <param name="JsonName">The name on the wire.</param>
/// <param name="PropertyName">The C# property.</param>
/// <param name="TypeName">The C# type, short (<c>string?</c>, <c>IReadOnlyList&lt;Tool&gt;</c>, <c>long</c>).</param>
/// <param name="IsRequired">Declared <c>required</c>.</param>
public sealed record SurfaceMember(string JsonName, string PropertyName, string TypeName, bool IsRequired);
