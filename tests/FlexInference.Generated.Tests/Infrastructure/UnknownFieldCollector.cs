using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlexInference.Generated.Tests.Infrastructure;

/// <summary>
/// Walks a deserialised object graph and lists every field that landed in an <c>AdditionalProperties</c> bag,
/// with its JSON path and the raw text it was read from.
/// </summary>
internal static class UnknownFieldCollector
{
    public static List<(string Path, string RawText)> Collect(object root)
    {
        var found = new List<(string, string)>();
        Walk(root, "$", found);
        return found;
    }

    private static void Walk(object? value, string path, List<(string, string)> found)
    {
        switch (value)
        {
            case null or string or JsonElement:
                return;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    Walk(entry.Value, path + "." + entry.Key, found);
                }

                return;
            case IEnumerable sequence:
                int index = 0;
                foreach (object? item in sequence)
                {
                    Walk(item, $"{path}[{index++}]", found);
                }

                return;
        }

        Type type = value.GetType();
        if (type.Namespace != "FlexInference" || type.IsValueType)
        {
            return;
        }

        PropertyInfo? boxed = type.GetProperty("BoxedValue", BindingFlags.Instance | BindingFlags.NonPublic);
        if (boxed is not null)
        {
            Walk(boxed.GetValue(value), path, found); // a union: its member sits at the same path
            return;
        }

        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public))
        {
            if (property.GetCustomAttribute<JsonExtensionDataAttribute>() is not null)
            {
                if (property.GetValue(value) is IDictionary<string, JsonElement> extra)
                {
                    foreach (KeyValuePair<string, JsonElement> pair in extra)
                    {
                        found.Add((path + "." + pair.Key, pair.Value.GetRawText()));
                    }
                }

                continue;
            }

            if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is { } name)
            {
                Walk(property.GetValue(value), path + "." + name.Name, found);
            }
        }
    }
}
