// Anthropic Messages shape through the router: `dotnet run --project samples/Messages`.
// Claude has no flex tier: use "default", "priority" or "auto" (a duration is refused locally).
using FlexInference;
using FlexInference.Samples;

await using SampleSession session = await SampleSession.StartAsync(args);

MessageObject message = await session.Client.Messages.CreateAsync(new MessageCreateParams
{
    Model = "claude-opus-4-8",
    MaxTokens = 1024, // Anthropic requires an output cap
    Messages = [new Message { Role = "user", Content = "Summarize this contract." }],
    StartWithin = StartWithin.Default,
});

Console.WriteLine(message.MessageOutputText());
Console.WriteLine($"served: tier {message.GetRouting().ServiceTier?.Value}, stop reason {message.StopReason?.Value}");

try
{
    await session.Client.Messages.CreateAsync(new MessageCreateParams
    {
        Model = "claude-opus-4-8",
        MaxTokens = 1024,
        Messages = [new Message { Role = "user", Content = "Hi" }],
        StartWithin = StartWithin.Within(TimeSpan.FromSeconds(30)),
    });
}
catch (FlexInferenceValidationException error)
{
    Console.WriteLine($"refused locally ({error.Code}): {error.Message}");
}
