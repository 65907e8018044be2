using System.Management.Automation;
using PSMigrate.Engine.Configuration;

namespace PSMigrate.Commands;

/// <summary>
/// One object per revision, newest first, saying whether the database has it and when it was
/// applied; with -Log, every row of the history table instead. Creates nothing.
/// </summary>
[Cmdlet(VerbsCommon.Get, "MigrationHistory", DefaultParameterSetName = RevisionsSet)]
[OutputType(typeof(MigrationHistoryEntry), ParameterSetName = [RevisionsSet])]
[OutputType(typeof(MigrationFleetSummary))]
[OutputType(typeof(HistoryRecord), ParameterSetName = [LogSet])]
public sealed class GetMigrationHistoryCommand : DatabaseCommandBase
{
    private const string RevisionsSet = "Revisions";
    private const string LogSet = "Log";

    /// <summary>Every applied and reverted step from the history table, newest first.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LogSet)]
    public SwitchParameter Log { get; set; }

    private protected override Action<DatabaseRun> Prepare(MigrationProject project)
    {
        var graph = Revisions(project);
        var log = Log.IsPresent;
        return run =>
        {
            var migrator = Migrator(run, graph);
            var state = ReadState(migrator, run);
            if (log)
            {
                for (var i = state.History.Count - 1; i >= 0; i--)
                {
                    run.Output.Object(state.History[i]);
                }

                return;
            }

            foreach (var entry in migrator.History(state))
            {
                run.Output.Object(entry);
            }
        };
    }
}
