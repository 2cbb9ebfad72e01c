namespace FlexInference.Tests.Infrastructure;

/// <summary>The repository's folder, for tests that read its source and docs.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "FlexInference.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with FlexInference.slnx) is not above " + AppContext.BaseDirectory);
    }
}
