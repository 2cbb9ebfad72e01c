// Structured output with the Responses format: `dotnet run --project samples/StructuredOutput`.
// The request carries a JSON Schema; the answer's text is JSON of that shape, read into a C# record.
using System.Text.Json;
using System.Text.Json.Serialization;
using FlexInference;
using FlexInference.Samples;
using FlexInference.Testing;

var options = new FlexInferenceTestServerOptions
{
    // The embedded router echoes text; make it answer in the requested shape, as a real model would.
    ReplyFactory = (model, prompt) => """{"city":"Paris","temperature_c":7.5,"conditions":"light rain"}""",
};
await using SampleSession session = await SampleSession.StartAsync(args, options);

Response response = await session.Client.Responses.CreateAsync(new CreateResponse
{
    Model = "gpt-5.5",
    Input = "Report the weather in Paris.",
    Text = new ResponseTextParam
    {
        Format = new TextResponseFormatJsonSchema
        {
            Name = "weather",
            Strict = true,
            Schema = JsonDocument.Parse("""
                {"type":"object","additionalProperties":false,"required":["city","temperature_c","conditions"],
                 "properties":{"city":{"type":"string"},"temperature_c":{"type":"number"},"conditions":{"type":"string"}}}
                """).RootElement,
        },
    },
    StartWithin = StartWithin.Within(TimeSpan.FromSeconds(30)),
});

Weather weather = JsonSerializer.Deserialize(response.OutputText(), SampleJson.Default.Weather)!;
Console.WriteLine($"{weather.City}: {weather.TemperatureC} °C, {weather.Conditions}");

internal sealed record Weather(
    [property: JsonPropertyName("city")] string City,
    [property: JsonPropertyName("temperature_c")] double TemperatureC,
    [property: JsonPropertyName("conditions")] string Conditions);

[JsonSerializable(typeof(Weather))]
internal sealed partial class SampleJson : JsonSerializerContext;
