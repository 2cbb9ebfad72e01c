namespace FlexInference.Generator.Model;

/// <summary>What a property, list item or union member holds on the wire, and so in C#.</summary>
internal enum TypeKind
{
    String,
    Int32,
    Int64,
    Double,
    Boolean,

    /// <summary>Any JSON value, kept as a <c>JsonElement</c> (free-form objects, JSON Schema blobs).</summary>
    Any,
    Record,
    Enum,
    Union,
    StartWithin,
    List,
    Map,
}

/// <summary>
/// A reference to a C# type by kind and simple name. Holding names (not models) keeps a change to one schema from
/// rippling into the models of every schema that mentions it.
/// </summary>
internal sealed record TypeRef(TypeKind Kind, string? Name = null, TypeRef? Element = null)
{
    public static readonly TypeRef String = new(TypeKind.String);
    public static readonly TypeRef Int32 = new(TypeKind.Int32);
    public static readonly TypeRef Int64 = new(TypeKind.Int64);
    public static readonly TypeRef Double = new(TypeKind.Double);
    public static readonly TypeRef Boolean = new(TypeKind.Boolean);
    public static readonly TypeRef Any = new(TypeKind.Any);

    public bool IsValueType => Kind is TypeKind.Int32 or TypeKind.Int64 or TypeKind.Double or TypeKind.Boolean
        or TypeKind.Any or TypeKind.Enum or TypeKind.StartWithin;

    public static TypeRef ListOf(TypeRef element) => new(TypeKind.List, null, element);

    public static TypeRef MapOf(TypeRef element) => new(TypeKind.Map, null, element);

    public static TypeRef Named(TypeKind kind, string name) => new(kind, name);
}
