namespace FlexInference;

/// <summary>
/// What the client did when the router refused a flex race: it sent the same body again with
/// <c>start_within</c> = <see cref="Tier"/> (<see cref="FlexFallbackPolicy"/>). Read it from <see cref="ServedRoute.ClientFallback"/>.
/// </summary>
public sealed record ClientFallback
{
    /// <summary>The <c>start_within</c> the request was written with (a duration), for example <c>00h-00m-30s</c>.</summary>
    public StartWithin RequestedStartWithin { get; init; }

    /// <summary>The tier word the resend used, for example <c>default</c>.</summary>
    public StartWithin Tier { get; init; }

    /// <summary>The HTTP status of the refusal, for example 402.</summary>
    public int Status { get; init; }

    /// <summary>The router's code of the refusal (canonical spelling), for example <c>payment_required</c>; null when it sent none.</summary>
    public string? Code { get; init; }
}
