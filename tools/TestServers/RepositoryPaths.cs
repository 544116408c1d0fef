namespace SiotThing.TestServers;

/// <summary>Finds files of this repository from a test's working folder.</summary>
public static class RepositoryPaths
{
    /// <summary>The repository's root folder (the one holding SiotThing.slnx).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path below the repository root.</summary>
    /// <param name="parts">Folder and file names.</param>
    /// <returns>The full path.</returns>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "SiotThing.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no SiotThing.slnx above {AppContext.BaseDirectory}");
    }
}
