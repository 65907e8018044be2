using System.Management.Automation;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Execution;
using PSMigrate.Engine.Providers;

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

    protected MigrationTarget ResolveTarget(MigrationProject project)
    {
        var settings = ConfigurationFile.Read(project.ConfigPath);
        var target = MigrationTargetResolver.Resolve(
            settings,
            project.Directory,
            CurrentDirectory,
            ConnectionString,
            Environment.GetEnvironmentVariable(MigrationSettings.ConnectionStringVariable),
            Provider?.ToEngine(),
            Credential is null ? null : (Credential.UserName, Credential.GetNetworkCredential().Password));
        WriteVerbose($"Database: {target} (connection string from {target.Source}).");
        return target;
    }

    /// <summary>Offline SQL to the pipeline, or to a file (UTF-8, no BOM) whose FileInfo is returned.</summary>
    protected void WriteScript(IEnumerable<string> blocks, string? outFile)
    {
        if (outFile is null)
        {
            foreach (var block in blocks)
            {
                WriteObject(block);
            }

            return;
        }

        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(outFile);
        File.WriteAllText(path, string.Join("\n\n", blocks) + "\n", new System.Text.UTF8Encoding(false));
        WriteObject(new FileInfo(path));
    }

    /// <summary>The database's current heads, read without creating anything.</summary>
    protected IReadOnlyList<string> ReadCurrentHeads(MigrationTarget target) => ReadState(target).Heads;

    /// <summary>Heads and history in one connection, creating nothing (empty for a database not there yet).</summary>
    protected (IReadOnlyList<string> Heads, IReadOnlyList<HistoryRecord> History) ReadState(MigrationTarget target)
    {
        using var session = MigrationSession.OpenExisting(target);
        return session is null ? ([], []) : (session.ReadHeads(), session.ReadHistory());
    }
}
