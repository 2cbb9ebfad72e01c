// Build script for the FlexInference .NET SDK, run through ./build.sh (which restores the pinned Cake.Tool first):
//
//   ./build.sh                          same as --target=Default (= Test)
//   ./build.sh --target=Build           restore + build with warnings as errors
//   ./build.sh --target=Test            build + pack + run every test project, print "N passed, N failed[, N skipped]"
//                                       last (packs first: tests/FlexInference.Packaging.Tests restores the nupkgs)
//   ./build.sh --target=UpdateSnapshots accept snapshot changes: rename tests/**/*.received.* to *.verified.*
//   ./build.sh --target=Pack            build + pack every IsPackable=true project into artifacts/packages: FlexInference
//                                       (with FlexInference.Generated and the generator inside) and FlexInference.Testing,
//                                       .nupkg + .snupkg; see docs/packaging.md (public API baselines, SourceLink, NativeAOT)
//   ./build.sh --target=Spec            NSwag reads the spec (fails if it rejects it; --spec=<file> for another document)
//   ./build.sh --target=Benchmarks      the full BenchmarkDotNet suite (benchmarks/FlexInference.Benchmarks), always in
//                                       Release: FlexInference vs a raw HttpClient + System.Text.Json baseline, OpenAI 2.15.0
//                                       and Anthropic 13.13.0 (about 30 minutes on 2 cores; CPU-heavy, run it rarely). Results
//                                       and the ratio/target table go to artifacts/benchmarks/results; see docs/performance.md
//   ./build.sh --target=Benchmarks --short
//                                       smoke mode: every benchmark once (BenchmarkDotNet's Dry job) with its correctness
//                                       checks, a few minutes; CI may run it, and must never gate on its timings
//   ./build.sh --target=Benchmarks --benchmark-filter=*EndToEnd*
//                                       only the matching benchmarks (BenchmarkDotNet --filter syntax), full or --short
//   ./build.sh --configuration=Debug    any target, in Debug (default: Release)
//
// Only Cake.Tool built-ins and plain C# are used: no #addin or #tool directives (nothing to download at run time).

using System.Text.RegularExpressions;
using System.Xml.Linq;

///////////////////////////////////////////////////////////////////////////////
// ARGUMENTS
///////////////////////////////////////////////////////////////////////////////

var target = Argument<string>("target", "Default");
var configuration = Argument<string>("configuration", "Release");

///////////////////////////////////////////////////////////////////////////////
// GLOBAL VARIABLES
///////////////////////////////////////////////////////////////////////////////

var solution = MakeAbsolute(File("./FlexInference.slnx"));
var testsDir = MakeAbsolute(Directory("./tests"));
var artifactsDir = MakeAbsolute(Directory("./artifacts"));
var testResultsDir = artifactsDir.Combine("test-results");
var packagesDir = artifactsDir.Combine("packages");

var isCi = string.Equals(EnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

// The summary of the last test run; printed as the very last line of output, after Cake's task report.
TestSummary lastTestSummary = null;

///////////////////////////////////////////////////////////////////////////////
// SETUP / TEARDOWN
///////////////////////////////////////////////////////////////////////////////

Setup(_ =>
{
    Information("");
    Information("----------------------------------------");
    Information("Building FlexInference ({0}, target {1}{2})", configuration, target, isCi ? ", CI" : "");
    Information("----------------------------------------");
    Information("");
});

Teardown(_ =>
{
    Information("Finished running tasks.");
});

//////////////////////////////////////////////////////////////////////
// PRIVATE TASKS
//////////////////////////////////////////////////////////////////////

Task("__Clean")
    .Does(() =>
{
    // Only build outputs of this script; bin/ and obj/ are kept so that builds stay incremental.
    CleanDirectories(new[] { testResultsDir, packagesDir });
});

Task("__Restore")
    .Does(() =>
{
    Information("Restoring {0}", solution);
    DotNetRestore(solution.FullPath);
});

Task("__Build")
    .Does(() =>
{
    Information("Building {0}", solution);
    DotNetBuild(solution.FullPath, new DotNetBuildSettings
    {
        Configuration = configuration,
        Verbosity = DotNetVerbosity.Minimal,
        NoRestore = true,
        MSBuildSettings = new DotNetMSBuildSettings
        {
            TreatAllWarningsAs = MSBuildTreatAllWarningsAs.Error,
        },
    });
});

Task("__RunTests")
    .Does(() =>
{
    lastTestSummary = RunTests();
});

Task("__RefuseOnCi")
    .Does(() =>
{
    if (isCi)
    {
        throw new InvalidOperationException(
            "UpdateSnapshots refuses to run on CI (CI=true): snapshots are accepted by a person, locally. " +
            "Run ./build.sh --target=UpdateSnapshots on your machine, review the .verified. changes and commit them.");
    }
});

Task("__Setup")
    .IsDependentOn("__Clean")
    .IsDependentOn("__Restore");

Task("__CommonBuild")
    .IsDependentOn("__Setup")
    .IsDependentOn("__Build");

// ---------------------------------------------------------------------------------------------------------------
// Spec: NSwag as an independent OpenAPI reader. Building tests/FlexInference.Spec.Tests runs its GenerateNSwagReference
// target: NSwag reads openapi/flexinference.openapi.json (or --spec=<file>) and the build fails with FLEXSPEC001,
// naming the spec, when NSwag rejects it; otherwise NSwag's DTOs are compiled for the differential tests, which run
// with the others under Test. Building the solution (Build/Test) runs the same gate.
// ---------------------------------------------------------------------------------------------------------------

Task("Spec")
    .Does(() =>
{
    var project = MakeAbsolute(File("./tests/FlexInference.Spec.Tests/FlexInference.Spec.Tests.csproj"));
    var specFile = Argument<string>("spec", "");
    var msbuild = new DotNetMSBuildSettings { TreatAllWarningsAs = MSBuildTreatAllWarningsAs.Error };
    if (!string.IsNullOrEmpty(specFile))
    {
        msbuild.WithProperty("NSwagSpecFile", MakeAbsolute(File(specFile)).FullPath);
    }

    Information("Checking {0} with NSwag by building {1}", string.IsNullOrEmpty(specFile) ? "openapi/flexinference.openapi.json" : specFile, project.GetFilename());
    DotNetBuild(project.FullPath, new DotNetBuildSettings
    {
        Configuration = configuration,
        Verbosity = DotNetVerbosity.Minimal,
        MSBuildSettings = msbuild,
    });
});

// ---------------------------------------------------------------------------------------------------------------
// Benchmarks: never part of Build/Test (CI builds the project with the solution but does not run it).
// ---------------------------------------------------------------------------------------------------------------

Task("Benchmarks")
    .Does(() =>
{
    var project = MakeAbsolute(File("./benchmarks/FlexInference.Benchmarks/FlexInference.Benchmarks.csproj"));
    var isShort = HasArgument("short");
    var filter = Argument<string>("benchmark-filter", "*");
    var arguments = new ProcessArgumentBuilder().Append("--filter").AppendQuoted(filter);
    if (isShort)
    {
        arguments.Append("--short");
    }

    Information("Running {0} benchmarks ({1}), filter {2}", project.GetFilename(), isShort ? "--short: every benchmark once, timings meaningless" : "full job", filter);
    // Always Release: BenchmarkDotNet refuses to measure a Debug build.
    DotNetRun(project.FullPath, arguments, new DotNetRunSettings
    {
        Configuration = "Release",
        MSBuildSettings = new DotNetMSBuildSettings { TreatAllWarningsAs = MSBuildTreatAllWarningsAs.Error },
    });
});

//////////////////////////////////////////////////////////////////////
// BUILD TASKS
//////////////////////////////////////////////////////////////////////

Task("Build")
    .IsDependentOn("__CommonBuild");

Task("Test")
    .IsDependentOn("__CommonBuild")
    .IsDependentOn("Pack") // tests/FlexInference.Packaging.Tests restores artifacts/packages
    .IsDependentOn("__RunTests");

Task("UpdateSnapshots")
    .IsDependentOn("__RefuseOnCi")
    .IsDependentOn("__CommonBuild")
    .IsDependentOn("Pack")
    .Does(() =>
{
    Information("Running the tests to produce .received. files (failures are expected here)...");
    var firstRun = RunTests();
    Information("First run: {0}", firstRun.Line);

    var accepted = AcceptReceivedFiles(testsDir);
    if (accepted == 0)
    {
        Information("No .received. files under tests/: nothing to accept.");
    }
    else
    {
        Information("Accepted {0} file(s). Review them with 'git diff' / 'git status' before committing.", accepted);
    }

    Information("Re-running the tests to confirm they are green...");
    lastTestSummary = RunTests();
});

Task("Pack")
    .IsDependentOn("__CommonBuild")
    .Does(() =>
{
    // `dotnet pack` of the solution packs exactly the projects whose IsPackable is true
    // (Directory.Build.props defaults it to false; shipped libraries opt in) and skips the others.
    DotNetPack(solution.FullPath, new DotNetPackSettings
    {
        Configuration = configuration,
        Verbosity = DotNetVerbosity.Minimal,
        NoBuild = true,
        NoRestore = true,
        OutputDirectory = packagesDir,
        MSBuildSettings = new DotNetMSBuildSettings
        {
            TreatAllWarningsAs = MSBuildTreatAllWarningsAs.Error,
        },
    });

    var packages = GetFiles(packagesDir.FullPath + "/*.nupkg");
    if (packages.Count == 0)
    {
        Information("No packable projects (IsPackable=true) in the solution yet: nothing was packed.");
    }

    foreach (var package in packages.OrderBy(p => p.FullPath, StringComparer.Ordinal))
    {
        Information("Packed {0} ({1:N0} bytes)", package.GetFilename(), new System.IO.FileInfo(package.FullPath).Length);
    }
});

///////////////////////////////////////////////////////////////////////////////
// PRIMARY TARGETS
///////////////////////////////////////////////////////////////////////////////

Task("Default")
    .IsDependentOn("Test");

///////////////////////////////////////////////////////////////////////////////
// EXECUTION
///////////////////////////////////////////////////////////////////////////////

RunTarget(target);

// Cake prints its task report when RunTarget returns, so the test summary goes after it: the very last line of the
// output is exactly "N passed, N failed" (", N skipped" when any were skipped), which CI reads.
if (lastTestSummary is not null)
{
    foreach (var problem in lastTestSummary.Problems)
    {
        Error("{0}", problem);
    }

    System.Console.Out.Flush();
    System.Console.Error.Flush();
    System.Console.WriteLine(lastTestSummary.Line);
    System.Console.Out.Flush();
    if (!lastTestSummary.Succeeded)
    {
        // A test failure is reported by the summary line above, not by an exception (whose message Cake would
        // print after it); exit non-zero directly.
        System.Environment.Exit(1);
    }
}

//////////////////////////////////////////////////////////////////////
// HELPER FUNCTIONS
//////////////////////////////////////////////////////////////////////

// Runs every test project of the solution with a TRX logger into artifacts/test-results (emptied first) and
// summarises the TRX files. Never throws for failing tests: the caller decides.
TestSummary RunTests()
{
    CleanDirectory(testResultsDir);

    var exitCode = 0;
    DotNetTest(solution.FullPath, new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
        ResultsDirectory = testResultsDir,
        // One TRX file per test project: the TRX logger names it {prefix}_{tfm}_{yyyyMMddHHmmss}.trx and picks the
        // next free name if that exists. The check is not atomic across processes, so test projects run one after
        // the other (-m:1) to keep two projects finishing in the same second from writing the same file.
        Loggers = new[] { "trx;LogFilePrefix=FlexInference" },
        ArgumentCustomization = args => args.Append("-m:1"),
        HandleExitCode = code =>
        {
            exitCode = code;
            return true;
        },
    });

    return TestSummary.FromTrxFiles(
        GetFiles(testResultsDir.FullPath + "/**/*.trx").Select(file => file.FullPath).ToList(),
        exitCode);
}

// Renames every *.received.* file under the given folder (outside bin/ and obj/) to the matching *.verified.*, and
// turns *.received.{ext}.delete markers (written for baselines that are no longer produced) into deletions.
int AcceptReceivedFiles(DirectoryPath root)
{
    var count = 0;
    var files = System.IO.Directory.EnumerateFiles(root.FullPath, "*.received.*", System.IO.SearchOption.AllDirectories)
        .Where(path => !Regex.IsMatch(path, @"[\\/](bin|obj)[\\/]"))
        .OrderBy(path => path, StringComparer.Ordinal)
        .ToList();

    foreach (var received in files)
    {
        var directory = System.IO.Path.GetDirectoryName(received);
        var fileName = System.IO.Path.GetFileName(received);
        var index = fileName.LastIndexOf(".received.", StringComparison.Ordinal);
        var relative = System.IO.Path.GetRelativePath(root.FullPath, received);

        if (fileName.EndsWith(".delete", StringComparison.Ordinal))
        {
            var verifiedName = fileName.Substring(0, index) + ".verified." +
                fileName.Substring(index + ".received.".Length, fileName.Length - index - ".received.".Length - ".delete".Length);
            var verified = System.IO.Path.Combine(directory, verifiedName);
            if (System.IO.File.Exists(verified))
            {
                System.IO.File.Delete(verified);
                Information("Deleted stale {0}", System.IO.Path.GetRelativePath(root.FullPath, verified));
            }

            System.IO.File.Delete(received);
        }
        else
        {
            var verified = System.IO.Path.Combine(
                directory, fileName.Substring(0, index) + ".verified." + fileName.Substring(index + ".received.".Length));
            System.IO.File.Move(received, verified, overwrite: true);
            Information("Accepted {0} -> {1}", relative, System.IO.Path.GetFileName(verified));
        }

        count++;
    }

    return count;
}

// Counts from the TRX files of one `dotnet test` run.
public sealed class TestSummary
{
    private static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public int Passed { get; private set; }
    public int Failed { get; private set; }
    public int Skipped { get; private set; }
    public int Total { get; private set; }
    public int TrxFiles { get; private set; }
    public int ExitCode { get; private set; }
    public List<string> Problems { get; } = new List<string>();

    public bool Succeeded => Problems.Count == 0;

    // "N passed, N failed", plus ", N skipped" when any test was skipped.
    public string Line => Skipped > 0
        ? $"{Passed} passed, {Failed} failed, {Skipped} skipped"
        : $"{Passed} passed, {Failed} failed";

    public static TestSummary FromTrxFiles(IReadOnlyCollection<string> trxFiles, int exitCode)
    {
        var summary = new TestSummary { TrxFiles = trxFiles.Count, ExitCode = exitCode };
        foreach (var path in trxFiles)
        {
            var document = XDocument.Load(path);
            var counters = document.Descendants(Trx + "Counters").FirstOrDefault();
            if (counters is null)
            {
                summary.Problems.Add($"{path} has no ResultSummary/Counters element.");
                continue;
            }

            int Count(string name) => int.TryParse((string)counters.Attribute(name), out var value) ? value : 0;

            // xunit's skipped tests are "NotExecuted" results; count them from the counters or the results.
            var notExecutedResults = document.Descendants(Trx + "UnitTestResult")
                .Count(result => (string)result.Attribute("outcome") == "NotExecuted");
            summary.Total += Count("total");
            summary.Passed += Count("passed");
            summary.Failed += Count("failed") + Count("error") + Count("timeout") + Count("aborted");
            summary.Skipped += Math.Max(Count("notExecuted"), notExecutedResults);
        }

        if (summary.TrxFiles == 0)
        {
            summary.Problems.Add("No TRX file was produced under artifacts/test-results: no test ran.");
        }
        else if (summary.Total == 0)
        {
            summary.Problems.Add("The TRX files count no test at all: no test ran.");
        }

        if (summary.Failed > 0)
        {
            summary.Problems.Add($"{summary.Failed} test(s) failed (see the output above and artifacts/test-results).");
        }

        if (exitCode != 0 && summary.Failed == 0)
        {
            summary.Problems.Add($"dotnet test exited with code {exitCode} although no TRX file counts a failed test " +
                "(a test host crash, or a project that did not run?).");
        }

        return summary;
    }
}
