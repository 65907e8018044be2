using System.Management.Automation;
using PSMigrate.Engine.Execution;
using PSMigrate.Engine.Planning;

namespace PSMigrate.Commands;

/// <summary>Records the database as being at a target without running any revision (Alembic's stamp).</summary>
[Cmdlet(VerbsCommon.Set, "MigrationVersion", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
    DefaultParameterSetName = ApplySet)]
[OutputType(typeof(MigrationVersionChange), ParameterSetName = [ApplySet])]
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

    protected override void Process()
    {
        var project = Project();
        var graph = project.LoadRevisions();
        var target = ResolveTarget(project);
        var before = From is null
            ? ReadCurrentHeads(target)
            : StartingHeads(graph, From);
        var after = new MigrationPlanner(graph).PlanStamp(Target, before, Purge);

        if (Script)
        {
            WriteScript([OfflineScript.RenderStamp(before, after, target.Provider.Dialect, target.Tables)], OutFile);
            return;
        }

        if (!ShouldProcess(target.Display, $"Record version {MigrationHeads.Describe(after)} (now {MigrationHeads.Describe(before)}) without running any revision"))
        {
            return;
        }

        using var session = MigrationSession.Connect(target);
        using var runLock = session.AcquireRunLock(TimeSpan.FromSeconds(LockTimeout), WriteWarning);
        session.EnsureTables();
        var current = session.ReadHeads();
        if (!current.SequenceEqual(before, StringComparer.Ordinal))
        {
            before = current;
            after = new MigrationPlanner(graph).PlanStamp(Target, before, Purge);
        }

        session.Stamp(before, after);
        WriteObject(new MigrationVersionChange(before.ToArray(), after.ToArray()));
    }
}
