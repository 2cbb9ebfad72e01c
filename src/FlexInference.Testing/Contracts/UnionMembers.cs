using System;
using System.Collections.Generic;
using System.Reflection;

namespace FlexInference.Testing;

/// <summary>
/// The members of a generated union, found by its shape: an <c>IsUnknown</c> property, and for each member an
/// <c>Is{Name}</c> property with an <c>As{Name}()</c> accessor.
/// </summary>
internal static class UnionMembers
{
    public static IReadOnlyList<(PropertyInfo Is, MethodInfo Accessor)>? Of(Type type)
    {
        if (type.IsValueType || type.GetProperty("IsUnknown", BindingFlags.Public | BindingFlags.Instance)?.PropertyType != typeof(bool))
        {
            return null;
        }

        var members = new List<(PropertyInfo, MethodInfo)>();
        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.PropertyType == typeof(bool) && property.Name.StartsWith("Is", StringComparison.Ordinal) && property.Name != "IsUnknown"
                && type.GetMethod("As" + property.Name.Substring(2), BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is { } accessor)
            {
                members.Add((property, accessor));
            }
        }

        return members.Count == 0 ? null : members;
    }

    /// <summary>The member a union value holds, and its declared type; null when it holds unknown JSON.</summary>
    public static (object Value, Type Type)? Held(object union)
    {
        foreach ((PropertyInfo isMember, MethodInfo accessor) in Of(union.GetType()) ?? [])
        {
            if ((bool)isMember.GetValue(union)!)
            {
                return (accessor.Invoke(union, null)!, accessor.ReturnType);
            }
        }

        return null;
    }
}
