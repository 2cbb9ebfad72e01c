using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlexInference.Testing;

/// <summary>
/// The JSON-facing surface of the types generated into one namespace: every record with its fields (JSON name, C#
/// property, C# type, required), every open enum with its known values, every union with its member types. Read it
/// from an assembly, write it as text (the snapshot), parse that text back, and compare two surfaces.
/// </summary>
/// <remarks>
/// A type belongs to the surface when it is public, declared directly in the namespace, and carries a
/// <see cref="JsonConverterAttribute"/> or <see cref="JsonPropertyNameAttribute"/>-named properties (what the
/// FlexInference generator emits for every schema). Exceptions and the <c>JsonSerializerContext</c> are not part of it.
/// </remarks>
public sealed class GeneratedSurface
{
    private const string Required = " (required)";

    private GeneratedSurface(string ns, IReadOnlyList<SurfaceType> types)
    {
        Namespace = ns;
        Types = types;
    }

    /// <summary>The namespace the surface was read from.</summary>
    public string Namespace { get; }

    /// <summary>The generated types, ordered by name.</summary>
    public IReadOnlyList<SurfaceType> Types { get; }

    /// <summary>Reads the surface of the types generated into <paramref name="ns"/> in <paramref name="assembly"/>.</summary>
    /// <param name="assembly">The assembly holding the generated types, e.g. <c>typeof(MyApp.Router.Response).Assembly</c>.</param>
    /// <param name="ns">The namespace given as <c>FlexInferenceNamespace</c>, e.g. <c>"MyApp.Router"</c>.</param>
    /// <exception cref="ArgumentException">The namespace holds no generated type (a typo, or the wrong assembly).</exception>
    public static GeneratedSurface Read(Assembly assembly, string ns)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentException.ThrowIfNullOrWhiteSpace(ns);
        var types = new List<SurfaceType>();
        foreach (Type type in assembly.GetExportedTypes().Where(t => t.Namespace == ns).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            if (Describe(type, ns) is { } described)
            {
                types.Add(described);
            }
        }

        if (types.Count == 0)
        {
            throw new ArgumentException(
                $"FlexInference: the namespace '{ns}' of {assembly.GetName().Name} holds no generated type. Pass the namespace " +
                "your spec file's FlexInferenceNamespace metadata names, and the assembly that compiles it, for example " +
                "GeneratedSurface.Read(typeof(MyApp.Router.Response).Assembly, \"MyApp.Router\").",
                nameof(ns));
        }

        return new GeneratedSurface(ns, types);
    }

    /// <summary>Parses the text written by <see cref="ToString"/> (an accepted snapshot).</summary>
    /// <param name="text">The snapshot text.</param>
    /// <exception cref="FormatException">The text is not a surface snapshot; the message names the line.</exception>
    public static GeneratedSurface Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string ns = string.Empty;
        var types = new List<SurfaceType>();
        string? name = null;
        SurfaceTypeKind kind = SurfaceTypeKind.Record;
        var members = new List<SurfaceMember>();
        var values = new List<string>();
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("namespace ", StringComparison.Ordinal))
            {
                ns = line.Substring("namespace ".Length);
            }
            else if (line.StartsWith("  ", StringComparison.Ordinal) && name is not null && kind == SurfaceTypeKind.Record)
            {
                members.Add(ParseMember(line.Substring(2), i + 1));
            }
            else if (!line.StartsWith(' '))
            {
                Flush();
                (kind, name, values) = ParseTypeLine(line, i + 1);
            }
            else
            {
                throw new FormatException($"Line {i + 1} of the surface snapshot is not understood: '{line}'.");
            }
        }

        Flush();
        return new GeneratedSurface(ns, types);

        void Flush()
        {
            if (name is not null)
            {
                types.Add(new SurfaceType(name, kind, members.ToArray(), values.ToArray()));
            }

            members = [];
        }
    }

    /// <summary>
    /// The changes from <paramref name="before"/> (the accepted surface) to this one: dropped, renamed, retyped and
    /// added fields, removed and added types, enum values and union members.
    /// </summary>
    /// <param name="before">The surface to compare with, e.g. <see cref="Parse"/> of the accepted snapshot.</param>
    public IReadOnlyList<ContractChange> CompareTo(GeneratedSurface before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var changes = new List<ContractChange>();
        Dictionary<string, SurfaceType> now = Types.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (SurfaceType old in before.Types)
        {
            if (!now.TryGetValue(old.Name, out SurfaceType? current))
            {
                changes.Add(new(ContractChangeKind.Changed, old.Name, "the type is no longer generated; code and fixtures that use it break"));
            }
            else if (current.Kind != old.Kind)
            {
                changes.Add(new(ContractChangeKind.Retyped, old.Name, $"was a {Word(old.Kind)}, now a {Word(current.Kind)}"));
            }
            else
            {
                CompareMembers(old, current, changes);
                CompareValues(old, current, changes);
            }
        }

        HashSet<string> existed = before.Types.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (SurfaceType added in Types.Where(t => !existed.Contains(t.Name)))
        {
            changes.Add(new(ContractChangeKind.Added, added.Name, $"new {Word(added.Kind)}"));
        }

        return changes;
    }

    /// <summary>The snapshot text: one line per type, then one indented line per record field.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("namespace ").Append(Namespace).Append('\n');
        foreach (SurfaceType type in Types)
        {
            text.Append('\n').Append(Word(type.Kind)).Append(' ').Append(type.Name);
            if (type.Values.Count > 0)
            {
                text.Append(": ").Append(string.Join(type.Kind == SurfaceTypeKind.Union ? " | " : ", ", type.Values));
            }

            text.Append('\n');
            foreach (SurfaceMember member in type.Members)
            {
                text.Append("  ").Append(JsonSerializer.Serialize(member.JsonName, JsonText.Options)).Append(" -> ").Append(member.PropertyName)
                    .Append(": ").Append(member.TypeName).Append(member.IsRequired ? Required : string.Empty).Append('\n');
            }
        }

        return text.ToString();
    }

    private static void CompareMembers(SurfaceType old, SurfaceType current, List<ContractChange> changes)
    {
        Dictionary<string, SurfaceMember> now = current.Members.ToDictionary(m => m.JsonName, StringComparer.Ordinal);
        HashSet<string> before = old.Members.Select(m => m.JsonName).ToHashSet(StringComparer.Ordinal);
        var dropped = old.Members.Where(m => !now.ContainsKey(m.JsonName)).ToList();
        var added = current.Members.Where(m => !before.Contains(m.JsonName)).ToList();

        // A rename keeps the C# property (x-csharp-name), or is the one field of the same type that replaced another.
        foreach (SurfaceMember gone in dropped.ToList())
        {
            SurfaceMember? renamed = added.FirstOrDefault(m => m.PropertyName == gone.PropertyName);
            if (renamed is null && dropped.Count == 1 && added.Count(m => m.TypeName == gone.TypeName) == 1)
            {
                renamed = added.First(m => m.TypeName == gone.TypeName);
            }

            if (renamed is not null)
            {
                dropped.Remove(gone);
                added.Remove(renamed);
                changes.Add(new(ContractChangeKind.Renamed, $"{old.Name}.{gone.JsonName}",
                    $"now '{renamed.JsonName}' ({Describe(gone)} -> {Describe(renamed)}); recorded JSON with '{gone.JsonName}' now lands untyped"));
            }
        }

        foreach (SurfaceMember gone in dropped)
        {
            changes.Add(new(ContractChangeKind.Dropped, $"{old.Name}.{gone.JsonName}",
                $"{Describe(gone)} is gone; recorded JSON with this field now lands untyped in AdditionalProperties"));
        }

        foreach (SurfaceMember was in old.Members.Where(m => now.ContainsKey(m.JsonName)))
        {
            SurfaceMember member = now[was.JsonName];
            string location = $"{old.Name}.{was.JsonName}";
            if (member.TypeName != was.TypeName)
            {
                changes.Add(new(ContractChangeKind.Retyped, location, $"{was.TypeName} -> {member.TypeName}"));
            }

            if (member.PropertyName != was.PropertyName)
            {
                changes.Add(new(ContractChangeKind.Changed, location, $"C# property {was.PropertyName} -> {member.PropertyName}"));
            }

            if (member.IsRequired != was.IsRequired)
            {
                changes.Add(new(ContractChangeKind.Changed, location, member.IsRequired ? "now required: JSON without it no longer reads" : "no longer required"));
            }
        }

        foreach (SurfaceMember member in added)
        {
            changes.Add(new(ContractChangeKind.Added, $"{old.Name}.{member.JsonName}", Describe(member)));
        }
    }

    private static void CompareValues(SurfaceType old, SurfaceType current, List<ContractChange> changes)
    {
        string what = old.Kind == SurfaceTypeKind.Union ? "member" : "value";
        foreach (string gone in old.Values.Except(current.Values, StringComparer.Ordinal))
        {
            changes.Add(new(ContractChangeKind.Changed, old.Name, $"{what} '{gone}' is gone"));
        }

        foreach (string added in current.Values.Except(old.Values, StringComparer.Ordinal))
        {
            changes.Add(new(ContractChangeKind.Added, old.Name, $"new {what} '{added}'"));
        }
    }

    private static string Describe(SurfaceMember member) => $"{member.PropertyName}: {member.TypeName}{(member.IsRequired ? Required : string.Empty)}";

    private static string Word(SurfaceTypeKind kind) => kind.ToString().ToLowerInvariant();

    private static SurfaceType? Describe(Type type, string ns)
    {
        if (typeof(Exception).IsAssignableFrom(type) || typeof(JsonSerializerContext).IsAssignableFrom(type) || type.IsEnum || type.IsInterface)
        {
            return null;
        }

        PropertyInfo[] properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var named = properties.Where(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null).ToList();
        bool hasConverter = type.GetCustomAttribute<JsonConverterAttribute>() is not null;
        if (!hasConverter && named.Count == 0)
        {
            return null;
        }

        if (type.GetProperty("KnownValues", BindingFlags.Public | BindingFlags.Static) is { } known && known.GetValue(null) is System.Collections.IEnumerable items)
        {
            var values = new List<string>();
            foreach (object? item in items)
            {
                values.Add(item?.ToString() ?? string.Empty);
            }

            return new SurfaceType(type.Name, SurfaceTypeKind.Enum, [], values);
        }

        if (UnionMembers.Of(type) is { } union)
        {
            return new SurfaceType(type.Name, SurfaceTypeKind.Union, [], union.Select(m => ClrTypeNames.Of(m.Accessor.ReturnParameter, ns)).ToArray());
        }

        if (named.Count > 0 || properties.Any(p => p.GetCustomAttribute<JsonExtensionDataAttribute>() is not null))
        {
            SurfaceMember[] members = named
                .Select(p => new SurfaceMember(p.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name, p.Name, ClrTypeNames.Of(p, ns), p.IsDefined(typeof(RequiredMemberAttribute))))
                .OrderBy(m => m.JsonName, StringComparer.Ordinal)
                .ToArray();
            return new SurfaceType(type.Name, SurfaceTypeKind.Record, members, []);
        }

        return new SurfaceType(type.Name, SurfaceTypeKind.Value, [], []);
    }

    private static (SurfaceTypeKind Kind, string Name, List<string> Values) ParseTypeLine(string line, int number)
    {
        int space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !Enum.TryParse(line.Substring(0, space), ignoreCase: true, out SurfaceTypeKind kind))
        {
            throw new FormatException($"Line {number} of the surface snapshot should start with record, enum, union or value: '{line}'.");
        }

        string rest = line.Substring(space + 1);
        int colon = rest.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0)
        {
            return (kind, rest, []);
        }

        string separator = kind == SurfaceTypeKind.Union ? " | " : ", ";
        return (kind, rest.Substring(0, colon), rest.Substring(colon + 2).Split(separator).ToList());
    }

    private static SurfaceMember ParseMember(string line, int number)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(line));
        int arrow = line.IndexOf(" -> ", StringComparison.Ordinal);
        int colon = arrow < 0 ? -1 : line.IndexOf(": ", arrow, StringComparison.Ordinal);
        if (arrow < 0 || colon < 0 || !reader.Read() || reader.TokenType != JsonTokenType.String)
        {
            throw new FormatException($"Line {number} of the surface snapshot should read '\"json_name\" -> Property: Type': '{line}'.");
        }

        string jsonName = reader.GetString()!;
        string property = line.Substring(arrow + 4, colon - arrow - 4);
        string type = line.Substring(colon + 2);
        bool required = type.EndsWith(Required, StringComparison.Ordinal);
        return new SurfaceMember(jsonName, property, required ? type.Substring(0, type.Length - Required.Length) : type, required);
    }

    internal static string Count(int count, string noun) => count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");
}
