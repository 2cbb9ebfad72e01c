using System.Text.Json;
using System.Text.Json.Serialization;

// Two versions of a small "generated" namespace, shaped like the generator's output (JSON names on properties,
// unknown fields kept in AdditionalProperties, open enums with KnownValues, a JsonSerializerContext), so the contract
// checks can be driven through every kind of change: V2 renames 'user' to 'end_user' (C# name kept), retypes 'count'
// from int to double, drops 'note', adds 'channel' and OrderLine.quantity, swaps an enum value and drops a record.
namespace FlexInference.Testing.Tests.Contracts
{
    /// <summary>Reads and writes an open enum as its string.</summary>
    public abstract class StringValueConverter<T>(Func<string, T> create, Func<T, string> value) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => create(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, T value1, JsonSerializerOptions options) => writer.WriteStringValue(value(value1));
    }
}

namespace FlexInference.Testing.Tests.Contracts.V1
{
    [JsonConverter(typeof(PriorityConverter))]
    public readonly record struct Priority(string Value)
    {
        public static IReadOnlyList<Priority> KnownValues { get; } = [new("low"), new("high")];

        public override string ToString() => Value;
    }

    public sealed class PriorityConverter() : StringValueConverter<Priority>(v => new(v), p => p.Value);

    public sealed record Order
    {
        [JsonPropertyName("id")]
        public required string Id { get; init; }

        [JsonPropertyName("user")]
        public string? User { get; init; }

        [JsonPropertyName("count")]
        public int Count { get; init; }

        [JsonPropertyName("note")]
        public string? Note { get; init; }

        [JsonPropertyName("lines")]
        public IReadOnlyList<OrderLine>? Lines { get; init; }

        [JsonExtensionData]
        public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
    }

    public sealed record OrderLine
    {
        [JsonPropertyName("sku")]
        public required string Sku { get; init; }

        [JsonExtensionData]
        public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
    }

    public sealed record Legacy
    {
        [JsonPropertyName("old")]
        public string? Old { get; init; }
    }

    [JsonSerializable(typeof(Order))]
    [JsonSerializable(typeof(Legacy))]
    public sealed partial class V1Context : JsonSerializerContext;
}

namespace FlexInference.Testing.Tests.Contracts.V2
{
    [JsonConverter(typeof(PriorityConverter))]
    public readonly record struct Priority(string Value)
    {
        public static IReadOnlyList<Priority> KnownValues { get; } = [new("low"), new("urgent")];

        public override string ToString() => Value;
    }

    public sealed class PriorityConverter() : StringValueConverter<Priority>(v => new(v), p => p.Value);

    public sealed record Order
    {
        [JsonExtensionData]
        public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }

        [JsonPropertyName("channel")]
        public string? Channel { get; init; }

        [JsonPropertyName("count")]
        public double Count { get; init; }

        [JsonPropertyName("end_user")]
        public string? User { get; init; }

        [JsonPropertyName("id")]
        public required string Id { get; init; }

        [JsonPropertyName("lines")]
        public IReadOnlyList<OrderLine>? Lines { get; init; }
    }

    public sealed record OrderLine
    {
        [JsonPropertyName("quantity")]
        public int? Quantity { get; init; }

        [JsonExtensionData]
        public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }

        [JsonPropertyName("sku")]
        public required string Sku { get; init; }
    }

    [JsonSerializable(typeof(Order))]
    public sealed partial class V2Context : JsonSerializerContext;
}
