namespace FlexInference.Benchmarks.Infrastructure;

/// <summary>
/// The content of the typical requests every contender serialises: the same strings, in the same order, so the bodies
/// differ only in how each SDK writes JSON. A travel-assistant conversation with two tool round trips.
/// </summary>
internal static class Conversation
{
    public const string ChatModel = "gpt-5.4-mini";
    public const string ResponsesModel = "gpt-5.5";
    public const string MessagesModel = "claude-sonnet-4-5";
    public const string StartWithin = "default";
    public const int MaxTokens = 1024;

    public const string System =
        "You are a concise travel assistant. Use the tools to check the weather and to book museum slots; never invent availability. " +
        "Answer in the user's language and keep answers under 120 words.";

    public const string WeatherToolName = "get_weather";
    public const string WeatherToolDescription = "Current weather and the forecast for the next hours at a location.";
    public const string WeatherToolSchema =
        """{"type":"object","properties":{"location":{"type":"string","description":"City and country, e.g. Paris, FR"},"unit":{"type":"string","enum":["celsius","fahrenheit"]},"hours":{"type":"integer","minimum":1,"maximum":48}},"required":["location","unit"],"additionalProperties":false}""";

    public const string BookingToolName = "book_museum_slot";
    public const string BookingToolDescription = "Book a timed-entry museum slot for the user and return the confirmation code.";
    public const string BookingToolSchema =
        """{"type":"object","properties":{"museum":{"type":"string"},"date":{"type":"string","format":"date"},"time":{"type":"string","pattern":"^\\d{2}:\\d{2}$"},"tickets":{"type":"integer","minimum":1,"maximum":10}},"required":["museum","date","time","tickets"],"additionalProperties":false}""";

    /// <summary>The turns after the system prompt: user and assistant text, two tool calls and their results.</summary>
    public static readonly Turn[] Turns =
    [
        Turn.User("Hi! I'm in Paris this afternoon with my partner. Is it a good day for a walk along the Seine, or should we plan something indoors?"),
        Turn.AssistantCall("call_8hRkT2mXw4cVb9LqN1sPz6Ye", WeatherToolName, """{"location":"Paris, FR","unit":"celsius","hours":6}"""),
        Turn.ToolResult("call_8hRkT2mXw4cVb9LqN1sPz6Ye", """{"now":{"temp_c":11.5,"sky":"light rain","wind_kph":18},"next_hours":[{"h":15,"sky":"rain"},{"h":16,"sky":"clearing"},{"h":17,"sky":"clear"}]}"""),
        Turn.Assistant("Light rain until about 15:00, clearing around 16:00. An indoor plan first, then the Seine at sunset, would work well."),
        Turn.User("Great, let's do a museum first. The Musée d'Orsay at 15:30 for two, please."),
        Turn.AssistantCall("call_Qm3VfX8c2LrT9aKd1NwE5yHb", BookingToolName, """{"museum":"Musée d'Orsay","date":"2026-11-24","time":"15:30","tickets":2}"""),
        Turn.ToolResult("call_Qm3VfX8c2LrT9aKd1NwE5yHb", """{"confirmation":"ORS-48213-KD","entry":"Entrance C, Esplanade Valéry Giscard d'Estaing","price_eur":32}"""),
        Turn.Assistant("Booked: two tickets for 15:30, confirmation ORS-48213-KD, entrance C. Bring the code on your phone."),
        Turn.User("Perfect. What should we not miss inside if we only have two hours?"),
    ];

    /// <summary>The Responses request: one user message with text and an image by URL.</summary>
    public const string ImagePrompt = "What is this building, and is it open this afternoon? Suggest the best time to visit.";
    public const string ImageUrl = "https://upload.example.org/wikipedia/commons/thumb/6/6b/Mus%C3%A9e_d%27Orsay%2C_Paris%2C_France.jpg/1280px-Orsay.jpg";
    public const string ResponsesInstructions = "Identify landmarks in photos and give practical visiting advice in two sentences.";
}

/// <summary>One turn: exactly one of text, a tool call (id, name, arguments) or a tool result (id, content).</summary>
internal sealed record Turn(string Role, string? Text, string? CallId, string? ToolName, string? Arguments)
{
    public static Turn User(string text) => new("user", text, null, null, null);

    public static Turn Assistant(string text) => new("assistant", text, null, null, null);

    public static Turn AssistantCall(string id, string name, string arguments) => new("assistant", null, id, name, arguments);

    public static Turn ToolResult(string id, string content) => new("tool", content, id, null, null);

    public bool IsCall => ToolName is not null;

    public bool IsToolResult => Role == "tool";
}
