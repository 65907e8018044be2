using System.Management.Automation;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Execution;

namespace PSMigrate.Commands;

/// <summary>
/// The steps an upgrade (or with -Downgrade, an Undo-Migration) would run, each with the exact
/// SQL the executor would send and its hazards: data destroyed (rows counted in the live
/// database), locks and rewrites (static rules, or measured in a scratch database with
/// -Analyze), rebuilds, no transaction, no way back. Changes nothing in the database.
/// </summary>
[Cmdlet(VerbsCommon.Get, "MigrationPlan")]
[OutputType(typeof(PlannedMigrationStep))]
[OutputType(typeof(MigrationFleetSummary))]
public sealed class GetMigrationPlanCommand : SchemaCommandBase
{
    /// <summary>Where the plan goes: default head (upgrade) or one revision back (-Downgrade), read as Invoke-MigrationUpgrade and Undo-Migration read it.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RevisionCompleter))]
    public string? Target { get; set; }

    /// <summary>Plans going down to -Target (kept), as Undo-Migration does.</summary>
    [Parameter]
    public SwitchParameter Downgrade { get; set; }

    /// <summary>Plans from these heads instead of the database's (the database is still read for row counts).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RevisionCompleter))]
    public string? From { get; set; }

    /// <summary>Runs each step in a scratch database at its starting revision, inside a transaction that is rolled back, and reports the locks and rewrites it really took (PostgreSQL).</summary>
    [Parameter]
    public SwitchParameter Analyze { get; set; }

    private protected override Action<DatabaseRun> Prepare(MigrationProject project)
    {
        var graph = Revisions(project);
        var goal = Downgrade ? MigrationTarget.Downgrade(Target ?? "-1") : MigrationTarget.Upgrade(Target ?? "head");
        var (from, analyze, dev) = (From, Analyze.IsPresent, DevConnectionString);
        return run =>
        {
            var migrator = new Migrator(graph, run.Database, run.Runner) { DevConnectionString = dev };
            var observer = new CmdletObserver(run.Output, $"Plan of {run.Database.Name}", skipConfirmation: true, whatIf: false);
            var steps = migrator.Preview(goal, from, analyze, observer, run.Stop);
            if (steps.Count == 0)
            {
                run.Output.Information($"Nothing to do: no step between the database and '{goal.Text}'.");
            }

            foreach (var step in steps)
            {
                run.Output.Object(step);
            }
        };
    }
}
