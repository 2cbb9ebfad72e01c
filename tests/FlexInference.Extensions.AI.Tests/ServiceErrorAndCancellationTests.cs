using FlexInference.Extensions.AI.Tests.Infrastructure;
using FlexInference.Testing;
using Microsoft.Extensions.AI;

namespace FlexInference.Extensions.AI.Tests;

/// <summary>GetService, typed errors passing through unchanged, and cancellation.</summary>
public sealed class ServiceErrorAndCancellationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetService_returns_metadata_the_underlying_client_and_itself()
    {
        await using Router router = await Router.StartAsync();
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5");

        ChatClientMetadata metadata = chat.GetService<ChatClientMetadata>()!;
        Assert.Equal("flexinference", metadata.ProviderName);
        Assert.Equal(router.Client.BaseUrl, metadata.ProviderUri);
        Assert.Equal("gpt-5.5", metadata.DefaultModelId);
        Assert.Same(router.Client, chat.GetService<FlexInferenceClient>());
        Assert.Same(chat, chat.GetService<FlexInferenceChatClient>());
        Assert.Null(chat.GetService<FlexInferenceClient>(serviceKey: "other"));
        Assert.Null(chat.GetService<HttpClient>());

        // Through a pipeline the services are still found.
        IChatClient pipeline = new ChatClientBuilder(chat).UseFunctionInvocation().Build();
        Assert.Same(router.Client, pipeline.GetService<FlexInferenceClient>());
        Assert.Equal("flexinference", pipeline.GetService<ChatClientMetadata>()!.ProviderName);
    }

    [Fact]
    public async Task Disposing_the_chat_client_leaves_the_flexinference_client_usable()
    {
        await using Router router = await Router.StartAsync();
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", StartWithin.Default);

        chat.Dispose();
        Response response = await router.Client.Responses.CreateAsync(
            new CreateResponse { Model = "gpt-5.5", Input = "still here", StartWithin = StartWithin.Default }, cancellationToken: Ct);

        Assert.Contains("still here", response.OutputText());
        Assert.DoesNotContain(FlexInferenceTestServer.TestApiKey, chat.ToString()!);
    }

    [Theory]
    [InlineData(FlexInferenceChatApi.Responses, false)]
    [InlineData(FlexInferenceChatApi.Responses, true)]
    [InlineData(FlexInferenceChatApi.ChatCompletions, false)]
    [InlineData(FlexInferenceChatApi.ChatCompletions, true)]
    public async Task A_402_arrives_as_the_clients_PaymentRequiredException(FlexInferenceChatApi api, bool stream)
    {
        await using Router router = await Router.StartAsync();
        router.Server.Faults.Enqueue(Fault.PaymentRequired());
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", new FlexInferenceChatClientOptions { Api = api, DefaultStartWithin = StartWithin.Default });

        PaymentRequiredException error = stream
            ? await Assert.ThrowsAsync<PaymentRequiredException>(async () =>
            {
                await foreach (ChatResponseUpdate _ in chat.GetStreamingResponseAsync("Hi", cancellationToken: Ct))
                {
                }
            })
            : await Assert.ThrowsAsync<PaymentRequiredException>(() => chat.GetResponseAsync("Hi", cancellationToken: Ct));

        Assert.Equal(402, error.Status);
        Assert.Equal(FlexInferenceErrorCodes.InsufficientBalance, error.Code);
    }

    [Fact]
    public async Task A_failure_after_the_stream_started_arrives_as_StreamFailedException_after_the_text_so_far()
    {
        await using Router router = await Router.StartAsync();
        router.Server.Faults.Enqueue(Fault.FailMidStream(afterEvents: 6));
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", StartWithin.Default);
        var text = new System.Text.StringBuilder();

        await Assert.ThrowsAsync<StreamFailedException>(async () =>
        {
            await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("Hello there friend", cancellationToken: Ct))
            {
                text.Append(update.Text);
            }
        });

        Assert.True(text.Length > 0, "some text should have arrived before the failure");
    }

    [Fact]
    public async Task A_cancelled_token_cancels_the_call_and_sends_nothing()
    {
        await using Router router = await Router.StartAsync();
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", StartWithin.Default);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => chat.GetResponseAsync("Hi", cancellationToken: cancelled.Token));

        Assert.Empty(router.Server.Requests);
    }

    [Theory]
    [InlineData(FlexInferenceChatApi.Responses)]
    [InlineData(FlexInferenceChatApi.ChatCompletions)]
    public async Task Cancelling_during_a_stream_stops_it_with_OperationCanceledException(FlexInferenceChatApi api)
    {
        await using Router router = await Router.StartAsync(new FlexInferenceTestServerOptions { StreamEventDelay = TimeSpan.FromMilliseconds(50) });
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", new FlexInferenceChatClientOptions { Api = api, DefaultStartWithin = StartWithin.Default });
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        int received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("one two three four five six seven", cancellationToken: cancellation.Token))
            {
                if (update.Text.Length > 0 && ++received == 2)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.Equal(2, received);
    }

    [Fact]
    public async Task Cancelling_during_a_flex_race_cancels_the_waiting_call()
    {
        await using Router router = await Router.StartAsync(new FlexInferenceTestServerOptions { TimeScale = 1.0, DefaultFlexProfile = FlexProfile.NeverAdmitted });
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", StartWithin.Within(TimeSpan.FromMinutes(10)));
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        Task<ChatResponse> call = chat.GetResponseAsync("Hi", cancellationToken: cancellation.Token);
        while (router.Server.Requests.Count == 0)
        {
            await Task.Delay(10, Ct);
        }

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task An_unknown_api_value_is_refused_when_the_chat_client_is_created()
    {
        await using Router router = await Router.StartAsync();

        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            router.Client.AsIChatClient("gpt-5.5", new FlexInferenceChatClientOptions { Api = (FlexInferenceChatApi)7 }));

        Assert.Contains("FlexInferenceChatApi.ChatCompletions", error.Message);
    }
}
