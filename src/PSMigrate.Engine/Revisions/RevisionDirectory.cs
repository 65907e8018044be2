namespace PSMigrate.Engine.Revisions;

/// <summary>Reads every revision file of a versions folder into a graph.</summary>
public static class RevisionDirectory
{
    public const string SqlExtension = ".sql";

    public static RevisionGraph Load(string versionsDirectory)
    {
        if (!Directory.Exists(versionsDirectory))
        {
            throw new MigrationException("PSMigrate.VersionsFolderNotFound", MigrationErrorKind.NotFound,
                $"The versions folder {versionsDirectory} does not exist; run Initialize-Migration, or pass -Path to the folder that holds psmigrate.psd1.",
                versionsDirectory) { FilePath = versionsDirectory };
        }

        var files = Directory.EnumerateFiles(versionsDirectory, "*" + SqlExtension, SearchOption.TopDirectoryOnly)
            .Order(StringComparer.Ordinal);
        return RevisionGraph.Build(files.Select(RevisionFileParser.ParseFile), versionsDirectory);
    }
}
