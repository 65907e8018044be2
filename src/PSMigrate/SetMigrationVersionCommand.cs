using System.Management.Automation;

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
        var migrator = Migrator(project, project.LoadRevisions(), LockWait);
        if (Script)
        {
            WriteScript([migrator.StampScript(Target, Purge, From, StopRequested)], OutFile);
            return;
        }

        var observer = new CmdletObserver(this, $"Stamp '{Target}'", Force, Inform);
        if (migrator.Stamp(Target, Purge, observer, StopRequested) is { } change)
        {
            WriteObject(change);
        }
    }
}
