using System.Collections.Generic;
using FlexInference.Generator.Model;

namespace FlexInference.Generator.Emit;

/// <summary>
/// Emits one <c>JsonSerializerContext</c> for every generated type. Source generators cannot see each other's output,
/// so System.Text.Json's own generator never sees our types; this context serves them through the public
/// <c>JsonMetadataServices</c> API with our generated converters instead, which keeps the library trim- and AOT-safe.
/// </summary>
internal static class JsonContextEmitter
{
    private static readonly HashSet<string> ReservedMembers = new(System.StringComparer.Ordinal)
    {
        "Default", "Options", "GetTypeInfo", "GeneratedSerializerOptions", "Equals", "GetHashCode", "ToString", "GetType",
    };

    /// <summary>The (escaped) name of the context property serving <paramref name="typeName"/>, for code that points at it.</summary>
    public static string PropertyName(string contextName, string typeName)
    {
        string bare = Identifier.Unescape(typeName);
        return Identifier.Escape(ReservedMembers.Contains(bare) || bare == contextName ? bare + "TypeInfo" : bare);
    }

    public static string Emit(JsonContextModel model)
    {
        string ns = model.Namespace;
        string name = model.Name;
        SourceWriter writer = TypeEmitter.Begin(ns);
        writer.Line("/// <summary>");
        writer.Line("/// System.Text.Json metadata for every type generated from the OpenAPI document, without reflection.");
        writer.Line($"/// Use <c>{name}.Default.&lt;Type&gt;</c> with <c>JsonSerializer</c>, or add <see cref=\"Default\"/> to your own options' resolver chain.");
        writer.Line("/// </summary>");
        writer.Line(TypeEmitter.GeneratedCodeAttribute);
        writer.Open($"public sealed partial class {name} : global::System.Text.Json.Serialization.JsonSerializerContext, global::System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver");
        writer.Line("private static readonly global::System.Text.Json.JsonSerializerOptions DefaultOptions = new global::System.Text.Json.JsonSerializerOptions");
        writer.Line("{");
        writer.Line("    DefaultIgnoreCondition = global::System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,");
        writer.Line("    // JSON bodies, not HTML: text is written as it is (it's, café, 😀), only what JSON itself requires is escaped.");
        writer.Line("    Encoder = global::System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,");
        writer.Line("};");
        writer.Line();
        writer.Line($"private static {name}? _default;");
        writer.Line();
        writer.Line("/// <summary>The shared instance, bound to default options.</summary>");
        writer.Line($"public static {name} Default => _default ??= new {name}(new global::System.Text.Json.JsonSerializerOptions(DefaultOptions));");
        writer.Line();
        writer.Line("/// <summary>Creates a context bound to <paramref name=\"options\"/> (which it becomes the resolver of).</summary>");
        writer.Line($"public {name}(global::System.Text.Json.JsonSerializerOptions options)");
        writer.Line("    : base(options)");
        writer.Line("{");
        writer.Line("}");
        writer.Line();
        writer.Line("/// <inheritdoc />");
        writer.Line("protected override global::System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => DefaultOptions;");
        writer.Line();
        writer.Line("/// <inheritdoc />");
        writer.Open("public override global::System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(global::System.Type type)");
        writer.Line("Options.TryGetTypeInfo(type, out global::System.Text.Json.Serialization.Metadata.JsonTypeInfo? typeInfo);");
        writer.Line("return typeInfo;");
        writer.Close();
        writer.Line();
        writer.Open("global::System.Text.Json.Serialization.Metadata.JsonTypeInfo? global::System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver.GetTypeInfo(global::System.Type type, global::System.Text.Json.JsonSerializerOptions options)");
        foreach (string typeName in model.TypeNames)
        {
            string qualified = TypeEmitter.Qualified(ns, typeName);
            writer.Open($"if (type == typeof({qualified}))");
            writer.Line($"return global::System.Text.Json.Serialization.Metadata.JsonMetadataServices.CreateValueInfo<{qualified}>(options, new {TypeEmitter.Qualified(ns, TypeEmitter.ConverterName(typeName))}());");
            writer.Close();
            writer.Line();
        }

        writer.Line("return null;");
        writer.Close();
        foreach (string typeName in model.TypeNames)
        {
            string qualified = TypeEmitter.Qualified(ns, typeName);
            string bare = Identifier.Unescape(typeName);
            string property = PropertyName(name, typeName);
            writer.Line();
            writer.Line($"private global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<{qualified}>? _{bare};");
            writer.Line();
            writer.Line($"/// <summary>Metadata for <see cref=\"{qualified}\"/>.</summary>");
            writer.Line($"public global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<{qualified}> {property} =>");
            writer.Line($"    _{bare} ??= (global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<{qualified}>)Options.GetTypeInfo(typeof({qualified}));");
        }

        writer.Close();
        return TypeEmitter.End(writer);
    }
}
