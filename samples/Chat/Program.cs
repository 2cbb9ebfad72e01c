// Chat Completions through the router: `dotnet run --project samples/Chat` (add --base-url ... for the real router).
using FlexInference;
using FlexInference.Samples;

await using SampleSession session = await SampleSession.StartAsync(args);

CreateChatCompletionResponse completion = await session.Client.Chat.Completions.CreateAsync(new CreateChatCompletionRequest
{
    Model = "gpt-5.5",
    Messages =
    [
        new ChatCompletionRequestSystemMessage { Content = "You answer in one short sentence." },
        new ChatCompletionRequestUserMessage { Content = "Hello!" },
    ],
    StartWithin = StartWithin.Default, // standard tier, no race
});

Console.WriteLine(completion.OutputText());
ServedRoute route = completion.GetRouting();
Console.WriteLine($"served: tier {route.ServiceTier?.Value}, reason {route.Reason?.Value}, cost {route.CostUsd} USD");
