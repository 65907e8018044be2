using System.Management.Automation;
using PSMigrate.Engine;
using PSMigrate.Engine.Execution;
using PSMigrate.Engine.Planning;

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

    /// <summary>Skips the confirmation prompt (for unattended runs); -WhatIf still only reports.</summary>
    [Parameter(ParameterSetName = ApplySet)]
    public SwitchParameter Force { get; set; }

    protected override MigrationDirection Direction => MigrationDirection.Downgrade;

    protected override string TargetText => Target;

    protected override MigrationPlan Plan(MigrationPlanner planner, IReadOnlyList<string> currentHeads) =>
        planner.PlanDowngrade(Target, currentHeads);

    protected override bool Approve(MigrationStep step, out bool whatIf)
    {
        if (Force && !MyInvocation.BoundParameters.ContainsKey("WhatIf"))
        {
            whatIf = false;
            return true;
        }

        return base.Approve(step, out whatIf);
    }
}
