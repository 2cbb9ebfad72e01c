using System.Text.Json;
using System.Text.Json.Serialization;
using FlexInference.Spec.Tests.Infrastructure;

namespace FlexInference.Spec.Tests.NSwagReference;

// NSwag 14.7 (NJsonSchema 11.6) mis-models every oneOf + discriminator union of the spec: it emits the union as an
// empty class under the name of the union's FIRST member (dropping that member's own properties) and types the
// properties that use the union with a name derived from the property (Output, Tools, Content2, ...) that it never
// emits. The generated file does not compile without these placeholders. Each holds the JSON as read; where the spec's
// discriminator selects a member that NSwag did model faithfully, NSwagJson reads the value into that NSwag DTO instead
// (see NSwagJson.UnionConverter). If a new NSwag or spec version emits one of these names the build fails with CS0101
// here; if it references a new missing name it fails with CS0246 in NSwagReference.g.cs: add that name below.

/// <summary>Base of the placeholders for the union types NSwag references but never emits.</summary>
public abstract class NSwagMissingUnion
{
    /// <summary>The value read into NSwag's DTO of the member the discriminator selected, when NSwag modelled it.</summary>
    public object? Member { get; set; }

    /// <summary>The spec union the property holds (null when read without spec context).</summary>
    public string? UnionSchema { get; set; }

    /// <summary>The spec schema the discriminator selected (null when it selected none).</summary>
    public string? MemberSchema { get; set; }

    /// <summary>The JSON as read.</summary>
    public JsonElement Raw { get; set; }
}

[JsonConverter(typeof(NSwagJson.UnionConverter<Output>))]
public sealed class Output : NSwagMissingUnion;

[JsonConverter(typeof(NSwagJson.UnionConverter<Tools>))]
public sealed class Tools : NSwagMissingUnion;

[JsonConverter(typeof(NSwagJson.UnionConverter<Tools2>))]
public sealed class Tools2 : NSwagMissingUnion;

[JsonConverter(typeof(NSwagJson.UnionConverter<Tools3>))]
public sealed class Tools3 : NSwagMissingUnion;

[JsonConverter(typeof(NSwagJson.UnionConverter<Tool_calls>))]
public sealed class Tool_calls : NSwagMissingUnion;

[JsonConverter(typeof(NSwagJson.UnionConverter<Part>))]
public sealed class Part : NSwagMissingUnion;

[JsonConverter(typeof(NSwagJson.UnionConverter<Content2>))]
public sealed class Content2 : NSwagMissingUnion;

[JsonConverter(typeof(NSwagJson.UnionConverter<Content3>))]
public sealed class Content3 : NSwagMissingUnion;

[JsonConverter(typeof(NSwagJson.UnionConverter<Content_block>))]
public sealed class Content_block : NSwagMissingUnion;

[JsonConverter(typeof(NSwagJson.UnionConverter<Steps>))]
public sealed class Steps : NSwagMissingUnion;

[JsonConverter(typeof(NSwagJson.UnionConverter<Response_format>))]
public sealed class Response_format : NSwagMissingUnion;

[JsonConverter(typeof(NSwagJson.UnionConverter<Messages>))]
public sealed class Messages : NSwagMissingUnion;

[JsonConverter(typeof(NSwagJson.UnionConverter<Format>))]
public sealed class Format : NSwagMissingUnion;

[JsonConverter(typeof(NSwagJson.UnionConverter<Delta>))]
public sealed class Delta : NSwagMissingUnion;

[JsonConverter(typeof(NSwagJson.UnionConverter<Annotations>))]
public sealed class Annotations : NSwagMissingUnion;

[JsonConverter(typeof(NSwagJson.UnionConverter<Action>))]
public sealed class Action : NSwagMissingUnion;
