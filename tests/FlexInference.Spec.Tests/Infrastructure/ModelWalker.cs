using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using NSwagMissingUnion = FlexInference.Spec.Tests.NSwagReference.NSwagMissingUnion;

namespace FlexInference.Spec.Tests.Infrastructure;

internal enum FindingKind
{
    /// <summary>A field the spec does not describe at that place, kept in an AdditionalProperties bag.</summary>
    Unknown,

    /// <summary>A subtree the model holds only as raw JSON because it cannot type it (a union it does not model).</summary>
    Raw,

    /// <summary>A field the spec describes at that place but the model has no property for (it fell into the bag).</summary>
    NotModelled,
}

/// <summary>One place where a model did not read the JSON into a typed property.</summary>
/// <param name="Path">JSON path such as <c>$.output[2].content</c>.</param>
/// <param name="Kind">What happened there.</param>
/// <param name="Detail">Why, in words.</param>
internal sealed record Finding(string Path, FindingKind Kind, string Detail);

/// <summary>Walks a deserialised object graph (NSwag's or ours) and lists where it did not type the JSON.</summary>
internal static class ModelWalker
{
    private const string OurNamespace = "FlexInference";

    public static List<Finding> WalkNSwag(object root)
    {
        var findings = new List<Finding>();
        WalkNSwag(root, "$", findings);
        return findings;
    }

    public static List<Finding> WalkOurs(object root)
    {
        var findings = new List<Finding>();
        WalkOurs(root, "$", findings);
        return findings;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or lies inside it.</summary>
    public static bool IsWithin(string path, string root) =>
        path == root || (path.StartsWith(root, StringComparison.Ordinal) && path[root.Length] is '.' or '[');

    private static void WalkNSwag(object? value, string path, List<Finding> findings)
    {
        switch (value)
        {
            case null or string or JsonElement:
                return;
            case NSwagMissingUnion union:
                if (union.Member is { } member)
                {
                    WalkNSwag(member, path, findings);
                }
                else
                {
                    findings.Add(new Finding(path, FindingKind.Raw, DescribeUnmodelledMember(union)));
                }

                return;
        }

        Type type = value.GetType();
        if (type.IsValueType)
        {
            return;
        }

        if (type.Namespace != NSwagJson.Namespace || value is IEnumerable)
        {
            WalkContainer(value, path, findings, WalkNSwag);
            return;
        }

        IReadOnlyDictionary<string, JsonElement> specProperties = SpecDocument.HasSchema(type.Name)
            ? SpecDocument.PropertiesOf(type.Name)
            : new Dictionary<string, JsonElement>();
        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public))
        {
            if (property.GetCustomAttribute<JsonExtensionDataAttribute>() is not null)
            {
                if (property.GetValue(value) is IDictionary<string, object> extra)
                {
                    foreach (string name in extra.Keys)
                    {
                        string at = path + "." + name;
                        if (NSwagJson.RawProperties.TryGetValue((type, name), out string? reason))
                        {
                            findings.Add(new Finding(at, FindingKind.Raw, $"{type.Name}.{name}: {reason}"));
                        }
                        else if (specProperties.ContainsKey(name))
                        {
                            findings.Add(new Finding(at, FindingKind.NotModelled, $"NSwag's {type.Name} has no property for '{name}'"));
                        }
                        else
                        {
                            findings.Add(new Finding(at, FindingKind.Unknown, $"not in the spec's {type.Name}"));
                        }
                    }
                }
            }
            else if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is { } name)
            {
                WalkNSwag(property.GetValue(value), path + "." + name.Name, findings);
            }
        }
    }

    private static string DescribeUnmodelledMember(NSwagMissingUnion union)
    {
        if (union.UnionSchema is null)
        {
            return $"NSwag placeholder {union.GetType().Name}, read without spec context";
        }

        if (union.MemberSchema is null)
        {
            return $"{union.UnionSchema}: the discriminator selects no member";
        }

        Type? sameName = typeof(NSwagMissingUnion).Assembly.GetType(NSwagJson.Namespace + "." + union.MemberSchema);
        string why = sameName is null
            ? "NSwag emits no type for it"
            : $"NSwag's {union.MemberSchema} is not that schema (properties: [{string.Join(", ", NSwagJson.JsonNames(sameName))}])";
        return $"{union.UnionSchema} member {union.MemberSchema}: {why}";
    }

    private static void WalkOurs(object? value, string path, List<Finding> findings)
    {
        if (value is null or string or JsonElement)
        {
            return;
        }

        Type type = value.GetType();
        if (type.IsValueType)
        {
            return;
        }

        if (type.Namespace != OurNamespace || value is IEnumerable)
        {
            WalkContainer(value, path, findings, WalkOurs);
            return;
        }

        if (type.GetProperty("BoxedValue", BindingFlags.Instance | BindingFlags.NonPublic) is { } boxed)
        {
            // A union: its member sits at the same path; Kind 0 is a value none of its members matched.
            if ((int)type.GetProperty("Kind", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(value)! == 0)
            {
                findings.Add(new Finding(path, FindingKind.Raw, $"our {type.Name} matched no member"));
            }
            else
            {
                WalkOurs(boxed.GetValue(value), path, findings);
            }

            return;
        }

        IReadOnlyDictionary<string, JsonElement> specProperties = SpecDocument.HasSchema(type.Name)
            ? SpecDocument.PropertiesOf(type.Name)
            : new Dictionary<string, JsonElement>();
        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public))
        {
            if (property.GetCustomAttribute<JsonExtensionDataAttribute>() is not null)
            {
                if (property.GetValue(value) is IDictionary<string, JsonElement> extra)
                {
                    foreach (string name in extra.Keys)
                    {
                        findings.Add(specProperties.ContainsKey(name)
                            ? new Finding(path + "." + name, FindingKind.NotModelled, $"our {type.Name} has no property for '{name}'")
                            : new Finding(path + "." + name, FindingKind.Unknown, $"not in the spec's {type.Name}"));
                    }
                }
            }
            else if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is { } name)
            {
                WalkOurs(property.GetValue(value), path + "." + name.Name, findings);
            }
        }
    }

    private static void WalkContainer(object value, string path, List<Finding> findings, Action<object?, string, List<Finding>> walk)
    {
        switch (value)
        {
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    walk(entry.Value, path + "." + entry.Key, findings);
                }

                break;
            case IEnumerable sequence:
                int index = 0;
                foreach (object? item in sequence)
                {
                    walk(item, $"{path}[{index++}]", findings);
                }

                break;
        }
    }
}
