namespace PSMigrate.Module.Tests;

/// <summary>Where the repository's staged module and examples are, found from the test's own folder.</summary>
public static class ModulePaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Manifest => Path.Combine(RepositoryRoot, "module", "PSMigrate", "PSMigrate.psd1");

    public static string Examples => Path.Combine(RepositoryRoot, "examples");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PSMigrate.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("PSMigrate.sln not found above " + AppContext.BaseDirectory);
    }
}
