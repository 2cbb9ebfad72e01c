// Function calling with the Responses format: `dotnet run --project samples/Tools`.
// The model asks for a tool call, the program runs the tool, and sends the result back for the final answer.
using System.Text.Json;
using FlexInference;
using FlexInference.Samples;
using FlexInference.Testing;

await using SampleSession session = await SampleSession.StartAsync(args);
if (session.Router is { } router)
{
    // The embedded router answers with text only, so script the provider's tool call for the first request.
    router.Faults.Enqueue(Fault.Raw(200, """
        {"id":"resp_tool","object":"response","status":"completed","model":"gpt-5.5","service_tier":"default",
         "output":[{"type":"function_call","id":"fc_1","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}","status":"completed"}]}
        """));
}

var weatherTool = new FunctionTool
{
    Name = "get_weather",
    Description = "The current weather in a city.",
    Parameters = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement,
};
var question = new EasyInputMessage { Role = "user", Content = "What's the weather in Paris?" };

Response first = await session.Client.Responses.CreateAsync(new CreateResponse
{
    Model = "gpt-5.5",
    Input = new InputItem[] { question },
    Tools = [weatherTool],
    StartWithin = StartWithin.Within(TimeSpan.FromSeconds(30)),
});

var followUp = new List<InputItem> { question };
foreach (OutputItem item in first.Output ?? [])
{
    if (item.TryGetFunctionToolCall(out FunctionToolCall? call))
    {
        Console.WriteLine($"model called {call.Name}({call.Arguments})");
        string city = JsonDocument.Parse(call.Arguments).RootElement.GetProperty("city").GetString()!;
        followUp.Add(call);
        followUp.Add(new FunctionToolCallOutput { CallId = call.CallId, Output = $"{{\"city\":\"{city}\",\"summary\":\"light rain\",\"temp_c\":7.5}}" });
    }
}

Response answer = await session.Client.Responses.CreateAsync(new CreateResponse
{
    Model = "gpt-5.5",
    Input = followUp,
    Tools = [weatherTool],
    StartWithin = StartWithin.Within(TimeSpan.FromSeconds(30)),
});
Console.WriteLine(answer.OutputText());
