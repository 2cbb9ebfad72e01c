using System;
using System.Threading;

namespace FlexInference.Validation;

/// <summary>Refuses per-call overrides that cannot work, before anything is sent.</summary>
internal static class RequestOptionsCheck
{
    public static void Validate(RequestOptions? options)
    {
        if (options is null)
        {
            return;
        }

        if (options.MaxRetries < 0)
        {
            throw new FlexInferenceValidationException(
                $"FlexInference: RequestOptions.MaxRetries must be 0 or more, but it is {options.MaxRetries}. Set 0 to send this call once.",
                nameof(options.MaxRetries), null);
        }

        Clock(options.FirstByteTimeout, nameof(options.FirstByteTimeout));
        Clock(options.Timeout, nameof(options.Timeout));
        Clock(options.IdleTimeout, nameof(options.IdleTimeout));
        Clock(options.TotalTimeout, nameof(options.TotalTimeout));
        FallbackRule.Check(options.FlexFallback, "RequestOptions.");
    }

    private static void Clock(TimeSpan? value, string name)
    {
        if (value is { } limit)
        {
            ClockRule.Check(limit, name, "RequestOptions.");
        }
    }
}
