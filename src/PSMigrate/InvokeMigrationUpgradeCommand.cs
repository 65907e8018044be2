using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Applies revisions up to a target (default: head), each in its own transaction.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "MigrationUpgrade", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
    DefaultParameterSetName = ApplySet)]
[OutputType(typeof(MigrationStepResult), ParameterSetName = [ApplySet])]
[OutputType(typeof(MigrationFleetSummary))]
[OutputType(typeof(string), typeof(FileInfo), ParameterSetName = [ScriptSet])]
public sealed class InvokeMigrationUpgradeCommand : MigrationRunCommandBase
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Revision")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RevisionCompleter))]
    public string Target { get; set; } = "head";

    protected override MigrationTarget Goal => MigrationTarget.Upgrade(Target);

    protected override ConfirmImpact Impact => ConfirmImpact.Medium;
}
