// Gemini Interactions shape through the router: `dotnet run --project samples/Interactions`.
using FlexInference;
using FlexInference.Samples;

await using SampleSession session = await SampleSession.StartAsync(args);

InteractionObject interaction = await session.Client.Interactions.CreateAsync(new InteractionCreateParams
{
    Model = "gemini-3.5-flash",
    Input = "Summarize this contract.",
    StartWithin = StartWithin.Within(TimeSpan.FromMinutes(1)), // race Gemini's flex tier for up to a minute
});

Console.WriteLine(interaction.InteractionOutputText());
ServedRoute route = interaction.GetRouting();
Console.WriteLine($"served: tier {route.ServiceTier?.Value}, reason {route.Reason?.Value}, provider {route.Provider}");
