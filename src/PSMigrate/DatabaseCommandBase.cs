using System.Management.Automation;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Execution;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Commands;

/// <summary>Cmdlets that talk to a database: which one, and how its connection is chosen.</summary>
public abstract class DatabaseCommandBase : MigrationCommandBase
{
    /// <summary>Wins over PSMIGRATE_CONNECTION_STRING and the config file.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConnectionString { get; set; }

    [Parameter]
    public DatabaseProvider? Provider { get; set; }

    /// <summary>User name and password merged into the connection string, so neither sits in a script or file.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>True when the command will not connect (an offline script planned from -From), so no connection string is needed.</summary>
    protected virtual bool NeedsNoConnection => false;

    protected DatabaseTarget ResolveDatabase(MigrationProject project)
    {
        var settings = ConfigurationFile.Read(project.ConfigPath);
        var database = DatabaseTargetResolver.Resolve(
            settings,
            project.Directory,
            CurrentDirectory,
            ConnectionString,
            Environment.GetEnvironmentVariable(MigrationSettings.ConnectionStringVariable),
            Provider?.ToEngine(),
            Credential is null ? null : (Credential.UserName, Credential.GetNetworkCredential().Password),
            connectionOptional: NeedsNoConnection);
        WriteVerbose($"Database: {database} (connection string from {database.Source}).");
        return database;
    }

    /// <summary>The folder's revisions and the database, ready for the engine.</summary>
    protected Migrator Migrator(MigrationProject project, RevisionGraph graph, TimeSpan? lockTimeout = null, int lockWaitRetries = 0,
        TransactionScope transactionScope = TransactionScope.Revision) =>
        new(graph, ResolveDatabase(project), new PowerShellRevisionRunner())
        {
            LockTimeout = lockTimeout ?? TimeSpan.FromSeconds(300),
            LockWaitRetries = lockWaitRetries,
            TransactionScope = transactionScope,
        };

    /// <summary>The database's heads and history, with a warning when the database is not there yet (a mistyped SQLite path reads as empty).</summary>
    protected DatabaseState ReadState(Migrator migrator)
    {
        var state = migrator.ReadState(cancellation: StopRequested);
        if (state.Absence is { } absence)
        {
            WriteWarning(absence.Message);
        }

        return state;
    }
}
