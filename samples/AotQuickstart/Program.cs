// FlexInference in a NativeAOT program. Publish: `dotnet publish samples/AotQuickstart -c Release -r linux-x64`, then
//   ./samples/AotQuickstart/bin/Release/net10.0/linux-x64/publish/AotQuickstart --base-url <router URL>
// with the key in FLEX_API_KEY. Every request and response type is (de)serialized through the source-generated
// JsonSerializerContext, so no reflection is needed at run time.
using FlexInference;

int index = Array.IndexOf(args, "--base-url");
if (index < 0 || index + 1 >= args.Length || !Uri.TryCreate(args[index + 1], UriKind.Absolute, out Uri? baseUrl))
{
    Console.Error.WriteLine("Usage: AotQuickstart --base-url <router URL>, with the key in FLEX_API_KEY. Example: AotQuickstart --base-url https://api.flexinference.com/v1");
    return 2;
}

// The key comes from FLEX_API_KEY.
using var client = new FlexInferenceClient(new FlexInferenceClientOptions { BaseUrl = baseUrl });

// 1. One call: a flex race inside a 30 s window.
Response response = await client.Responses.CreateAsync(new CreateResponse
{
    Model = "gpt-5.5",
    Input = "Hello from NativeAOT.",
    StartWithin = StartWithin.Within(TimeSpan.FromSeconds(30)),
});
Console.WriteLine("answer: " + response.OutputText());
ServedRoute route = response.GetRouting();
Console.WriteLine($"route: provider {route.Provider}, tier {route.ServiceTier?.Value}, reason {route.Reason?.Value}");

// 2. The same surface, streamed.
Console.Write("streamed: ");
await using (ResponseStream stream = await client.Responses.CreateStreamingAsync(new CreateResponse
{
    Model = "gpt-5.5",
    Input = "Stream from NativeAOT.",
    StartWithin = StartWithin.Default,
}))
{
    await foreach (ResponseStreamEvent item in stream)
    {
        if (item.IsOutputTextDelta(out string? delta))
        {
            Console.Write(delta);
        }
    }

    Console.WriteLine();
    Console.WriteLine($"stream route: tier {stream.Routing.ServiceTier?.Value}, reason {stream.Routing.Reason?.Value}");
}

// 3. A typed error survives trimming too: the router's 401 body becomes AuthenticationException.
using (var revoked = new FlexInferenceClient("flex_live_000000000000000000000000000000", new FlexInferenceClientOptions { BaseUrl = baseUrl }))
{
    try
    {
        await revoked.Models.ListAsync();
    }
    catch (FlexInferenceApiException error)
    {
        Console.WriteLine($"typed error: {error.GetType().Name} (status {error.Status}, code {error.Code})");
    }
}

return 0;
