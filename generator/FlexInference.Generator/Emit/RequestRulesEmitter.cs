using System.Collections.Generic;
using System.Globalization;
using FlexInference.Generator.Common;
using FlexInference.Generator.Model;

namespace FlexInference.Generator.Emit;

/// <summary>
/// Emits <c>FlexInferenceRequestRules</c>: the bounds and value lists of the FlexInference request fields, so the
/// client validates <c>retry</c> and <c>provider</c> against the spec instead of copies of its numbers.
/// </summary>
internal static class RequestRulesEmitter
{
    public static string Emit(RequestRulesModel model)
    {
        SourceWriter writer = TypeEmitter.Begin(model.Namespace);
        writer.Line("/// <summary>The rules of the FlexInference request fields, from the <c>FlexInferenceRequestFields</c> schema and the schemas it references.</summary>");
        writer.Line(TypeEmitter.GeneratedCodeAttribute);
        writer.Open("internal static class FlexInferenceRequestRules");
        writer.Line("/// <summary>The smallest <c>retry.count</c> (RetryConfig.count <c>minimum</c>).</summary>");
        writer.Line($"public const int RetryCountMinimum = {Number(model.RetryCountMinimum)};");
        writer.Line();
        writer.Line("/// <summary>The largest <c>retry.count</c> (RetryConfig.count <c>maximum</c>).</summary>");
        writer.Line($"public const int RetryCountMaximum = {Number(model.RetryCountMaximum)};");
        writer.Line();
        writer.Line("/// <summary>The keys a <c>retry</c> object may have (RetryConfig properties).</summary>");
        writer.Line($"public static readonly string[] RetryKeys = {Strings(model.RetryKeys)};");
        writer.Line();
        writer.Line("/// <summary>The values of <c>retry.backoff</c> (RetryBackoff).</summary>");
        writer.Line($"public static readonly string[] RetryBackoffValues = {Strings(model.RetryBackoffValues)};");
        writer.Line();
        writer.Line("/// <summary>The routes a <c>provider</c> chain may name (ProviderRoute), in spec order.</summary>");
        writer.Line($"public static readonly string[] ProviderRoutes = {Strings(model.ProviderRoutes)};");
        writer.Line();
        writer.Line("/// <summary>The fewest routes in a <c>provider</c> chain (ProviderChain <c>minItems</c>).</summary>");
        writer.Line($"public const int ProviderMinItems = {Number(model.ProviderMinItems)};");
        writer.Line();
        writer.Line("/// <summary>The most routes in a <c>provider</c> chain (ProviderChain <c>maxItems</c>).</summary>");
        writer.Line($"public const int ProviderMaxItems = {Number(model.ProviderMaxItems)};");
        writer.Close();
        return TypeEmitter.End(writer);
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Strings(EquatableArray<string> values)
    {
        var literals = new List<string>();
        foreach (string value in values)
        {
            literals.Add(TypeEmitter.Literal(value));
        }

        return "new string[] { " + string.Join(", ", literals) + " }";
    }
}
