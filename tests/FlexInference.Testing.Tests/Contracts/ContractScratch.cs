namespace FlexInference.Testing.Tests.Contracts;

/// <summary>
/// A fresh folder for one contract-check test: a fake test source file (the [CallerFilePath] the checks key their
/// snapshots on), a fixture folder, and the snapshot files written beside the source file.
/// </summary>
internal sealed class ContractScratch : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("flexinference-contract-").FullName;

    /// <summary>The fake test source file: snapshots are named OrderContractTests.{Method}.*.txt beside it.</summary>
    public string SourceFile => Path.Combine(Root, "OrderContractTests.cs");

    public string Fixtures => Directory.CreateDirectory(Path.Combine(Root, "Fixtures")).FullName;

    public string Verified(string method) => Path.Combine(Root, $"OrderContractTests.{method}.verified.txt");

    public string Received(string method) => Path.Combine(Root, $"OrderContractTests.{method}.received.txt");

    public void Fixture(string name, string json)
    {
        string path = Path.Combine(Fixtures, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
