using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using NSwagMissingUnion = FlexInference.Spec.Tests.NSwagReference.NSwagMissingUnion;

namespace FlexInference.Spec.Tests.Infrastructure;

/// <summary>
/// System.Text.Json options for NSwag's DTOs: plain reflection-based serialisation of what NSwag generated, plus three
/// documented rules for what NSwag's output cannot read as generated (every subtree rules 1 and 2 leave as raw JSON is
/// reported by <see cref="ModelWalker"/> with its reason):
/// <list type="number">
/// <item>A property NSwag typed with a union it never emitted (a <see cref="NSwagMissingUnion"/> placeholder) reads
/// the member the spec's discriminator selects into NSwag's DTO of that member, when NSwag modelled the member
/// faithfully (its DTO has exactly the member schema's properties); otherwise it keeps the JSON as read.</item>
/// <item>A property whose spec schema is any other union (for example <c>string | InputItem[]</c>) that NSwag
/// collapsed to one member's type (usually <c>string</c>) is taken out of NSwag's contract, so its JSON lands in
/// NSwag's own <c>AdditionalProperties</c> and comes back as read, even where the value happens to be the string
/// NSwag expects (its type cannot hold the other members). Unions of strings only stay typed.</item>
/// <item>NSwag's enums are read and written by their <c>[EnumMember]</c> values, the spec's strings. NSwag's
/// System.Text.Json output puts <c>JsonStringEnumConverter</c> on enum properties, which ignores <c>EnumMember</c>
/// (it writes C# member names such as <c>Tool_use</c> and matches case-insensitively), and nothing on enum items of
/// arrays (read as numbers, so <c>["openai"]</c> fails). The enums stay closed: a value the spec does not list fails.</item>
/// </list>
/// Nothing else is adjusted: number types, nullability and property names are NSwag's own.
/// </summary>
internal static class NSwagJson
{
    public const string Namespace = "FlexInference.Spec.Tests.NSwagReference";

    private static readonly ConcurrentDictionary<string, Type?> FaithfulTypes = new(StringComparer.Ordinal);

    /// <summary>Why a property of an NSwag DTO is read as raw JSON (rule 2), by DTO type and JSON name.</summary>
    public static ConcurrentDictionary<(Type Type, string JsonName), string> RawProperties { get; } = new();

    public static JsonSerializerOptions Options { get; } = new()
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { ApplyRules } },
        Converters = { new EnumMemberConverterFactory() },
    };

    public static object Deserialize(string json, Type type) =>
        JsonSerializer.Deserialize(json, type, Options) ?? throw new InvalidOperationException("The fixture is JSON null.");

    public static string Serialize(object value) => JsonSerializer.Serialize(value, value.GetType(), Options);

    public static Type TypeFor(string schemaName) =>
        typeof(NSwagMissingUnion).Assembly.GetType(Namespace + "." + schemaName, throwOnError: true)!;

    /// <summary>
    /// NSwag's DTO for a schema when it models exactly that schema's properties; null when NSwag emitted no type of
    /// that name or the type it emitted under that name is something else (a union that took the member's name).
    /// </summary>
    public static Type? FaithfulType(string schemaName) => FaithfulTypes.GetOrAdd(schemaName, static name =>
    {
        Type? type = typeof(NSwagMissingUnion).Assembly.GetType(Namespace + "." + name);
        if (type is null || !SpecDocument.HasSchema(name))
        {
            return null;
        }

        var specNames = SpecDocument.PropertiesOf(name).Keys.ToHashSet(StringComparer.Ordinal);
        return specNames.SetEquals(JsonNames(type)) ? type : null;
    });

    /// <summary>The JSON names of a DTO's properties, inherited ones included.</summary>
    public static IEnumerable<string> JsonNames(Type type) =>
        type.GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name)
            .OfType<string>();

    public static bool IsPlaceholder(Type type) => typeof(NSwagMissingUnion).IsAssignableFrom(type);

    private static void ApplyRules(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || info.Type.Namespace != Namespace || IsPlaceholder(info.Type))
        {
            return;
        }

        foreach (JsonPropertyInfo property in info.Properties)
        {
            if (EnumMemberConverterFactory.Handles(property.PropertyType))
            {
                property.CustomConverter = new EnumMemberConverterFactory(); // rule 3, instead of JsonStringEnumConverter
            }
        }

        if (!SpecDocument.HasSchema(info.Type.Name))
        {
            return;
        }

        IReadOnlyDictionary<string, JsonElement> specProperties = SpecDocument.PropertiesOf(info.Type.Name);
        for (int i = info.Properties.Count - 1; i >= 0; i--)
        {
            JsonPropertyInfo property = info.Properties[i];
            if (!specProperties.TryGetValue(property.Name, out JsonElement schema) || SpecDocument.UnionAt(schema) is not { } union)
            {
                continue;
            }

            Type propertyType = property.PropertyType;
            Type? element = propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(List<>) ? propertyType.GetGenericArguments()[0] : null;
            if (IsPlaceholder(propertyType))
            {
                property.CustomConverter = (JsonConverter)Activator.CreateInstance(typeof(UnionConverter<>).MakeGenericType(propertyType), union)!;
            }
            else if (element is not null && IsPlaceholder(element))
            {
                property.CustomConverter = (JsonConverter)Activator.CreateInstance(typeof(UnionListConverter<>).MakeGenericType(element), union)!;
            }
            else if (!(union.AllStrings && propertyType == typeof(string)))
            {
                info.Properties.RemoveAt(i);
                RawProperties[(info.Type, property.Name)] = $"NSwag types the {union.Name} union as {Describe(propertyType)}";
            }
        }
    }

    private static string Describe(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>"
        : type == typeof(string) ? "string" : type.Name;

    /// <summary>Reads a placeholder: into NSwag's DTO of the discriminated member when it has a faithful one, else raw.</summary>
    /// <typeparam name="T">The placeholder type.</typeparam>
    public sealed class UnionConverter<T> : JsonConverter<T>
        where T : NSwagMissingUnion, new()
    {
        private readonly SpecUnion? union;

        /// <summary>Keeps the JSON as read (used where no spec context is known).</summary>
        public UnionConverter()
        {
        }

        public UnionConverter(SpecUnion union) => this.union = union;

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            JsonElement json = JsonElement.ParseValue(ref reader);
            var value = new T { Raw = json, UnionSchema = union?.Name };
            if (union?.Discriminator is { } discriminator && json.ValueKind == JsonValueKind.Object &&
                json.TryGetProperty(discriminator, out JsonElement tag) && tag.ValueKind == JsonValueKind.String &&
                union.Mapping.TryGetValue(tag.GetString()!, out string? member))
            {
                value.MemberSchema = member;
                if (FaithfulType(member) is { } type)
                {
                    value.Member = json.Deserialize(type, options);
                }
            }

            return value;
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            if (value.Member is { } member)
            {
                JsonSerializer.Serialize(writer, member, member.GetType(), options);
            }
            else
            {
                value.Raw.WriteTo(writer);
            }
        }
    }

    /// <summary>A list of placeholders, each read by <see cref="UnionConverter{T}"/>.</summary>
    /// <typeparam name="T">The placeholder type.</typeparam>
    internal sealed class UnionListConverter<T> : JsonConverter<List<T>>
        where T : NSwagMissingUnion, new()
    {
        private readonly UnionConverter<T> item;

        public UnionListConverter(SpecUnion union) => item = new UnionConverter<T>(union);

        public override List<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException($"Expected an array of {typeof(T).Name}, found {reader.TokenType}.");
            }

            var list = new List<T>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                list.Add(item.Read(ref reader, typeof(T), options));
            }

            return list;
        }

        public override void Write(Utf8JsonWriter writer, List<T> value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (T element in value)
            {
                item.Write(writer, element, options);
            }

            writer.WriteEndArray();
        }
    }

    /// <summary>Rule 3: NSwag enums (and nullable ones) by their <c>[EnumMember]</c> values, exact and closed.</summary>
    internal sealed class EnumMemberConverterFactory : JsonConverterFactory
    {
        public static bool Handles(Type type) => (Nullable.GetUnderlyingType(type) ?? type) is { IsEnum: true, Namespace: Namespace };

        public override bool CanConvert(Type typeToConvert) => Handles(typeToConvert);

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            Nullable.GetUnderlyingType(typeToConvert) is { } underlying
                ? (JsonConverter)Activator.CreateInstance(typeof(NullableEnumMemberConverter<>).MakeGenericType(underlying))!
                : (JsonConverter)Activator.CreateInstance(typeof(EnumMemberConverter<>).MakeGenericType(typeToConvert))!;
    }

    internal sealed class EnumMemberConverter<T> : JsonConverter<T>
        where T : struct, Enum
    {
        private static readonly Dictionary<string, T> ByName = Enum.GetValues<T>().ToDictionary(NameOf, StringComparer.Ordinal);

        public static string NameOf(T value) =>
            typeof(T).GetField(value.ToString())!.GetCustomAttribute<System.Runtime.Serialization.EnumMemberAttribute>()?.Value ?? value.ToString();

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && ByName.TryGetValue(reader.GetString()!, out T value)
                ? value
                : throw new JsonException($"{(reader.TokenType == JsonTokenType.String ? $"\"{reader.GetString()}\"" : reader.TokenType.ToString())} is not a value of NSwag's closed enum {typeof(T).Name} ([{string.Join(", ", ByName.Keys)}]).");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(NameOf(value));
    }

    internal sealed class NullableEnumMemberConverter<T> : JsonConverter<T?>
        where T : struct, Enum
    {
        private readonly EnumMemberConverter<T> inner = new();

        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? null : inner.Read(ref reader, typeof(T), options);

        public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options)
        {
            if (value is { } v)
            {
                inner.Write(writer, v, options);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
