using System;
using System.Collections.Generic;
using System.Linq;

namespace FlexInference.Testing;

/// <summary>
/// How a <see cref="FlexInferenceTestServer"/> behaves. Read once by <see cref="FlexInferenceTestServer.StartAsync"/>:
/// later changes do not affect a running server.
/// </summary>
public sealed class FlexInferenceTestServerOptions
{
    /// <summary>The seed of every random draw (admission delays, capacity refusals). Default 42.</summary>
    /// <remarks>
    /// Each request gets its own generator, seeded from <see cref="Seed"/> and the request's position in
    /// <see cref="FlexInferenceTestServer.Requests"/>, so requests sent one after another replay identically.
    /// </remarks>
    public int Seed { get; set; } = 42;

    /// <summary>
    /// Real time per simulated time: every simulated wait (admission delay, race window, pause between stream events)
    /// is multiplied by this. Default 0.01, so a <c>00h-00m-30s</c> window lasts at most 300 ms. Use 1 for real time,
    /// 0 for no waits at all.
    /// </summary>
    /// <remarks>Scripted fault durations (<see cref="Fault.StallBeforeHeaders"/>, ...) are real time and never scaled.</remarks>
    public double TimeScale { get; set; } = 0.01;

    /// <summary>The flex behaviour of every model with no entry in <see cref="FlexProfiles"/>. Default <see cref="FlexProfile.Default"/>.</summary>
    public FlexProfile DefaultFlexProfile { get; set; } = FlexProfile.Default;

    /// <summary>
    /// Flex behaviour per model id or id prefix (<c>"gpt-5.5"</c>, <c>"gemini-"</c>): an exact id wins, else the longest
    /// prefix, else <see cref="DefaultFlexProfile"/>.
    /// </summary>
    public IDictionary<string, FlexProfile> FlexProfiles { get; set; } = new Dictionary<string, FlexProfile>(StringComparer.Ordinal);

    /// <summary>Prices for <c>usage.cost</c> and <c>x-flexinference-cost</c>. Default <see cref="PriceTable.CreateDefault"/>.</summary>
    public PriceTable Prices { get; set; } = PriceTable.CreateDefault();

    /// <summary>
    /// The API keys the server accepts. Null (the default) accepts any well-formed <c>Authorization: Bearer &lt;key&gt;</c>;
    /// otherwise any other key answers <c>401 invalid_api_key</c>.
    /// </summary>
    public IReadOnlyCollection<string>? AcceptedApiKeys { get; set; }

    /// <summary>The request body cap in bytes, checked against Content-Length and the bytes received. Default 1,000,000 (the router's).</summary>
    public long MaxBodyBytes { get; set; } = 1_000_000;

    /// <summary>The models listed by <c>GET /v1/models</c>; they also decide which models may race flex. Default <see cref="ServedModel.Defaults"/>.</summary>
    public IReadOnlyList<ServedModel> Models { get; set; } = ServedModel.Defaults;

    /// <summary>The simulated pause between two stream events (scaled by <see cref="TimeScale"/>). Default 20 ms.</summary>
    public TimeSpan StreamEventDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Makes the reply text from the model id and the last user text. Null (the default) answers
    /// <c>"This is a simulated answer. You said: &lt;last user text&gt;"</c>. Tokens are counted as whitespace-separated words.
    /// </summary>
    public Func<string, string, string>? ReplyFactory { get; set; }

    /// <summary>
    /// Simulates an organization whose billing is past due: the router pauses billable flex and answers every request with
    /// a duration <c>start_within</c> with <c>402 payment_required</c> (class <c>billing</c>), while tier words
    /// (<c>default</c>, <c>priority</c>, <c>auto</c>) keep being served. Default false. Handy for testing
    /// <c>FlexFallbackPolicy</c>; for a single 402, queue <see cref="Fault.PaymentRequired"/> instead.
    /// </summary>
    public bool BillingPastDue { get; set; }

    /// <summary>Checks the values and copies them, so the running server never sees later edits.</summary>
    internal FlexInferenceTestServerOptions Snapshot()
    {
        if (double.IsNaN(TimeScale) || TimeScale < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TimeScale), TimeScale, "TimeScale must be 0 or more, for example 0.01 (one simulated second lasts 10 ms) or 1 (real time).");
        }

        if (MaxBodyBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBodyBytes), MaxBodyBytes, "MaxBodyBytes must be positive; the router's cap is 1000000.");
        }

        if (StreamEventDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(StreamEventDelay), StreamEventDelay, "StreamEventDelay cannot be negative; use TimeSpan.Zero for no pause.");
        }

        return new FlexInferenceTestServerOptions
        {
            Seed = Seed,
            TimeScale = TimeScale,
            DefaultFlexProfile = DefaultFlexProfile ?? FlexProfile.Default,
            FlexProfiles = new Dictionary<string, FlexProfile>(FlexProfiles ?? new Dictionary<string, FlexProfile>(), StringComparer.Ordinal),
            Prices = (Prices ?? new PriceTable()).Clone(),
            AcceptedApiKeys = AcceptedApiKeys?.ToHashSet(StringComparer.Ordinal),
            MaxBodyBytes = MaxBodyBytes,
            Models = (Models ?? ServedModel.Defaults).ToArray(),
            StreamEventDelay = StreamEventDelay,
            ReplyFactory = ReplyFactory,
            BillingPastDue = BillingPastDue,
        };
    }

    /// <summary>The flex profile of <paramref name="model"/>.</summary>
    internal FlexProfile ProfileFor(string model) =>
        (FlexProfiles is IReadOnlyDictionary<string, FlexProfile> table ? ModelKeyMatcher.Find(table, model) : null) ?? DefaultFlexProfile;
}
