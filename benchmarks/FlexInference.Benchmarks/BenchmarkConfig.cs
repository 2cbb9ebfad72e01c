using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;

namespace FlexInference.Benchmarks;

internal enum BenchmarkMode
{
    Full,
    Short,
    Quick,
}

/// <summary>The suite's configuration: the job (full or --short), memory diagnoser, ratio columns, exporters.</summary>
internal static class BenchmarkConfig
{
    public static string ArtifactsPath { get; } = Path.Combine(RepoRoot(), "artifacts", "benchmarks");

    public static IConfig Create(BenchmarkMode mode)
    {
        Job job = mode switch
        {
            // One invocation per benchmark, no warm-up: enough to prove each benchmark builds, runs and passes its
            // [GlobalSetup] checks. The numbers are cold and mean nothing.
            BenchmarkMode.Short => Job.Dry.WithId("Short"),
            // A few iterations, for indicative numbers while developing.
            BenchmarkMode.Quick => Job.ShortRun.WithId("Quick"),
            // The measured job: bounded so the full suite fits a shared 2-core machine.
            _ => Job.Default.WithId("Full").WithWarmupCount(6).WithMinIterationCount(15).WithMaxIterationCount(40),
        };

        return ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddColumn(CategoriesColumn.Default)
            .AddColumn(BaselineRatioColumn.RatioMean)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .AddExporter(CsvExporter.Default)
            .WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared, BenchmarkDotNet.Order.MethodOrderPolicy.Declared))
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value))
            .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory)
            .WithArtifactsPath(ArtifactsPath)
            .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.StopOnFirstError);
    }

    private static string RepoRoot()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "global.json")) && Directory.Exists(Path.Combine(directory.FullName, "benchmarks")))
                {
                    return directory.FullName;
                }
            }
        }

        return Environment.CurrentDirectory;
    }
}
