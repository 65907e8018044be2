using System.Management.Automation;
using PSMigrate.Engine.Configuration;

namespace PSMigrate.Commands;

/// <summary>Records the database as being at a target without running any revision (Alembic's stamp).</summary>
[Cmdlet(VerbsCommon.Set, "MigrationVersion", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
    DefaultParameterSetName = ApplySet)]
[OutputType(typeof(MigrationVersionChange), ParameterSetName = [ApplySet])]
[OutputType(typeof(MigrationFleetSummary))]
[OutputType(typeof(string), typeof(FileInfo), ParameterSetName = [ScriptSet])]
public sealed class SetMigrationVersionCommand : ScriptableCommandBase
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Revision")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RevisionCompleter))]
    public string Target { get; set; } = string.Empty;

    /// <summary>Replaces every recorded head instead of only those on the target's branches.</summary>
    [Parameter]
    public SwitchParameter Purge { get; set; }

    private protected override Action<DatabaseRun> Prepare(MigrationProject project)
    {
        var graph = Revisions(project);
        var (target, purge, script, from, outFile, force, whatIf, lockWait) = (Target, Purge.IsPresent, Script.IsPresent, From, OutFile, Force.IsPresent, WhatIfGiven, LockWait);
        return run =>
        {
            var migrator = Migrator(run, graph, lockWait);
            if (script)
            {
                WriteScript([migrator.StampScript(target, purge, from, run.Stop)], outFile);
                return;
            }

            var observer = new CmdletObserver(run.Output, $"Stamp '{target}'", force, whatIf);
            if (migrator.Stamp(target, purge, observer, run.Stop) is { } change)
            {
                run.Output.Object(change);
            }
        };
    }
}
