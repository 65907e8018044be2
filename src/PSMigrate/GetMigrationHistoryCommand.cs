using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>
/// One object per revision, newest first, saying whether the database has it and when it was
/// applied; with -Log, every row of the history table instead. Creates nothing.
/// </summary>
[Cmdlet(VerbsCommon.Get, "MigrationHistory", DefaultParameterSetName = RevisionsSet)]
[OutputType(typeof(MigrationHistoryEntry), ParameterSetName = [RevisionsSet])]
[OutputType(typeof(HistoryRecord), ParameterSetName = [LogSet])]
public sealed class GetMigrationHistoryCommand : DatabaseCommandBase
{
    private const string RevisionsSet = "Revisions";
    private const string LogSet = "Log";

    /// <summary>Every applied and reverted step from the history table, newest first.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LogSet)]
    public SwitchParameter Log { get; set; }

    protected override void Process()
    {
        var project = Project();
        var graph = project.LoadRevisions();
        var migrator = Migrator(project, graph);
        var state = ReadState(migrator);

        if (Log)
        {
            for (var i = state.History.Count - 1; i >= 0; i--)
            {
                WriteObject(state.History[i]);
            }

            return;
        }

        foreach (var entry in migrator.History(state))
        {
            WriteObject(entry);
        }
    }
}
