using System.Management.Automation;
using PSMigrate.Engine.Revisions;
using PSMigrate.Engine.Execution;

namespace PSMigrate.Commands;

/// <summary>What the cmdlets that read and compare schemas share: the scratch database's place and its progress.</summary>
public abstract class SchemaCommandBase : DatabaseCommandBase
{
    /// <summary>
    /// A database PSMigrate may use for scratch work (in a schema of its own, dropped afterwards),
    /// for a role that may not create databases. Default: DevConnectionString in psmigrate.psd1.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DevConnectionString { get; set; }

    /// <summary>A path as PowerShell resolves it (relative to the current location), read on the pipeline thread.</summary>
    protected string? Resolved(string? path) => path is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    private protected SchemaInspector Inspector(DatabaseRun run, RevisionGraph graph) =>
        new(graph, run.Database, run.Runner)
        {
            DevConnectionString = DevConnectionString ?? run.Database.DevConnectionString,
            Progress = text =>
            {
                run.Output.Verbose(text);
                run.Output.Progress($"Schema of {run.Database.Name}", text);
            },
        };
}
