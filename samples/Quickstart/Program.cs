// FlexInference quickstart: `dotnet run --project samples/Quickstart`.
// It starts the embedded router on 127.0.0.1 (no API key, no network) and walks through what start_within does.
// With `--base-url https://api.flexinference.com/v1` and FLEX_API_KEY set, it runs the same walk against the real router.
using System.Diagnostics;
using System.Globalization;
using FlexInference;
using FlexInference.Samples;
using FlexInference.Testing;

var options = new FlexInferenceTestServerOptions
{
    Seed = 7,
    TimeScale = 0.01, // a 30 s flex window takes 0.3 s here, so the race is visible but quick
    FlexProfiles =
    {
        ["gpt-5.5"] = FlexProfile.AdmittedAfter(TimeSpan.FromSeconds(4)),   // flex starts inside a 30 s window
        ["gpt-5.4-mini"] = FlexProfile.NeverAdmitted,                        // flex never starts: standard serves
    },
};
// A usage ledger tallies every answer per model and served tier; its summary closes the walk.
var ledger = new FlexInferenceUsageLedger();
await using SampleSession session = await SampleSession.StartAsync(args, options, client => client.UsageLedger = ledger);
FlexInferenceClient client = session.Client;
Console.WriteLine(session.IsEmbedded
    ? $"Embedded router on {client.BaseUrl} (simulated providers, delays scaled by {options.TimeScale.ToString(CultureInfo.InvariantCulture)})"
    : $"Real router at {client.BaseUrl}");
Console.WriteLine();

// 1. A flex race that wins: the cheaper flex tier starts inside the 30 s window.
Step("1. Flex race, 30 s window (flex starts in time)");
Response won = await client.Responses.CreateAsync(new CreateResponse
{
    Model = "gpt-5.5",
    Input = "Write a haiku about waiting for a cheaper GPU.",
    StartWithin = StartWithin.Within(TimeSpan.FromSeconds(30)),
});
Console.WriteLine("   " + won.OutputText().Replace("\n", "\n   ", StringComparison.Ordinal));
Report(won.GetRouting());

// 2. A flex race that falls back up: flex cannot start inside 10 s, so the standard tier serves. Nothing is lost.
Step("2. Flex race, 10 s window (flex busy: falls back up to standard)");
Response fellBack = await client.Responses.CreateAsync(new CreateResponse
{
    Model = session.IsEmbedded ? "gpt-5.4-mini" : "gpt-5.5",
    Input = "Summarise the flex race in one sentence.",
    StartWithin = StartWithin.Within(TimeSpan.FromSeconds(10)),
});
Console.WriteLine("   " + fellBack.OutputText());
Report(fellBack.GetRouting());

// 3. priority: no race, straight to the fastest tier.
Step("3. priority (no race)");
CreateChatCompletionResponse priority = await client.Chat.Completions.CreateAsync(new CreateChatCompletionRequest
{
    Model = "gpt-5.5",
    Messages = [new ChatCompletionRequestUserMessage { Content = "Say hello in five words." }],
    StartWithin = StartWithin.Priority,
});
Console.WriteLine("   " + priority.OutputText());
Report(priority.GetRouting());

// 4. A streamed answer, printed token by token. The route is known as soon as the headers arrive.
Step("4. Streaming, 20 s window");
var stopwatch = Stopwatch.StartNew();
await using (ResponseStream stream = await client.Responses.CreateStreamingAsync(new CreateResponse
{
    Model = "gpt-5.5",
    Input = "Count to ten.",
    StartWithin = StartWithin.Parse("00h-00m-20s"),
    IncludeCost = true,
}))
{
    Console.WriteLine($"   served by {stream.Routing.Provider ?? "?"} ({stream.Routing.Reason?.Value ?? "?"}), headers after {Ms(stream.Routing.TimeToFirstByte)}");
    Console.Write("   ");
    await foreach (ResponseStreamEvent item in stream)
    {
        if (item.IsOutputTextDelta(out string? delta))
        {
            Console.Write(delta);
        }
    }

    Console.WriteLine();
    Report(stream.Routing, stopwatch.Elapsed);
}

// 5. A request refused on this machine, before any byte is sent, with a message that says how to fix it.
Step("5. Refused locally: a retired start_within");
try
{
    await client.Responses.CreateAsync(new System.Text.Json.Nodes.JsonObject
    {
        ["model"] = "gpt-5.5",
        ["input"] = "Hi",
        ["start_within"] = "standard",
    });
}
catch (FlexInferenceValidationException error)
{
    Console.WriteLine($"   {error.GetType().Name} ({error.Code}):");
    Console.WriteLine("   " + error.Message);
}

// 6. Every HTTP 402 is a PaymentRequiredException; its code says why.
Step("6. HTTP 402 caught as PaymentRequiredException");
if (session.Router is { } router)
{
    router.Faults.Enqueue(Fault.PaymentRequired());
    try
    {
        await client.Responses.CreateAsync(new CreateResponse { Model = "gpt-5.5", Input = "Hi", StartWithin = StartWithin.Default });
    }
    catch (PaymentRequiredException error)
    {
        Console.WriteLine($"   {error.GetType().Name}: status {error.Status}, code {error.Code}");
        Console.WriteLine("   " + error.Message);
    }
}
else
{
    Console.WriteLine("   (skipped against the real router: it cannot be asked to fail)");
}

// 7. The client fallback (opt-in): a flex race refused with 402 (billing paused flex) is sent again once at "default",
//    so the request is saved instead of failing. The window comes from the time this job has left.
Step("7. Client fallback: a flex race refused with 402 is saved at \"default\"");
if (session.Router is { } billing)
{
    billing.Faults.Enqueue(Fault.PaymentRequired(FlexInferenceErrorCodes.PaymentRequired).When(request => request.StartWithin?.EndsWith('s') == true));
    StartWithinChoice window = FlexDeadline.ForBudget(TimeSpan.FromSeconds(75), expectedRunTime: TimeSpan.FromSeconds(15));
    Response saved = await client.Responses.CreateAsync(
        new CreateResponse { Model = "gpt-5.5", Input = "Say something kind.", StartWithin = window },
        new RequestOptions { FlexFallback = FlexFallbackPolicy.ToDefault });
    ClientFallback fallback = saved.GetRouting().ClientFallback!;
    Console.WriteLine($"   start_within {window} (75 s left, 15 s to answer); client fallback: HTTP {fallback.Status} {fallback.Code}, resent at {fallback.Tier}");
    Console.WriteLine("   " + saved.OutputText());
    Report(saved.GetRouting());
}
else
{
    Console.WriteLine("   (skipped against the real router: it cannot be asked to refuse)");
}

// 8. Cost and latency per start_within, over a few requests each.
Step("8. Cost and latency per start_within (gpt-5: flex admission varies, 8 requests each)");
Console.WriteLine($"   {"start_within",-14} {"served tiers",-22} {"mean cost (USD)",16} {"mean headers (ms)",18}");
foreach (StartWithin startWithin in new[] { StartWithin.Default, StartWithin.Priority, StartWithin.Auto, StartWithin.Parse("00h-00m-10s"), StartWithin.Parse("00h-00m-30s") })
{
    var tiers = new SortedSet<string>(StringComparer.Ordinal);
    decimal cost = 0;
    double milliseconds = 0;
    const int Runs = 8;
    for (int i = 0; i < Runs; i++)
    {
        Response response = await client.Responses.CreateAsync(new CreateResponse { Model = "gpt-5", Input = "Name a prime number.", StartWithin = startWithin });
        ServedRoute route = response.GetRouting();
        tiers.Add(route.ServiceTier?.Value ?? "?");
        cost += route.CostUsd ?? 0;
        milliseconds += route.TimeToFirstByte?.TotalMilliseconds ?? 0;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"   {startWithin.Value,-14} {string.Join(",", tiers),-22} {cost / Runs,16:0.000000} {milliseconds / Runs,18:0}"));
}

Step("Usage ledger (every answer above, per model and served tier)");
FlexInferenceUsageSnapshot usage = ledger.Snapshot();
Console.WriteLine("   " + usage.ToString().Replace("\n", "\n   ", StringComparison.Ordinal));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"   flex served {usage.FlexShare:P0} of {usage.Total.Requests} answers; {usage.Total.ClientFallbacks} saved by the client fallback; total {usage.Total.CostUsd:0.000000} USD"));

Console.WriteLine();
Console.WriteLine("Done. A duration start_within trades a little waiting for the flex tier's lower price, and never loses the request.");

static void Step(string title)
{
    Console.WriteLine();
    Console.WriteLine(title);
}

static void Report(ServedRoute route, TimeSpan? total = null)
{
    string cost = route.CostUsd is { } usd ? usd.ToString("0.000000", CultureInfo.InvariantCulture) + " USD" : "n/a";
    Console.WriteLine(
        $"   -> tier {route.ServiceTier?.Value ?? "?"}, reason {route.Reason?.Value ?? "?"}, provider {route.Provider ?? "?"}, " +
        $"first byte {Ms(route.TimeToFirstByte)}{(total is { } t ? $", total {Ms(t)}" : string.Empty)}, cost {cost}");
}

static string Ms(TimeSpan? span) => span is { } value ? value.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms" : "?";
