using System.Management.Automation;
using PSMigrate.Engine.Execution;
using PSMigrate.Engine.Planning;

namespace PSMigrate.Commands;

/// <summary>
/// The engine's callbacks as PowerShell shows them: ShouldProcess for each step, a warning
/// while waiting for the lock, progress, each result written as it commits, verbose statements.
/// </summary>
internal sealed class CmdletObserver(PSCmdlet cmdlet, string activity, bool skipConfirmation, Action<string> inform) : MigrationObserver
{
    private const int ProgressId = 1;

    // ShouldProcess already writes its description under -Verbose; a step it announced is not announced twice.
    private readonly HashSet<string> announced = new(StringComparer.Ordinal);

    public override StepApproval ApproveStep(MigrationStep step) =>
        Ask(step.Revision.Revision, $"{Verb(step)} revision {step.Revision.Revision} '{step.Revision.Message}' ({step.Revision.Path}).",
            $"{Verb(step)} revision {step.Revision.Revision} '{step.Revision.Message}'?");

    public override StepApproval ApproveStamp(MigrationVersionChange change) =>
        Ask(null, $"Record version {MigrationHeads.Describe(change.HeadsAfter)} (now {MigrationHeads.Describe(change.HeadsBefore)}) without running any revision.",
            $"Record version {MigrationHeads.Describe(change.HeadsAfter)} (now {MigrationHeads.Describe(change.HeadsBefore)}) without running any revision?");

    public override StepApproval ApproveRepair(MigrationRepair repair) =>
        Ask(null, $"Record revision {repair.Revision} as {repair.Decision} ({MigrationHeads.Describe(repair.HeadsBefore)} -> {MigrationHeads.Describe(repair.HeadsAfter)}) without running it.",
            $"Record revision {repair.Revision} as {repair.Decision}? Check the database first: nothing is run or undone.");

    public override void Waiting(string message) => cmdlet.WriteWarning(message);

    public override void Planned(MigrationPlan plan) =>
        cmdlet.WriteVerbose($"Current: {MigrationHeads.Describe(plan.HeadsBefore)}; {plan.Steps.Count} revision(s) to {plan.Direction.ToString().ToLowerInvariant()} to reach '{plan.Target}'.");

    public override void Replanned(MigrationPlan plan) =>
        cmdlet.WriteVerbose($"Another run moved the database to {MigrationHeads.Describe(plan.HeadsBefore)} meanwhile; planned again: {plan.Steps.Count} revision(s) left.");

    public override bool WantsStatements =>
        cmdlet.MyInvocation.BoundParameters.TryGetValue("Verbose", out var verbose)
            ? verbose is SwitchParameter { IsPresent: true }
            : cmdlet.GetVariableValue("VerbosePreference") is ActionPreference preference
              && preference is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore);

    public override void StepStarting(MigrationStep step, int index, int count)
    {
        cmdlet.WriteProgress(new ProgressRecord(ProgressId, activity, $"{step.Revision.Revision} {step.Revision.Message}")
        {
            PercentComplete = index * 100 / count,
            CurrentOperation = $"{index + 1} of {count}",
        });

        if (!announced.Contains(step.Revision.Revision))
        {
            cmdlet.WriteVerbose($"{Verb(step)} revision {step.Revision.Revision} '{step.Revision.Message}' ({step.Revision.Path}).");
        }
    }

    public override void StepCompleted(MigrationStepResult result)
    {
        cmdlet.WriteDebug($"{result.Revision}: {result.Statements} statement(s) in {result.Duration.TotalMilliseconds:0.0} ms.");
        cmdlet.WriteObject(result);
    }

    public override void NotConfirmed(MigrationStep step) =>
        cmdlet.WriteWarning($"Stopped before revision {step.Revision.Revision}: not confirmed. The database is at {MigrationHeads.Describe(step.HeadsBefore)}.");

    public override void Statement(string text) => cmdlet.WriteVerbose(text);

    public override void Warning(string message) => cmdlet.WriteWarning(message);

    public override void Information(string message) => inform(message);

    public override void Debug(string message) => cmdlet.WriteDebug(message);

    /// <summary>Ends the progress bar; call when the run is over, however it ended.</summary>
    public void Complete() =>
        cmdlet.WriteProgress(new ProgressRecord(ProgressId, activity, "Done") { RecordType = ProgressRecordType.Completed });

    private StepApproval Ask(string? revision, string description, string question)
    {
        if (skipConfirmation && !cmdlet.MyInvocation.BoundParameters.ContainsKey("WhatIf"))
        {
            return StepApproval.Approve;
        }

        if (revision is not null)
        {
            announced.Add(revision);
        }

        return cmdlet.ShouldProcess(description, question, "Confirm", out var reason)
            ? StepApproval.Approve
            : reason == ShouldProcessReason.WhatIf ? StepApproval.Preview : StepApproval.Decline;
    }

    private static string Verb(MigrationStep step) => step.Direction == MigrationDirection.Upgrade ? "Apply" : "Revert";
}
