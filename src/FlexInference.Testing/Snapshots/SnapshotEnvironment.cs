using System;
using System.Threading;

namespace FlexInference.Testing.Snapshots;

/// <summary>Facts about the environment a snapshot check runs in.</summary>
internal static class SnapshotEnvironment
{
    private static readonly AsyncLocal<bool?> CiOverride = new();

    /// <summary>
    /// True when running on CI: the <c>CI</c> environment variable is <c>true</c> (any case) or <c>1</c>.
    /// Tests of this library pin the value with <see cref="OverrideCi"/> so they behave the same everywhere.
    /// </summary>
    public static bool IsCi
    {
        get
        {
            if (CiOverride.Value is { } pinned)
            {
                return pinned;
            }

            var value = Environment.GetEnvironmentVariable("CI");
            return string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || value == "1";
        }
    }

    /// <summary>Pins <see cref="IsCi"/> for the current async flow until the returned scope is disposed.</summary>
    public static IDisposable OverrideCi(bool isCi)
    {
        var previous = CiOverride.Value;
        CiOverride.Value = isCi;
        return new Scope(() => CiOverride.Value = previous);
    }

    private sealed class Scope(Action onDispose) : IDisposable
    {
        public void Dispose() => onDispose();
    }
}
