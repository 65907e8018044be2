using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Reverts revisions down to a target (default: one revision back). It can destroy data, so it asks first.</summary>
[Cmdlet(VerbsCommon.Undo, "Migration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
    DefaultParameterSetName = ApplySet)]
[OutputType(typeof(MigrationStepResult), ParameterSetName = [ApplySet])]
[OutputType(typeof(string), typeof(FileInfo), ParameterSetName = [ScriptSet])]
public sealed class UndoMigrationCommand : MigrationRunCommandBase
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Revision")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RevisionCompleter))]
    public string Target { get; set; } = "-1";

    protected override MigrationDirection Direction => MigrationDirection.Downgrade;

    protected override string TargetText => Target;
}
