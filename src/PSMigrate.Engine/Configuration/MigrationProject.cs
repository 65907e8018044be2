using System.Text;
using PSMigrate.Engine.Providers;
using PSMigrate.Engine.Revisions;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Configuration;

/// <summary>A migrations folder: its psmigrate.psd1 and its versions/ folder of revision files.</summary>
public sealed class MigrationProject
{
    public const string VersionsFolderName = "versions";

    private MigrationProject(string directory)
    {
        Directory = directory;
        ConfigPath = Path.Combine(directory, MigrationSettings.FileName);
        VersionsDirectory = Path.Combine(directory, VersionsFolderName);
    }

    public string Directory { get; }
    public string ConfigPath { get; }
    public string VersionsDirectory { get; }
    public bool HasConfig => File.Exists(ConfigPath);

    public static MigrationProject At(string directory) => new(Path.GetFullPath(directory));

    public RevisionGraph LoadRevisions() => RevisionDirectory.Load(VersionsDirectory);

    /// <summary>
    /// The revisions that read, an error for each file that does not, and their graph when it
    /// can be built from them (null, with its error among the problems, when it cannot).
    /// </summary>
    public (RevisionGraph? Graph, IReadOnlyList<MigrationRevision> Revisions, IReadOnlyList<MigrationException> Problems) ReadRevisionsLeniently()
    {
        var (revisions, problems) = RevisionDirectory.ReadEach(VersionsDirectory);
        try
        {
            return (RevisionGraph.Build(revisions, VersionsDirectory), revisions, problems);
        }
        catch (MigrationException graphProblem)
        {
            return (null, revisions, problems.Append(graphProblem).ToList());
        }
    }

    /// <summary>Creates the folder, its versions/ folder and a commented config file.</summary>
    public void Initialise(ProviderKind provider, string connectionString, bool force)
    {
        if (HasConfig && !force)
        {
            throw new MigrationException(MigrationErrors.AlreadyInitialised,
                $"{ConfigPath} already exists; use -Force to overwrite the config file (revision files are never touched).",
                ConfigPath) { FilePath = ConfigPath };
        }

        System.IO.Directory.CreateDirectory(VersionsDirectory);
        File.WriteAllText(ConfigPath, ConfigTemplate(provider, connectionString), new UTF8Encoding(false));
    }

    public static string DefaultConnectionString(ProviderKind provider) => provider switch
    {
        ProviderKind.Sqlite => "Data Source=app.db",
        ProviderKind.PostgreSql => "Host=localhost;Database=app;Username=app",
        _ => "Server=localhost;Database=app;Integrated Security=true;Encrypt=true",
    };

    private static string ConfigTemplate(ProviderKind provider, string connectionString) =>
        $$"""
        # PSMigrate settings for this migrations folder. A PowerShell data file: literals only.
        # Cmdlet parameters override these values.
        @{
            # The database engine: 'Sqlite', 'PostgreSql' or 'SqlServer'.
            Provider = '{{provider}}'

            # How to reach the database. -ConnectionString wins over this value, then the
            # PSMIGRATE_CONNECTION_STRING environment variable. A relative SQLite 'Data Source'
            # is taken from this folder. Keep passwords out of this file: in a pipeline, set the
            # environment variable from a secret instead.
            ConnectionString = '{{connectionString.Replace("'", "''", StringComparison.Ordinal)}}'

            # Table holding the current revision: one row per head.
            VersionTable = '{{VersionTables.DefaultVersionTable}}'

            # Table logging every applied and reverted revision: when, by whom, from which host.
            HistoryTable = '{{VersionTables.DefaultHistoryTable}}'

            # Seconds one statement may run before it is cancelled; 0 means no limit.
            CommandTimeout = 0

            # Seconds a statement may wait for a lock another session holds (an open application
            # transaction on the same table) before its revision is rolled back; 0 waits for ever.
            LockWaitTimeout = {{MigrationSettings.DefaultLockWaitTimeout}}
        }

        """;
}
