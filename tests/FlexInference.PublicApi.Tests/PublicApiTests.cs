using System.Reflection;
using FlexInference.TestSupport;
using PublicApiGenerator;

namespace FlexInference.PublicApi.Tests;

/// <summary>
/// The public API of each shipped assembly matches its baseline, <c>PublicApiTests.{Assembly}.verified.txt</c> beside
/// this file. A change to the public surface fails here with a diff; if it is intended, accept it with
/// <c>./build.sh --target=UpdateSnapshots</c> and commit the baseline with the change, so every API change is reviewed.
/// </summary>
public sealed class PublicApiTests
{
    /// <summary>
    /// Every assembly that ships in a package. Adding one: a ProjectReference in the .csproj, one line here, then
    /// UpdateSnapshots to create its baseline.
    /// </summary>
    public static TheoryData<string> ShippedAssemblies =>
    [
        "FlexInference",
        "FlexInference.Generated",
        "FlexInference.Testing",
        "FlexInference.Extensions.AI",
    ];

    private static readonly ApiGeneratorOptions Options = new()
    {
        // The generator's version is stamped on every generated type; it is not API and would churn every baseline.
        // Compiler-generated state machine names (<GetAsyncEnumerator>d__14) change with private members; not API either.
        ExcludeAttributes =
        [
            "System.CodeDom.Compiler.GeneratedCodeAttribute",
            "System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute",
            "System.Runtime.CompilerServices.AsyncStateMachineAttribute",
        ],

        // PublicApiGenerator skips System.* and Microsoft.* by default; our AddFlexInference extensions live in
        // Microsoft.Extensions.DependencyInjection by .NET convention and are API like any other.
        AllowNamespacePrefixes = ["Microsoft.Extensions.DependencyInjection"],
    };

    [Theory]
    [MemberData(nameof(ShippedAssemblies))]
    public Task Public_API_matches_the_baseline(string assemblyName)
    {
        Assembly assembly = Assembly.Load(assemblyName);

        // The repository URL that SourceLink stamps depends on the clone's git remote, not on the API.
        string api = string.Join('\n', assembly.GeneratePublicApi(Options).Split('\n')
            .Where(line => !line.StartsWith("[assembly: System.Reflection.AssemblyMetadata(\"RepositoryUrl\"", StringComparison.Ordinal)));

        return Snapshot.VerifyAsync(api, name: $"PublicApiTests.{assemblyName}", extension: "txt");
    }
}
