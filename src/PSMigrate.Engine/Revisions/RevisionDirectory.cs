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

        var (revisions, problems) = ParseAll(RevisionFiles(versionsDirectory).ToArray());
        return problems.Count > 0 ? throw problems[0] : RevisionGraph.Build(revisions, versionsDirectory);
    }

    /// <summary>
    /// Parses the files on every core (a deploy reads them all, every time); the result is in
    /// file order, and so is the list of problems, so the first error reported is always the same.
    /// </summary>
    private static (IReadOnlyList<MigrationRevision> Revisions, IReadOnlyList<MigrationException> Problems) ParseAll(string[] files)
    {
        var parsed = new MigrationRevision?[files.Length];
        var failed = new Exception?[files.Length];
        Parallel.For(0, files.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                parsed[i] = RevisionFileParser.ParseFile(files[i]);
            }
            catch (Exception problem)
            {
                failed[i] = problem;
            }
        });

        // A file that cannot be read at all (access denied) stops the load as it would one by one.
        if (failed.FirstOrDefault(f => f is not null and not MigrationException) is { } unreadable)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(unreadable);
        }

        return (parsed.OfType<MigrationRevision>().ToList(), failed.OfType<MigrationException>().ToList());
    }

    /// <summary>Every file that reads as a revision, and an error for each one that does not.</summary>
    public static (IReadOnlyList<MigrationRevision> Revisions, IReadOnlyList<MigrationException> Problems) ReadEach(string versionsDirectory)
    {
        if (!Directory.Exists(versionsDirectory))
        {
            Load(versionsDirectory);
        }

        return ParseAll(RevisionFiles(versionsDirectory).ToArray());
    }
}
