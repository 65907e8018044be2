namespace PSMigrate.Engine.Tests;

/// <summary>The repository's source files, found from the test's own folder.</summary>
internal static class SourceTree
{
    public static string Root { get; } = FindRoot();

    public static string Engine => Path.Combine(Root, "src", "PSMigrate.Engine");

    /// <summary>Every C# file under src/, without build output.</summary>
    public static IEnumerable<string> CSharpFiles(string? under = null) =>
        Directory.EnumerateFiles(under ?? Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                        !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

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
