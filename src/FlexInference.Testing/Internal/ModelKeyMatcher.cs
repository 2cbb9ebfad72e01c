using System;
using System.Collections.Generic;

namespace FlexInference.Testing;

/// <summary>Looks a model up in a table keyed by model id or id prefix: exact id first, then the longest prefix.</summary>
internal static class ModelKeyMatcher
{
    public static T? Find<T>(IReadOnlyDictionary<string, T> table, string model)
        where T : class
    {
        if (table.TryGetValue(model, out T? exact))
        {
            return exact;
        }

        T? best = null;
        int bestLength = -1;
        foreach (KeyValuePair<string, T> entry in table)
        {
            if (entry.Key.Length > bestLength && model.StartsWith(entry.Key, StringComparison.Ordinal))
            {
                best = entry.Value;
                bestLength = entry.Key.Length;
            }
        }

        return best;
    }
}
