using System;
using System.Threading;

namespace FlexInference.Validation;

/// <summary>The one rule of every clock option, on the client's options and on <see cref="RequestOptions"/>.</summary>
internal static class ClockRule
{
    /// <summary>The longest finite clock: timers and the socket handler take at most <see cref="int.MaxValue"/> milliseconds (about 24.8 days).</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <param name="value">The clock's value.</param>
    /// <param name="name">The option's name, e.g. <c>ConnectTimeout</c>.</param>
    /// <param name="owner">Where it is set: "" for the client's options, "RequestOptions." for a call's.</param>
    public static void Check(TimeSpan value, string name, string owner = "")
    {
        if (value == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        if (value <= TimeSpan.Zero)
        {
            throw new FlexInferenceValidationException(
                $"FlexInference: {owner}{name} must be positive (or Timeout.InfiniteTimeSpan), but it is {value}. " +
                $"Set a positive duration, for example {name} = TimeSpan.FromSeconds(60).", name, null);
        }

        if (value > Longest)
        {
            throw new FlexInferenceValidationException(
                $"FlexInference: {owner}{name} must be at most {Longest} (about 24.8 days, the longest timer .NET can set), but it is {value}. " +
                $"Set Timeout.InfiniteTimeSpan for no limit, or a shorter duration, for example {name} = TimeSpan.FromMinutes(10).", name, null);
        }
    }
}
