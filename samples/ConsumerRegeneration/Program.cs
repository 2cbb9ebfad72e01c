// Your own types from your own copy of the spec, through the FlexInference package, and the contract check that tells
// you what a regeneration changed. See README.md; ./run.sh builds and runs it from the packed packages.
// Exit code: 0 when the contract is unchanged, 1 when the contract check reports a change.
using FlexInference;
using FlexInference.Testing;
using Router = MyApp.Router;

// 1. Send MyApp.Router.CreateResponse and read MyApp.Router.Response, typed, through the package's client. The router
//    here is the embedded one (FlexInferenceTestServer, on 127.0.0.1), so the sample needs no key and no network.
await using (FlexInferenceTestServer router = await FlexInferenceTestServer.StartAsync())
{
    using var client = new FlexInferenceClient(FlexInferenceTestServer.TestApiKey, new FlexInferenceClientOptions { BaseUrl = router.BaseUrl });
    Router.FlexInferenceJsonContext json = Router.FlexInferenceJsonContext.Default;

    Router.Response response = await client.Responses.CreateAsync(
        new Router.CreateResponse
        {
            Model = "gpt-5.5",
            Input = "Hello from MyApp.Router.",
            MaxOutputTokens = 64,
            StartWithin = Router.StartWithin.Within(TimeSpan.FromSeconds(30)),
        },
        json.CreateResponse, json.Response);

    Console.WriteLine($"response {response.Id}: model {response.Model}, max_output_tokens {response.MaxOutputTokens}");
    // A typed field of MyApp's own Response. If a spec edit renames it on the wire, this still compiles but reads nothing.
    Console.WriteLine($"served tier (Response.ServiceTier): {response.ServiceTier?.Value ?? "(not read)"}");
    Console.WriteLine($"route report: reason {response.GetRouting().Reason?.Value}");
}

// 2. The contract check: the generated surface and the recorded bodies in Fixtures/, against the accepted snapshots
//    RouterContract.*.verified.txt beside RouterContract.cs.
var changed = new List<SnapshotMismatchException>();
foreach (Action check in new Action[] { RouterContract.Surface, RouterContract.Recorded_bodies })
{
    try
    {
        check();
    }
    catch (SnapshotMismatchException mismatch)
    {
        changed.Add(mismatch);
    }
}

if (changed.Count == 0)
{
    Console.WriteLine("contract unchanged");
    return 0;
}

foreach (SnapshotMismatchException mismatch in changed)
{
    Console.WriteLine();
    Console.WriteLine(mismatch.Message);
}

return 1;
