using FlexInference.Extensions.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace FlexInference.Extensions.AI.Tests;

/// <summary><c>start_within</c> reaches the wire from ChatOptions and from the chat client's default, and its absence is refused locally.</summary>
public sealed class StartWithinTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(FlexInferenceChatApi.Responses)]
    [InlineData(FlexInferenceChatApi.ChatCompletions)]
    public async Task Options_start_within_wins_over_the_client_default(FlexInferenceChatApi api)
    {
        await using Router router = await Router.StartAsync();
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", new FlexInferenceChatClientOptions { Api = api, DefaultStartWithin = StartWithin.Priority });

        await chat.GetResponseAsync("one", new ChatOptions().WithStartWithin(StartWithin.Within(TimeSpan.FromSeconds(45))), Ct);
        await chat.GetResponseAsync("two", cancellationToken: Ct);
        await chat.GetResponseAsync("three", new ChatOptions { AdditionalProperties = new() { ["start_within"] = "00h-01m-00s" } }, Ct);

        Assert.Equal(["00h-00m-45s", "priority", "00h-01m-00s"], router.Server.Requests.Select(request => request.StartWithin));
    }

    [Fact]
    public void WithStartWithin_stores_the_value_under_the_documented_key_and_GetStartWithin_reads_it_back()
    {
        var options = new ChatOptions().WithStartWithin(StartWithin.Within(TimeSpan.FromSeconds(20)));

        Assert.Equal(StartWithin.Within(TimeSpan.FromSeconds(20)), options.AdditionalProperties![FlexInferenceChatKeys.StartWithin]);
        Assert.Equal("00h-00m-20s", options.GetStartWithin()?.Value);
        Assert.Equal("auto", new ChatOptions { AdditionalProperties = new() { ["start_within"] = "auto" } }.GetStartWithin()?.Value);
        Assert.Null(new ChatOptions { AdditionalProperties = new() { ["start_within"] = "soon" } }.GetStartWithin());
        Assert.Null(new ChatOptions().GetStartWithin());
    }

    [Theory]
    [InlineData(FlexInferenceChatApi.Responses, false)]
    [InlineData(FlexInferenceChatApi.Responses, true)]
    [InlineData(FlexInferenceChatApi.ChatCompletions, false)]
    [InlineData(FlexInferenceChatApi.ChatCompletions, true)]
    public async Task Missing_start_within_is_refused_locally_with_the_clients_own_message(FlexInferenceChatApi api, bool stream)
    {
        await using Router router = await Router.StartAsync();
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5", new FlexInferenceChatClientOptions { Api = api });

        FlexInferenceValidationException error = stream
            ? await Assert.ThrowsAsync<FlexInferenceValidationException>(async () =>
            {
                await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("Hi", cancellationToken: Ct))
                {
                    Assert.Fail($"no update expected, got {update}");
                }
            })
            : await Assert.ThrowsAsync<FlexInferenceValidationException>(() => chat.GetResponseAsync("Hi", cancellationToken: Ct));

        FlexInferenceValidationException direct = await Assert.ThrowsAsync<FlexInferenceValidationException>(() =>
            router.Client.Responses.CreateAsync(new CreateResponse { Model = "gpt-5.5", Input = "Hi" }, cancellationToken: Ct));
        Assert.Equal(FlexInferenceErrorCodes.MissingStartWithin, error.Code);
        Assert.Equal("start_within", error.ParamName);
        Assert.Equal(direct.Message, error.Message);
        Assert.Empty(router.Server.Requests);
    }

    [Fact]
    public async Task An_invalid_start_within_string_is_refused_locally_too()
    {
        await using Router router = await Router.StartAsync();
        IChatClient chat = router.Client.AsIChatClient("gpt-5.5");

        FlexInferenceValidationException error = await Assert.ThrowsAsync<FlexInferenceValidationException>(() =>
            chat.GetResponseAsync("Hi", new ChatOptions { AdditionalProperties = new() { ["start_within"] = "standard" } }, Ct));

        Assert.Equal("start_within", error.ParamName);
        Assert.Empty(router.Server.Requests);
    }
}
