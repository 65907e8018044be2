namespace PSMigrate.Engine.Revisions;

/// <summary>Reads every revision file of a versions folder into a graph.</summary>
internal static class RevisionDirectory
{
    public const string SqlExtension = ".sql";

    /// <summary>The '.sql' and '.ps1' revision files of a versions folder, in name order.</summary>
    public static IEnumerable<string> RevisionFiles(string versionsDirectory) =>
        Directory.EnumerateFiles(versionsDirectory, "*", SearchOption.TopDirectoryOnly)
            .Where(f => f.EndsWith(SqlExtension, StringComparison.OrdinalIgnoreCase) || f.EndsWith(RevisionFileParser.PowerShellExtension, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);

    public static RevisionGraph Load(string versionsDirectory)
    {
        if (!Directory.Exists(versionsDirectory))
        {
            throw new MigrationException(MigrationErrors.VersionsFolderNotFound,
                $"The versions folder {versionsDirectory} does not exist; run Initialize-Migration, or pass -Path to the folder that holds psmigrate.psd1.",
                versionsDirectory) { FilePath = versionsDirectory };
        }

        var files = RevisionFiles(versionsDirectory);
        return RevisionGraph.Build(files.Select(RevisionFileParser.ParseFile), versionsDirectory);
    }

    /// <summary>Every file that reads as a revision, and an error for each one that does not.</summary>
    public static (IReadOnlyList<MigrationRevision> Revisions, IReadOnlyList<MigrationException> Problems) ReadEach(string versionsDirectory)
    {
        if (!Directory.Exists(versionsDirectory))
        {
            Load(versionsDirectory);
        }

        var revisions = new List<MigrationRevision>();
        var problems = new List<MigrationException>();
        foreach (var file in RevisionFiles(versionsDirectory))
        {
            try
            {
                revisions.Add(RevisionFileParser.ParseFile(file));
            }
            catch (MigrationException problem)
            {
                problems.Add(problem);
            }
        }

        return (revisions, problems);
    }
}
