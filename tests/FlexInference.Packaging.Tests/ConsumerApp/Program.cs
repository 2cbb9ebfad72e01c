// The program a user writes against the FlexInference package. PackedConsumerTests copies it into consumer projects
// that reference only the nupkg from artifacts/packages. Usage: Consumer <router base URL> <api key>
using FlexInference;

// What the source generator in the package produced for this project (nothing unless a spec was opted in).
string[] generated = typeof(Program).Assembly.GetTypes()
    .Where(type => type.IsPublic && type.Namespace == "MyApp.Router")
    .Select(type => type.Name)
    .Order(StringComparer.Ordinal)
    .ToArray();
Console.WriteLine($"generated public types in MyApp.Router: {generated.Length}");
Console.WriteLine($"generated MyApp.Router.CreateResponse: {generated.Contains("CreateResponse")}");

using var client = new FlexInferenceClient(args[1], new FlexInferenceClientOptions { BaseUrl = new Uri(args[0]) });
Response response = await client.Responses.CreateAsync(new CreateResponse
{
    Model = "gpt-5.5",
    Input = "Hello from a packed consumer.",
    StartWithin = StartWithin.Default,
});
Console.WriteLine("answer: " + response.OutputText());
ServedRoute route = response.GetRouting();
Console.WriteLine($"route: tier {route.ServiceTier?.Value}, reason {route.Reason?.Value}");
