namespace FlexInference.Internal;

/// <summary>
/// The route facts a body carries (<c>service_tier</c>, <c>usage.routing</c>, <c>usage.cost</c>), read from the bytes
/// when the result is a caller's own type the SDK cannot look into.
/// </summary>
internal sealed record BodyRouting(ServiceTier? ServiceTier, UsageRouting? Routing, UsageCost? Cost);
