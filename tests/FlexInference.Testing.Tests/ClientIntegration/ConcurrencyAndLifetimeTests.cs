using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace FlexInference.Testing.Tests.ClientIntegration;

/// <summary>
/// One client under load and at the end of its life, against the embedded router: 200 parallel calls (half of them
/// streams) each get their own answer; disposing the client mid-stream ends every stream promptly; and no task
/// exception goes unobserved. The class runs alone, so the unobserved-exception check sees only its own tasks.
/// </summary>
[Collection(nameof(ConcurrencyAndLifetimeTests))]
public sealed class ConcurrencyAndLifetimeTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_hundred_parallel_calls_half_of_them_streams_each_get_their_own_answer_with_nothing_unobserved()
    {
        var unobserved = new ConcurrentQueue<Exception>();
        void Record(object? sender, UnobservedTaskExceptionEventArgs e) => unobserved.Enqueue(e.Exception);
        Flush();
        TaskScheduler.UnobservedTaskException += Record;
        try
        {
            await using var router = await FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions { TimeScale = 0.001, StreamEventDelay = TimeSpan.FromMilliseconds(5) }, Token);
            using var client = new FlexInferenceClient(FlexInferenceTestServer.TestApiKey, new FlexInferenceClientOptions { BaseUrl = router.BaseUrl });

            string[] answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => Ask(client, i), Token)));

            for (int i = 0; i < answers.Length; i++)
            {
                Assert.Contains(Marker(i), answers[i], StringComparison.Ordinal);
                Assert.Equal(1, CountMarkers(answers[i])); // no other request's text leaked in
            }

            Assert.Equal(200, router.Requests.Count);
        }
        finally
        {
            Flush();
            TaskScheduler.UnobservedTaskException -= Record;
        }

        Assert.Empty(unobserved);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Disposing_the_client_during_active_streams_ends_them_promptly_with_ObjectDisposedException_or_cancellation(bool sync)
    {
        var unobserved = new ConcurrentQueue<Exception>();
        void Record(object? sender, UnobservedTaskExceptionEventArgs e) => unobserved.Enqueue(e.Exception);
        Flush();
        TaskScheduler.UnobservedTaskException += Record;
        try
        {
            // Real-time pauses of 1 s between events: every stream is mid-way when the client goes.
            await using var router = await FlexInferenceTestServer.StartAsync(new FlexInferenceTestServerOptions { TimeScale = 1, StreamEventDelay = TimeSpan.FromSeconds(1) }, Token);
            var client = new FlexInferenceClient(FlexInferenceTestServer.TestApiKey, new FlexInferenceClientOptions { BaseUrl = router.BaseUrl });
            using var started = new CountdownEvent(20);
            // The blocking readers get their own threads, so twenty of them do not starve the pool the router runs on.
            Task[] streams = Enumerable.Range(0, 20).Select(i => sync
                ? Task.Factory.StartNew(() =>
                {
                    bool signalled = false;
                    using ResponseStream stream = client.Responses.CreateStreaming(Request(i), cancellationToken: Token);
                    foreach (ResponseStreamEvent _ in stream)
                    {
                        Signal(ref signalled, started);
                    }
                }, Token, TaskCreationOptions.LongRunning, TaskScheduler.Default)
                : Task.Run(async () =>
                {
                    bool signalled = false;
                    await using ResponseStream stream = await client.Responses.CreateStreamingAsync(Request(i), cancellationToken: Token);
                    await foreach (ResponseStreamEvent _ in stream)
                    {
                        Signal(ref signalled, started);
                    }
                }, Token)).ToArray();
            Assert.True(started.Wait(TimeSpan.FromSeconds(30), Token), "the streams did not start");

            var clock = Stopwatch.StartNew();
            client.Dispose();
            foreach (Task stream in streams)
            {
                Exception error = await Assert.ThrowsAnyAsync<Exception>(() => stream);
                Assert.True(error is ObjectDisposedException or OperationCanceledException, error.ToString());
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the streams ended {clock.Elapsed} after Dispose");
            await Assert.ThrowsAsync<ObjectDisposedException>(() => client.Responses.CreateStreamingAsync(Request(0), cancellationToken: Token));
        }
        finally
        {
            Flush();
            TaskScheduler.UnobservedTaskException -= Record;
        }

        Assert.Empty(unobserved);
    }

    private static async Task<string> Ask(FlexInferenceClient client, int i)
    {
        if (i % 2 == 0)
        {
            Response response = await client.Responses.CreateAsync(Request(i), cancellationToken: Token);
            return response.OutputText();
        }

        await using ResponseStream stream = await client.Responses.CreateStreamingAsync(Request(i), cancellationToken: Token);
        var text = new StringBuilder();
        await foreach (string delta in stream.TextDeltasAsync(Token))
        {
            text.Append(delta);
        }

        Assert.True(stream.IsCompleted);
        return text.ToString();
    }

    private static CreateResponse Request(int i) => new() { Model = "gpt-5.5", Input = $"Echo {Marker(i)} please", StartWithin = StartWithin.Default };

    private static string Marker(int i) => $"marker-{i:D3}-end";

    private static int CountMarkers(string text) => text.Split("marker-").Length - 1;

    private static void Signal(ref bool signalled, CountdownEvent started)
    {
        if (!signalled)
        {
            signalled = true;
            started.Signal();
        }
    }

    /// <summary>Finalises every task that lost its last reference, so an unobserved exception is reported now.</summary>
    private static void Flush()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}

/// <summary>The tests that watch process-wide state (unobserved task exceptions) run alone.</summary>
[CollectionDefinition(nameof(ConcurrencyAndLifetimeTests), DisableParallelization = true)]
public sealed class ConcurrencyAndLifetimeCollection;
