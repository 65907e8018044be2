using System.Management.Automation;
using PSMigrate.Engine.Configuration;

namespace PSMigrate.Commands;

/// <summary>
/// Records an operator's decision about a revision whose run failed halfway (a 'Transaction:
/// none' revision): applied, or not applied. Nothing runs; a history row names who decided.
/// </summary>
[Cmdlet(VerbsDiagnostic.Repair, "Migration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = AppliedSet)]
[OutputType(typeof(MigrationRepair))]
[OutputType(typeof(MigrationFleetSummary))]
public sealed class RepairMigrationCommand : DatabaseCommandBase
{
    private const string AppliedSet = "AssumeApplied";
    private const string NotAppliedSet = "AssumeNotApplied";

    /// <summary>The revision whose failed run to settle.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RevisionCompleter))]
    public string Revision { get; set; } = string.Empty;

    /// <summary>The revision's work is in the database (finished by hand): record it as run.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AppliedSet)]
    public SwitchParameter AssumeApplied { get; set; }

    /// <summary>The revision's work is not in the database (undone by hand): record it as not run.</summary>
    [Parameter(Mandatory = true, ParameterSetName = NotAppliedSet)]
    public SwitchParameter AssumeNotApplied { get; set; }

    /// <summary>Seconds to wait for another run's deployment lock on the same database.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int LockTimeout { get; set; } = 300;

    /// <summary>Records without asking; -WhatIf still only reports.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override bool StopsScriptOnError => true;

    private protected override Action<DatabaseRun> Prepare(MigrationProject project)
    {
        var graph = Revisions(project);
        var (revision, assumeApplied, force, whatIf, lockWait) =
            (Revision, AssumeApplied.IsPresent, Force.IsPresent, WhatIfGiven, TimeSpan.FromSeconds(LockTimeout));
        return run =>
        {
            var migrator = Migrator(run, graph, lockWait);
            var observer = new CmdletObserver(run.Output, $"Repair '{revision}'", force, whatIf);
            if (migrator.Repair(revision, assumeApplied, observer, run.Stop) is { } repair)
            {
                run.Output.Object(repair);
            }
        };
    }
}
