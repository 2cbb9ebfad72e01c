using BenchmarkDotNet.Running;
using FlexInference.Benchmarks;

// dotnet run -c Release --project benchmarks/FlexInference.Benchmarks -- [--short | --quick] [BenchmarkDotNet options, e.g. --filter *Stream*]
// (or: dotnet cake --target=Benchmarks [--short] [--benchmark-filter=...], see build.cake)
//   (no options)  every benchmark, full job (what docs/performance.md reports)
//   --short       every benchmark once (BenchmarkDotNet's Dry job): proves each one runs and passes its checks;
//                 its timings mean nothing. CI may run it; it must never gate on timings.
//   --quick       BenchmarkDotNet's ShortRun job (3 warm-ups, 3 iterations): indicative numbers while developing.
// Results, and the FlexInference ratio table with the targets, go to artifacts/benchmarks/results.
bool isShort = args.Contains("--short", StringComparer.Ordinal);
bool isQuick = args.Contains("--quick", StringComparer.Ordinal);
string[] rest = args.Where(arg => arg is not ("--short" or "--quick")).ToArray();
bool isFiltered = rest.Contains("--filter", StringComparer.Ordinal);
if (!isFiltered)
{
    rest = [.. rest, "--filter", "*"];
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, BenchmarkConfig.Create(isShort ? BenchmarkMode.Short : isQuick ? BenchmarkMode.Quick : BenchmarkMode.Full)).ToList();
// A filtered run reports only part of the suite: its own file, so it never replaces the whole suite's report.
string mode = (isShort ? "short" : isQuick ? "quick" : "full") + (isFiltered ? "-filtered" : "");
int failures = TargetReport.Write(summaries, mode);
return failures;
