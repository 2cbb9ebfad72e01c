using System.Text.Json;
using System.Text.Json.Serialization;

// Two versions of a small "generated" namespace, shaped like the generator's output (JSON names on properties,
// unknown fields kept in AdditionalProperties, a JsonSerializerContext), so the contract checks can be driven through
// every kind of change: V2 renames 'user' to 'end_user' (C# name kept), retypes 'count' from int to double, drops
// 'note', adds 'channel' and OrderLine.quantity, swaps an enum value and drops a record.
namespace FlexInference.Testing.Tests.Contracts.V1
{
    [JsonConverter(typeof(PriorityConverter))]
    public readonly record struct Priority(string Value)
    {
        public static IReadOnlyList<Priority> KnownValues { get; } = [new("low"), new("high")];

        public override string ToString() => Value;
    }

    public sealed class PriorityConverter : JsonConverter<Priority>
    {
        public override Priority Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, Priority value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
    }

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

    public sealed class PriorityConverter : JsonConverter<Priority>
    {
        public override Priority Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, Priority value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
    }

    public sealed record Order
    {
        [JsonPropertyName("id")]
        public required string Id { get; init; }

        [JsonPropertyName("end_user")]
        public string? User { get; init; }

        [JsonPropertyName("count")]
        public double Count { get; init; }

        [JsonPropertyName("channel")]
        public string? Channel { get; init; }

        [JsonPropertyName("lines")]
        public IReadOnlyList<OrderLine>? Lines { get; init; }

        [JsonExtensionData]
        public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
    }

    public sealed record OrderLine
    {
        [JsonPropertyName("sku")]
        public required string Sku { get; init; }

        [JsonPropertyName("quantity")]
        public int? Quantity { get; init; }

        [JsonExtensionData]
        public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
    }

    [JsonSerializable(typeof(Order))]
    public sealed partial class V2Context : JsonSerializerContext;
}
