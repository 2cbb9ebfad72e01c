using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;

namespace FlexInference.Benchmarks;

/// <summary>
/// After a run: FlexInference against the raw baseline, OpenAI 2.15.0 and Anthropic 13.13.0 for every benchmark
/// (time and allocations, and the ratios), and each target of issue 9 marked met or missed. Printed and written to
/// artifacts/benchmarks/results/flexinference-targets.md.
/// </summary>
internal static class TargetReport
{
    private const string Raw = nameof(Raw);
    private const string Flex = nameof(Flex);
    private const string OpenAI = nameof(OpenAI);
    private const string Anthropic = nameof(Anthropic);

    private sealed record Group(string Title, string Kind, int EventsPerOperation);

    private static readonly Dictionary<string, Group> Groups = new()
    {
        ["SerializeChatRequestBenchmarks"] = new("1a Serialise chat request (10 messages, 2 tools)", "serialise", 1),
        ["SerializeResponsesRequestBenchmarks"] = new("1b Serialise Responses request (image URL)", "serialise", 1),
        ["SerializeMessagesRequestBenchmarks"] = new("1c Serialise Messages request (9 messages, 2 tools)", "serialise", 1),
        ["DeserializeChatCompletionBenchmarks"] = new("2a Deserialise chat completion (1 KB)", "deserialise", 1),
        ["DeserializeResponseBenchmarks"] = new("2b Deserialise Responses object (100 KB, tool calls)", "deserialise", 1),
        ["DeserializeMessageBenchmarks"] = new("2c Deserialise Anthropic message", "deserialise", 1),
        ["ChatStreamParsingBenchmarks"] = new("3a Parse chat stream, per chunk (10,000)", "stream", 10_000),
        ["ResponsesStreamParsingBenchmarks"] = new("3b Parse Responses stream, per delta (10,000)", "stream", 10_000),
        ["MessagesStreamParsingBenchmarks"] = new("3c Parse Messages stream, per delta (10,000)", "stream", 10_000),
        ["EndToEndChatCallBenchmarks"] = new("4a End to end: chat call", "e2e", 1),
        ["EndToEndChatStreamBenchmarks"] = new("4b End to end: chat stream, 500 events", "e2e", 1),
        ["EndToEndMessagesCallBenchmarks"] = new("4c End to end: Messages call", "e2e", 1),
        ["EndToEndMessagesStreamBenchmarks"] = new("4d End to end: Messages stream, 500 events", "e2e", 1),
        ["GeneratorBenchmarks"] = new("5 Generator", "generator", 1),
    };

    private sealed record Result(double MeanNs, double LowerNs, double UpperNs, long? AllocatedBytes);

    /// <returns>The number of benchmarks that produced no result (0 when every benchmark ran).</returns>
    public static int Write(IReadOnlyList<Summary> summaries, string mode)
    {
        bool isShort = mode != "full";
        var results = new Dictionary<(string Type, string Method, string Parameters), Result>();
        int missing = 0;
        foreach (BenchmarkReport report in summaries.SelectMany(summary => summary.Reports))
        {
            var key = (report.BenchmarkCase.Descriptor.Type.Name, report.BenchmarkCase.Descriptor.WorkloadMethod.Name, Parameters(report.BenchmarkCase.Parameters));
            if (report.ResultStatistics is not { } stats || !report.Success)
            {
                missing++;
                Console.Error.WriteLine($"// benchmark without a result: {key.Item1}.{key.Item2} {key.Item3}");
                continue;
            }

            results[key] = new Result(stats.Mean, stats.ConfidenceInterval.Lower, stats.ConfidenceInterval.Upper, report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase));
        }

        missing += summaries.Sum(summary => summary.ValidationErrors.Count(error => error.IsCritical));
        var text = new StringBuilder();
        text.AppendLine(isShort
            ? $"# FlexInference benchmarks: --{mode} run (not the measured job: {(mode == "short" ? "one cold invocation each; the numbers prove the benchmarks run, they measure nothing" : "ShortRun job; indicative numbers only")})"
            : "# FlexInference benchmarks: ratios and targets");
        text.AppendLine();
        text.AppendLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}. Each cell: mean time / allocated per operation (per event for stream parsing).");
        text.AppendLine();
        text.AppendLine("| Benchmark | Raw baseline | FlexInference | OpenAI 2.15.0 | Anthropic 13.13.0 | Flex/Raw time | Flex/Raw alloc | Flex/OpenAI time | Flex/OpenAI alloc | Flex/Anthropic time | Flex/Anthropic alloc |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");

        var targets = new List<(string Target, bool? Met, string Detail)>();
        foreach ((string type, Group baseGroup) in Groups)
        foreach (string parameters in Variants(results.Keys, type))
        {
            Group group = parameters.Length == 0 ? baseGroup : baseGroup with { Title = $"{baseGroup.Title} ({parameters})" };
            Result? Get(string method) => results.TryGetValue((type, method, parameters), out Result? result) ? result : null;
            if (group.Kind == "generator")
            {
                Result? cold = Get("ColdRun");
                Result? rerun = Get("UnrelatedEditRerun");
                text.AppendLine($"| {group.Title}: cold run, full spec | | {Cell(cold)} | | | | | | | | |");
                text.AppendLine($"| {group.Title}: re-run after an unrelated edit (all cached) | | {Cell(rerun)} | | | | | | | | |");
                targets.Add(("Generator cold run of the full spec < 1 s", cold is null ? null : cold.MeanNs < 1e9, Time(cold?.MeanNs)));
                targets.Add(("Generator re-run after an unrelated edit < 10 ms, every step cached (asserted in setup)", rerun is null ? null : rerun.MeanNs < 10e6, Time(rerun?.MeanNs)));
                continue;
            }

            Result? raw = Get(Raw);
            Result? flex = Get(Flex);
            Result? openAI = Get(OpenAI);
            Result? anthropic = Get(Anthropic);
            string na = "n/a (no such API)";
            text.AppendLine($"| {group.Title} | {Cell(raw)} | {Cell(flex)} | {(HasMethod(type, OpenAI) ? Cell(openAI) : na)} | {(HasMethod(type, Anthropic) ? Cell(anthropic) : na)} " +
                $"| {Ratio(flex?.MeanNs, raw?.MeanNs)} | {Ratio(flex?.AllocatedBytes, raw?.AllocatedBytes)} " +
                $"| {Ratio(flex?.MeanNs, openAI?.MeanNs)} | {Ratio(flex?.AllocatedBytes, openAI?.AllocatedBytes)} " +
                $"| {Ratio(flex?.MeanNs, anthropic?.MeanNs)} | {Ratio(flex?.AllocatedBytes, anthropic?.AllocatedBytes)} |");

            if (group.Kind == "e2e" && flex is not null && raw is not null)
            {
                targets.Add(($"{group.Title}: time within 1.15x of raw", flex.MeanNs <= 1.15 * raw.MeanNs, $"{flex.MeanNs / raw.MeanNs:0.00}x"));
                targets.Add(($"{group.Title}: allocations within 1.5x of raw", Le(flex.AllocatedBytes, 1.5, raw.AllocatedBytes), Ratio(flex.AllocatedBytes, raw.AllocatedBytes)));
            }

            foreach ((string name, Result? other) in new[] { ("OpenAI 2.15.0", openAI), ("Anthropic 13.13.0", anthropic) })
            {
                if (other is null || flex is null)
                {
                    continue;
                }

                bool overlap = flex.LowerNs <= other.UpperNs;
                targets.Add(($"{group.Title}: at most half the allocations of {name}", Le(flex.AllocatedBytes, 0.5, other.AllocatedBytes), Ratio(flex.AllocatedBytes, other.AllocatedBytes)));
                targets.Add(($"{group.Title}: no slower than {name}", flex.MeanNs <= other.MeanNs,
                    $"{flex.MeanNs / other.MeanNs:0.00}x" + (flex.MeanNs > other.MeanNs && overlap ? " (confidence intervals overlap)" : string.Empty)));
                if (group.Kind == "stream" && name.StartsWith("OpenAI", StringComparison.Ordinal))
                {
                    targets.Add(($"{group.Title}: at least 2x the events/s of {name}", flex.MeanNs * 2 <= other.MeanNs,
                        $"{1e9 / flex.MeanNs:N0} vs {1e9 / other.MeanNs:N0} events/s = {other.MeanNs / flex.MeanNs:0.00}x"));
                }
            }

            if (group.Kind == "serialise" && Get("FlexWithoutValidation") is { } bare)
            {
                text.AppendLine($"| &nbsp;&nbsp;FlexInference serialising only (without the local validation every call runs) | | {Cell(bare)} | | | {Ratio(bare.MeanNs, raw?.MeanNs)} | {Ratio(bare.AllocatedBytes, raw?.AllocatedBytes)} " +
                    $"| {Ratio(bare.MeanNs, openAI?.MeanNs)} | {Ratio(bare.AllocatedBytes, openAI?.AllocatedBytes)} | {Ratio(bare.MeanNs, anthropic?.MeanNs)} | {Ratio(bare.AllocatedBytes, anthropic?.AllocatedBytes)} |");
            }

            if (group.Kind == "stream")
            {
                text.AppendLine($"| &nbsp;&nbsp;events/s | {Rate(raw)} | {Rate(flex)} | {Rate(openAI)} | {Rate(anthropic)} | | | | | | |");
            }
        }

        text.AppendLine();
        text.AppendLine("## Targets");
        text.AppendLine();
        foreach ((string target, bool? met, string detail) in targets)
        {
            string mark = met is null ? "(no result)" : met.Value ? "met" : "MISSED";
            text.AppendLine($"- {mark}: {target} ({detail})");
        }

        if (isShort)
        {
            text.AppendLine();
            text.AppendLine($"(--{mode}: not the measured job; these marks are indicative at best.)");
        }

        string markdown = text.ToString();
        Console.WriteLine();
        Console.WriteLine(markdown);
        string directory = Path.Combine(BenchmarkConfig.ArtifactsPath, "results");
        Directory.CreateDirectory(directory);
        string file = Path.Combine(directory, $"flexinference-targets-{mode}.md");
        File.WriteAllText(file, markdown);
        Console.WriteLine($"// written to {file}");
        return missing;
    }

    private static string Parameters(BenchmarkDotNet.Parameters.ParameterInstances parameters) =>
        string.Join(", ", parameters.Items.Select(item => item.Value?.ToString()));

    /// <summary>The parameter sets a benchmark class ran with ("" when it has none or did not run).</summary>
    private static IEnumerable<string> Variants(IEnumerable<(string Type, string Method, string Parameters)> keys, string type)
    {
        List<string> variants = keys.Where(key => key.Type == type).Select(key => key.Parameters).Distinct().OrderByDescending(p => p, StringComparer.Ordinal).ToList();
        return variants.Count == 0 ? [string.Empty] : variants;
    }

    private static bool HasMethod(string type, string method) =>
        typeof(TargetReport).Assembly.GetTypes().FirstOrDefault(t => t.Name == type)?.GetMethod(method) is not null;

    private static bool? Le(long? value, double factor, long? reference) =>
        value is null || reference is null ? null : value <= factor * reference;

    private static string Cell(Result? result) => result is null ? "-" : $"{Time(result.MeanNs)} / {Bytes(result.AllocatedBytes)}";

    private static string Rate(Result? result) => result is null ? "-" : (1e9 / result.MeanNs).ToString("N0", CultureInfo.InvariantCulture);

    private static string Ratio(double? value, double? reference) =>
        value is null || reference is null || reference == 0 ? "-" : (value.Value / reference.Value).ToString("0.00", CultureInfo.InvariantCulture) + "x";

    private static string Ratio(long? value, long? reference) => Ratio((double?)value, (double?)reference);

    private static string Time(double? ns) => ns switch
    {
        null => "-",
        < 1e3 => $"{ns:0.0} ns",
        < 1e6 => $"{ns / 1e3:0.00} µs",
        < 1e9 => $"{ns / 1e6:0.00} ms",
        _ => $"{ns / 1e9:0.00} s",
    };

    private static string Bytes(long? bytes) => bytes switch
    {
        null => "-",
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} KB",
        _ => $"{bytes / (1024.0 * 1024):0.00} MB",
    };
}
