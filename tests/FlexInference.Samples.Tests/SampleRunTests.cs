using System.Diagnostics;
using System.Reflection;

namespace FlexInference.Samples.Tests;

/// <summary>Every sample runs to completion against the embedded router and prints what it promises.</summary>
public sealed class SampleRunTests
{
    [Theory]
    [InlineData("Quickstart", new[] { "tier flex, reason flex_won", "reason flex_deadline", "tier priority, reason tier_direct", "FlexInferenceValidationException (invalid_start_within)", "PaymentRequiredException: status 402", "00h-00m-30s",
        "start_within 00h-01m-00s (75 s left, 15 s to answer); client fallback: HTTP 402 payment_required, resent at default", "Usage ledger", "1 saved by the client fallback" })]
    [InlineData("Chat", new[] { "You said: Hello!", "tier default, reason tier_direct" })]
    [InlineData("Interactions", new[] { "You said: Summarize this contract.", "provider google" })]
    [InlineData("Messages", new[] { "tier standard", "refused locally (flex_unsupported_for_anthropic)" })]
    [InlineData("Tools", new[] { "model called get_weather({\"city\":\"Paris\"})", "You said: What's the weather in Paris?" })]
    [InlineData("StructuredOutput", new[] { "Paris: 7.5 °C, light rain" })]
    public async Task A_sample_runs_to_completion(string sample, string[] expected)
    {
        (int exitCode, string output) = await RunAsync(sample);

        Assert.True(exitCode == 0, $"{sample} exited with {exitCode}:\n{output}");
        foreach (string fragment in expected)
        {
            Assert.Contains(fragment, output, StringComparison.Ordinal);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string sample)
    {
        string root = Metadata("SamplesRoot");
        string dll = Path.Combine(root, sample, "bin", Metadata("Configuration"), "net10.0", sample + ".dll");
        Assert.True(File.Exists(dll), $"The sample was not built: {dll}");
        var start = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment.Remove("FLEX_API_KEY"); // always the embedded router
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static string Metadata(string key) =>
        typeof(SampleRunTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == key).Value!;
}
