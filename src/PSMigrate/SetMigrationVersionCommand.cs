using System.Management.Automation;
using PSMigrate.Engine.Execution;
using PSMigrate.Engine.Planning;

namespace PSMigrate.Commands;

/// <summary>Records the database as being at a target without running any revision (Alembic's stamp).</summary>
[Cmdlet(VerbsCommon.Set, "MigrationVersion", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(MigrationVersionChange))]
public sealed class SetMigrationVersionCommand : DatabaseCommandBase
{
    protected override bool StopsScriptOnError => true;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Revision")]
    [ValidateNotNullOrEmpty]
    public string Target { get; set; } = string.Empty;

    /// <summary>Replaces every recorded head instead of only those on the target's branches.</summary>
    [Parameter]
    public SwitchParameter Purge { get; set; }

    protected override void Process()
    {
        var project = Project();
        var graph = project.LoadRevisions();
        var target = ResolveTarget(project);
        var before = ReadCurrentHeads(target);
        var after = new MigrationPlanner(graph).PlanStamp(Target, before, Purge);
        var change = new MigrationVersionChange(before.ToArray(), after.ToArray());

        if (!ShouldProcess(target.Display, $"Record version {Describe(after)} (now {Describe(before)}) without running any revision"))
        {
            return;
        }

        using var session = MigrationSession.Open(target);
        session.Stamp(before, after);
        WriteObject(change);
    }

    private static string Describe(IReadOnlyList<string> heads) => heads.Count == 0 ? "base" : string.Join(", ", heads);
}
