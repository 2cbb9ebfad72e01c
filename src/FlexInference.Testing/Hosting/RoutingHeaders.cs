using System;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace FlexInference.Testing;

/// <summary>The <c>x-flexinference-*</c> headers of a served answer (§7, §9).</summary>
internal static class RoutingHeaders
{
    public static void Apply(HttpResponse response, RoutingDecision routing, Completion completion, bool streamed)
    {
        response.Headers["x-flexinference-served-provider"] = routing.Provider;
        response.Headers["x-flexinference-routing-reason"] = routing.Reason;
        response.Headers["x-flexinference-pricing"] = "byok";
        if (!streamed && completion.CostMicroUsd is { } cost)
        {
            // A stream's cost is not known when its headers go out; it rides the usage frame instead (include_cost).
            response.Headers["x-flexinference-cost"] = cost.ToString(CultureInfo.InvariantCulture);
        }

        response.Headers["x-flexinference-retries"] = "0";
        response.Headers["x-flexinference-spend-remaining"] = "unlimited";
        response.Headers["x-flexinference-spend-as-of"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
    }
}
