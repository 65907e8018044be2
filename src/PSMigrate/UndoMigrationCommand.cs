using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>
/// Reverts revisions down to a target (default: one revision back), or reverts the revision
/// given with -Revision (or piped in) and what stands on it. It can destroy data, so it asks first.
/// </summary>
[Cmdlet(VerbsCommon.Undo, "Migration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
    DefaultParameterSetName = ApplySet)]
[OutputType(typeof(MigrationStepResult), ParameterSetName = [ApplySet])]
[OutputType(typeof(MigrationFleetSummary))]
[OutputType(typeof(string), typeof(FileInfo), ParameterSetName = [ScriptSet])]
public sealed class UndoMigrationCommand : MigrationRunCommandBase
{
    /// <summary>The revision to go back to (kept), as Alembic's downgrade reads it.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RevisionCompleter))]
    public string? Target { get; set; }

    /// <summary>
    /// The revision to take out, with the revisions that need it; other branches stay. Bound from
    /// piped history entries and revisions, so 'Get-MigrationHistory | Where-Object IsCurrent |
    /// Undo-Migration' reverts the current revision.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RevisionCompleter))]
    public string? Revision { get; set; }

    protected override MigrationTarget Goal => (Target, Revision) switch
    {
        (not null, not null) => throw new MigrationException(MigrationErrors.InvalidArgument,
            $"Give either -Target (the revision to go back to, kept) or -Revision (the revision to take out), not both: -Target '{Target}' -Revision '{Revision}'.", Revision),
        (_, not null) => MigrationTarget.Revert(Revision),
        _ => MigrationTarget.Downgrade(Target ?? "-1"),
    };

    protected override ConfirmImpact Impact => ConfirmImpact.High;
}
