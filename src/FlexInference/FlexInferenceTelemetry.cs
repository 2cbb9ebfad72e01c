namespace FlexInference;

/// <summary>
/// The names the client's OpenTelemetry signals are published under, for <c>AddSource</c> and <c>AddMeter</c>.
/// Both use <see cref="System.Diagnostics"/> only: nothing is collected, and nothing costs, until a listener subscribes.
/// </summary>
/// <example>
/// <code>
/// builder.Services.AddOpenTelemetry()
///     .WithTracing(tracing => tracing.AddSource(FlexInferenceTelemetry.ActivitySourceName))
///     .WithMetrics(metrics => metrics.AddMeter(FlexInferenceTelemetry.MeterName));
/// </code>
/// </example>
public static class FlexInferenceTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name: <c>FlexInference</c>. One Client span per generation call.</summary>
    public const string ActivitySourceName = "FlexInference";

    /// <summary>
    /// The <see cref="System.Diagnostics.Metrics.Meter"/> name: <c>FlexInference</c> (<c>gen_ai.client.operation.duration</c>,
    /// <c>gen_ai.client.token.usage</c>, <c>gen_ai.client.operation.time_to_first_chunk</c>, <c>flexinference.client.cost</c>).
    /// </summary>
    public const string MeterName = "FlexInference";
}
