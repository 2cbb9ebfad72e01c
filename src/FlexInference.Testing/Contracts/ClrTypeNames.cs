using System;
using System.Collections.Generic;
using System.Reflection;
using System.Text.Json;

namespace FlexInference.Testing;

/// <summary>Short, stable C# spellings of the types generated code uses, for snapshots people read.</summary>
internal static class ClrTypeNames
{
    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>The type of a property, with <c>?</c> where it is nullable (value or reference).</summary>
    public static string Of(PropertyInfo property, string ownNamespace) => Of(Nullability.Create(property), ownNamespace);

    /// <summary>The type of a method's return value, with <c>?</c> where it is nullable.</summary>
    public static string Of(ParameterInfo parameter, string ownNamespace) => Of(Nullability.Create(parameter), ownNamespace);

    /// <summary>The element type a list or map holds, or null for anything else.</summary>
    public static Type? ElementOf(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (type.IsGenericType)
        {
            Type definition = type.GetGenericTypeDefinition();
            Type[] arguments = type.GetGenericArguments();
            if (definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>) || definition == typeof(List<>) || definition == typeof(IEnumerable<>))
            {
                return arguments[0];
            }

            if (IsMap(type))
            {
                return arguments[1];
            }
        }

        return null;
    }

    /// <summary>Whether the type is a string-keyed dictionary.</summary>
    public static bool IsMap(Type type) =>
        type.IsGenericType && type.GetGenericArguments() is [{ } key, _] && key == typeof(string)
        && (type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) || type.GetGenericTypeDefinition() == typeof(IDictionary<,>) || type.GetGenericTypeDefinition() == typeof(Dictionary<,>));

    private static string Of(NullabilityInfo info, string ownNamespace)
    {
        Type type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        bool nullable = info.ReadState == NullabilityState.Nullable || Nullable.GetUnderlyingType(info.Type) is not null;
        string name;
        if (type.IsGenericType && info.GenericTypeArguments.Length == type.GetGenericArguments().Length)
        {
            string definition = type.Name.Substring(0, type.Name.IndexOf('`', StringComparison.Ordinal));
            var arguments = new List<string>();
            foreach (NullabilityInfo argument in info.GenericTypeArguments)
            {
                arguments.Add(Of(argument, ownNamespace));
            }

            name = definition + "<" + string.Join(", ", arguments) + ">";
        }
        else if (type.IsArray && info.ElementType is { } element)
        {
            name = Of(element, ownNamespace) + "[]";
        }
        else
        {
            name = Simple(type, ownNamespace);
        }

        return nullable ? name + "?" : name;
    }

    private static string Simple(Type type, string ownNamespace) => type switch
    {
        _ when type == typeof(string) => "string",
        _ when type == typeof(int) => "int",
        _ when type == typeof(long) => "long",
        _ when type == typeof(double) => "double",
        _ when type == typeof(float) => "float",
        _ when type == typeof(decimal) => "decimal",
        _ when type == typeof(bool) => "bool",
        _ when type == typeof(object) => "object",
        _ when type == typeof(JsonElement) => "JsonElement",
        _ when type.Namespace == ownNamespace || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true => type.Name,
        _ => type.FullName ?? type.Name,
    };
}
