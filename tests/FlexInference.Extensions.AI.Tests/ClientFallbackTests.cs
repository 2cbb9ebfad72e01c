using FlexInference.Testing;
using Microsoft.Extensions.AI;

namespace FlexInference.Extensions.AI.Tests;

/// <summary>The client fallback seen through <c>IChatClient</c>: the response and every update say what the client did.</summary>
public sealed class ClientFallbackTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(FlexInferenceChatApi.Responses)]
    [InlineData(FlexInferenceChatApi.ChatCompletions)]
    public async Task A_response_saved_by_the_fallback_says_so(FlexInferenceChatApi api)
    {
        await using FlexInferenceTestServer server = await FlexInferenceTestServer.StartAsync(
            new FlexInferenceTestServerOptions { TimeScale = 0, BillingPastDue = true }, Ct);
        using var client = new FlexInferenceClient(FlexInferenceTestServer.TestApiKey,
            new FlexInferenceClientOptions { BaseUrl = server.BaseUrl, FlexFallback = FlexFallbackPolicy.ToDefault });
        IChatClient chat = client.AsIChatClient("gpt-5.5", new FlexInferenceChatClientOptions { Api = api, DefaultStartWithin = StartWithin.Within(TimeSpan.FromSeconds(30)) });

        ChatResponse response = await chat.GetResponseAsync("Hello", cancellationToken: Ct);
        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("Hello again", cancellationToken: Ct))
        {
            updates.Add(update);
        }

        ClientFallback fallback = Assert.IsType<ClientFallback>(response.GetClientFallback());
        Assert.Equal((402, "payment_required", "default"), (fallback.Status, fallback.Code, fallback.Tier.Value));
        Assert.Same(fallback, response.GetRouting()!.ClientFallback);
        Assert.Contains("You said: Hello", response.Text, StringComparison.Ordinal);
        Assert.NotEmpty(updates);
        Assert.All(updates, update => Assert.Equal("default", update.GetClientFallback()?.Tier.Value));
        Assert.Equal(["00h-00m-30s", "default", "00h-00m-30s", "default"], server.Requests.Select(r => r.StartWithin));
    }

    [Fact]
    public async Task RequestOptions_on_the_chat_client_turn_it_off()
    {
        await using FlexInferenceTestServer server = await FlexInferenceTestServer.StartAsync(
            new FlexInferenceTestServerOptions { TimeScale = 0, BillingPastDue = true }, Ct);
        using var client = new FlexInferenceClient(FlexInferenceTestServer.TestApiKey,
            new FlexInferenceClientOptions { BaseUrl = server.BaseUrl, FlexFallback = FlexFallbackPolicy.ToDefault });
        IChatClient chat = client.AsIChatClient("gpt-5.5", new FlexInferenceChatClientOptions
        {
            DefaultStartWithin = StartWithin.Within(TimeSpan.FromSeconds(30)),
            RequestOptions = new RequestOptions { FlexFallback = FlexFallbackPolicy.Off },
        });

        await Assert.ThrowsAsync<PaymentRequiredException>(() => chat.GetResponseAsync("Hello", cancellationToken: Ct));
        Assert.Single(server.Requests);
    }
}
