using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FlexInference.Spec.Tests.Infrastructure;
using FlexInference.TestSupport;

namespace FlexInference.Spec.Tests;

/// <summary>
/// Beyond the fixtures: for every object schema both generators model, the JSON type each gives every property
/// (string, int32, int64, double, bool, enum, list, map, object, any). Unions are left out (NSwag cannot model them);
/// every other disagreement is listed in the snapshot so it is looked at, not silently accepted.
/// </summary>
public sealed class TypeAgreementTests
{
    [Fact]
    public async Task NSwag_and_ours_give_properties_the_same_json_types()
    {
        var report = new StringBuilder();
        var requiredness = new StringBuilder();
        var skipped = new List<string>();
        int compared = 0;
        foreach (JsonProperty schema in SpecDocument.Schemas.EnumerateObject().OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            Type? nswag = NSwagJson.FaithfulType(schema.Name);
            Type? ours = typeof(FlexInferenceJsonContext).Assembly.GetType("FlexInference." + schema.Name);
            if (nswag is null || ours is null)
            {
                if (schema.Value.TryGetProperty("properties", out _))
                {
                    skipped.Add(schema.Name); // an object schema NSwag does not model faithfully
                }

                continue;
            }

            Dictionary<string, Type> oursByName = Properties(ours);
            foreach ((string name, Type nswagType) in Properties(nswag).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (SpecDocument.UnionAt(SpecDocument.PropertiesOf(schema.Name)[name]) is not null)
                {
                    continue;
                }

                compared++;
                string left = Kind(nswagType);
                string right = oursByName.TryGetValue(name, out Type? ourType) ? Kind(ourType) : "(missing)";
                if (left != right)
                {
                    report.Append($"{schema.Name}.{name}: NSwag {left}, ours {right}\n");
                }

                bool nswagRequired = Required(nswag, name, nswagSide: true);
                bool ourRequired = Required(ours, name, nswagSide: false);
                if (nswagRequired != ourRequired)
                {
                    requiredness.Append($"{schema.Name}.{name}: NSwag {(nswagRequired ? "required" : "optional")}, ours {(ourRequired ? "required" : "optional")}\n");
                }
            }
        }

        report.Insert(0, $"{compared} properties compared; type disagreements:\n");
        report.Append("required-ness disagreements:\n").Append(requiredness);
        report.Append($"object schemas NSwag does not model (its type of that name is a union's empty class, or missing):\n{string.Join('\n', skipped)}\n");
        await Snapshot.VerifyAsync(report.ToString());
    }

    /// <summary>
    /// NSwag's namespace sits under FlexInference, so a type name NSwag references but never emits would silently bind
    /// to one of OUR types of that name instead of failing to compile. Guard against it.
    /// </summary>
    [Fact]
    public void NSwag_DTOs_use_no_type_of_ours()
    {
        var ours = typeof(FlexInferenceJsonContext).Assembly;
        var offenders = typeof(TypeAgreementTests).Assembly.GetTypes()
            .Where(t => t.Namespace == NSwagJson.Namespace)
            .SelectMany(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly).Select(p => (t, p)))
            .Where(x => Flatten(x.p.PropertyType).Any(type => type.Assembly == ours))
            .Select(x => $"{x.t.Name}.{x.p.Name}: {x.p.PropertyType}")
            .ToList();
        Assert.Empty(offenders);
        Assert.True(typeof(TypeAgreementTests).Assembly.GetTypes().Count(t => t.Namespace == NSwagJson.Namespace) > 250);

        static IEnumerable<Type> Flatten(Type type) => type.IsGenericType ? [type, .. type.GetGenericArguments().SelectMany(Flatten)] : [type];
    }

    private static Dictionary<string, Type> Properties(Type type) => type
        .GetProperties(BindingFlags.Instance | BindingFlags.Public)
        .Where(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null)
        .ToDictionary(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name, p => p.PropertyType, StringComparer.Ordinal);

    private static readonly NullabilityInfoContext Nullability = new();

    private static bool Required(Type type, string jsonName, bool nswagSide)
    {
        PropertyInfo property = type.GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Single(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name == jsonName);
        return nswagSide
            ? Nullability.Create(property).ReadState == NullabilityState.NotNull // NSwag: required <=> not nullable
            : property.GetCustomAttribute<System.Runtime.CompilerServices.RequiredMemberAttribute>() is not null;
    }

    private static string Kind(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "string";
        if (type == typeof(int)) return "int32";
        if (type == typeof(long)) return "int64";
        if (type == typeof(double)) return "double";
        if (type == typeof(float)) return "float";
        if (type == typeof(decimal)) return "decimal";
        if (type == typeof(bool)) return "bool";
        if (type == typeof(object) || type == typeof(JsonElement)) return "any";
        if (type.IsEnum)
        {
            return $"enum[{string.Join("|", type.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.GetCustomAttribute<System.Runtime.Serialization.EnumMemberAttribute>()?.Value ?? f.Name).Order(StringComparer.Ordinal))}]";
        }

        if (type.GetProperty("KnownValues", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is IEnumerable known)
        {
            return $"enum[{string.Join("|", known.Cast<object>().Select(v => v.ToString()).Order(StringComparer.Ordinal))}]";
        }


        if (type.GetInterfaces().Concat([type]).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)) is { } map)
        {
            return $"map<{Kind(map.GetGenericArguments()[1])}>";
        }

        if (type != typeof(string) && type.GetInterfaces().Concat([type]).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)) is { } list)
        {
            return $"list<{Kind(list.GetGenericArguments()[0])}>";
        }

        // A schema of type object with no properties is free-form: ours reads it as a JsonElement, NSwag as an empty
        // class with an AdditionalProperties bag. Both keep every field, so both count as "any".
        if (type.Namespace == NSwagJson.Namespace && type.IsClass && !NSwagJson.JsonNames(type).Any())
        {
            return "any";
        }

        return type.IsValueType ? type.Name : $"object {type.Name}";
    }
}
