using FlexInference.Generator.Common;

namespace FlexInference.Generator.Model;

/// <summary>
/// One unit of generated output (usually one C# type and its converter). Every subclass is a record of plain values
/// and <see cref="EquatableArray{T}"/>s, so the incremental pipeline can tell an unchanged schema from a changed one.
/// </summary>
internal abstract record TypeModel(string Namespace, string Name, string? Description)
{
    /// <summary>The file name of the generated source; unique within one spec.</summary>
    public virtual string HintName => Identifier.Unescape(Name) + ".g.cs";
}

/// <summary>An object schema: a sealed partial record with a property per JSON property plus an extension-data bag.</summary>
internal sealed record RecordModel(
    string Namespace,
    string Name,
    string? Description,
    EquatableArray<PropertyModel> Properties)
    : TypeModel(Namespace, Name, Description);

/// <summary>A property of a <see cref="RecordModel"/>.</summary>
/// <param name="JsonName">The name on the wire.</param>
/// <param name="Name">The C# property name.</param>
/// <param name="Type">What the value holds.</param>
/// <param name="IsRequired">Listed in the schema's <c>required</c>: emitted with the C# <c>required</c> modifier.</param>
/// <param name="IsNullable">The C# type is nullable (optional, or the schema allows null).</param>
/// <param name="ConstValue">A fixed value (<c>const</c> or a one-value <c>enum</c>) the property is pre-set to.</param>
/// <param name="Description">The schema's description, for the XML doc comment.</param>
internal sealed record PropertyModel(
    string JsonName,
    string Name,
    TypeRef Type,
    bool IsRequired,
    bool IsNullable,
    string? ConstValue,
    string? Description);

/// <summary>A string enum: an open <c>readonly struct</c> with a static property per known value.</summary>
internal sealed record EnumModel(
    string Namespace,
    string Name,
    string? Description,
    EquatableArray<EnumMemberModel> Members)
    : TypeModel(Namespace, Name, Description);

internal sealed record EnumMemberModel(string Value, string Name);

/// <summary>How a union member shows up in JSON; members are told apart by this first.</summary>
internal enum JsonValueKind
{
    String,
    Number,
    Boolean,
    Array,
    Object,
}

/// <summary>A <c>oneOf</c>/<c>anyOf</c>: a class that holds exactly one member, or the raw JSON of an unknown one.</summary>
internal sealed record UnionModel(
    string Namespace,
    string Name,
    string? Description,
    EquatableArray<UnionVariantModel> Variants,
    string? DiscriminatorJsonName,
    string? DiscriminatorName)
    : TypeModel(Namespace, Name, Description);

/// <param name="Name">The accessor name: <c>Is{Name}</c>, <c>TryGet{Name}</c>, <c>From{Name}</c>.</param>
/// <param name="Type">The member's type.</param>
/// <param name="Kind">The JSON kind it is written as.</param>
/// <param name="DiscriminatorValues">Values of the discriminator property that select this member.</param>
/// <param name="RequiredProperties">JSON names that must be present for an object to match (used without a discriminator).</param>
internal sealed record UnionVariantModel(
    string Name,
    TypeRef Type,
    JsonValueKind Kind,
    EquatableArray<string> DiscriminatorValues,
    EquatableArray<string> RequiredProperties);

/// <summary>The <c>start_within</c> value type and its validation attribute.</summary>
internal sealed record StartWithinModel(
    string Namespace,
    string Name,
    string? Description,
    EquatableArray<string> Words,
    string Pattern,
    int MinimumSeconds,
    int MaximumSeconds,
    EquatableArray<RetiredValueModel> Retired,
    string Example)
    : TypeModel(Namespace, Name, Description);

internal sealed record RetiredValueModel(string Value, string Replacement);

/// <summary>The error classes and codes of the catalogue: exception types, code constants and the lookup table.</summary>
internal sealed record ErrorCatalogModel(
    string Namespace,
    EquatableArray<ErrorClassModel> Classes,
    EquatableArray<ErrorCodeModel> Codes,
    EquatableArray<StatusClassModel> StatusClasses,
    EquatableArray<StatusExceptionModel> StatusExceptions)
    : TypeModel(Namespace, "FlexInferenceErrors", "The error catalogue.");

/// <summary>An error class of the catalogue and its exception.</summary>
/// <param name="Class">The class name used by the router (<c>billing</c>).</param>
/// <param name="ExceptionName">The exception type emitted for it.</param>
/// <param name="Extends">Another class whose exception this one derives from (capability from validation, say).</param>
/// <param name="Description">The XML doc of the exception.</param>
internal sealed record ErrorClassModel(string Class, string ExceptionName, string? Extends, string? Description);

/// <summary>An exception for one HTTP status (404, 413), derived from the exception of that status's class.</summary>
internal sealed record StatusExceptionModel(int Status, string ExceptionName, string? Description);

internal sealed record ErrorCodeModel(
    string Code,
    string ConstantName,
    int Status,
    string Class,
    string? Type,
    string? Param,
    string When,
    string Fix,
    EquatableArray<string> Aliases,
    string? ExceptionName,
    bool? Retryable = null);

/// <summary>Which error class an HTTP status maps to when a body names no known code (<c>"4xx"</c>-style keys allowed).</summary>
internal sealed record StatusClassModel(string Status, string Class);

/// <summary>The JsonSerializerContext that serves every generated type to System.Text.Json without reflection.</summary>
internal sealed record JsonContextModel(
    string Namespace,
    string Name,
    EquatableArray<string> TypeNames)
    : TypeModel(Namespace, Name, "Serialisation metadata for every generated type.");

/// <summary>Shared helpers used by the generated converters; one per spec.</summary>
internal sealed record SupportModel(string Namespace)
    : TypeModel(Namespace, "FlexInferenceJsonSupport", null);
