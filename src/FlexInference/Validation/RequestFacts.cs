namespace FlexInference.Validation;

/// <summary>What the transport needs to know about a validated request.</summary>
/// <param name="Model">The model id.</param>
/// <param name="StartWithin">The requested start_within, when sent; a duration raises the first-byte clock.</param>
internal sealed record RequestFacts(string Model, StartWithin? StartWithin);
