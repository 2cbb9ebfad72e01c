namespace FlexInference.Generator.Tests.Infrastructure;

/// <summary>Finds files of the repository from the test's output directory.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Spec => Path.Combine(Root, "openapi", "flexinference.openapi.json");

    public static string TestSpecs => Path.Combine(AppContext.BaseDirectory, "Specs");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "global.json")) && Directory.Exists(Path.Combine(directory.FullName, "openapi")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Could not find the repository root (a folder with global.json and openapi/) above " + AppContext.BaseDirectory);
    }
}
