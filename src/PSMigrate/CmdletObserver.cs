using System.Management.Automation;
using System.Runtime.CompilerServices;
using PSMigrate.Engine.Execution;
using PSMigrate.Engine.Planning;

namespace PSMigrate.Commands;

/// <summary>
/// The engine's callbacks as PowerShell shows them: ShouldProcess for each step, a warning
/// while waiting for the lock, progress, each result written as it commits, verbose statements.
/// </summary>
internal sealed class CmdletObserver(CommandOutput output, string activity, bool skipConfirmation, bool whatIf, DataLossQuestion? dataLoss = null) : MigrationObserver
{
    // ShouldProcess already writes its description under -Verbose; a step it announced is not announced twice.
    private readonly HashSet<string> announced = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), PlannedMigrationStep> assessed = [];

    /// <summary>A run assesses its steps when it shows them (-WhatIf), may ask, or must refuse data loss without -Force.</summary>
    public override bool WantsHazards => dataLoss is not null && (whatIf || !skipConfirmation);

    /// <summary>Without -WhatIf, -Verbose or anyone to ask, hazards matter only to stop data loss.</summary>
    public override bool WantsOnlyDataLoss => !whatIf && dataLoss is { CanAsk: false } && !output.WantsVerbose;

    /// <summary>Keeps each step's hazards for its question; where nobody can be asked and -Force is absent, a step that destroys data stops the run before anything runs.</summary>
    public override void Assessed(IReadOnlyList<PlannedMigrationStep> steps)
    {
        foreach (var step in steps)
        {
            assessed[(step.Revision, step.Direction)] = step;
        }

        var losing = steps.Where(s => s.LosesData).ToList();
        if (losing.Count > 0 && !whatIf && !skipConfirmation && dataLoss is { CanAsk: false })
        {
            var what = string.Join(" ", losing.Select(s => $"{s.Direction} of {s.Revision} ('{s.Message}', {s.Path}) {Losses(s)}."));
            throw new MigrationException(MigrationErrors.DataLossNeedsForce,
                $"This run would destroy data, and nobody can be asked in this session: {what} Nothing ran. Review it with -WhatIf or Get-MigrationPlan, then run again with -Force.",
                losing[0].Path) { Revision = losing[0].Revision, FilePath = losing[0].Path };
        }
    }

    // Once per revision, like the executor's step: not worth a large tier-1 compile (see StepExecutor.Execute).
    [MethodImpl(MethodImplOptions.NoOptimization)]
    public override StepApproval ApproveStep(MigrationStep step)
    {
        var planned = assessed.GetValueOrDefault((step.Revision.Revision, step.Direction.ToString()));
        var hazards = planned is null ? string.Empty : string.Concat(planned.Hazards.Select(h => $"\n    {h.Kind}: {h.Detail}"));
        var question = $"{Verb(step)} revision {step.Revision.Revision} '{step.Revision.Message}'?";
        if (planned is { LosesData: true })
        {
            question = $"{Verb(step)} revision {step.Revision.Revision} '{step.Revision.Message}'? It {Losses(planned)}.";
        }

        var approval = Ask(step.Revision.Revision, $"{Verb(step)} revision {step.Revision.Revision} '{step.Revision.Message}' ({step.Revision.Path}).{hazards}", question);
        if (approval == StepApproval.Approve && planned is { LosesData: true } && dataLoss is { CanAsk: true, PromptsAnyway: false, Declined: false } && !skipConfirmation &&
            !output.ShouldContinue(question, "Data loss"))
        {
            return StepApproval.Decline;
        }

        return approval;
    }

    public override void Progress(string message) => output.Verbose(message);

    /// <summary>'drops table orders (1,200 rows); drops column orders.note (1,000 non-null values)'.</summary>
    private static string Losses(PlannedMigrationStep step) =>
        string.Join("; ", step.Hazards.Where(h => h.LosesData).Select(h => h.Detail));

    public override StepApproval ApproveStamp(MigrationVersionChange change) =>
        Ask(null, $"Record version {MigrationHeads.Describe(change.HeadsAfter)} (now {MigrationHeads.Describe(change.HeadsBefore)}) without running any revision.",
            $"Record version {MigrationHeads.Describe(change.HeadsAfter)} (now {MigrationHeads.Describe(change.HeadsBefore)}) without running any revision?");

    public override StepApproval ApproveRepair(MigrationRepair repair) =>
        Ask(null, $"Record revision {repair.Revision} as {repair.Decision} ({MigrationHeads.Describe(repair.HeadsBefore)} -> {MigrationHeads.Describe(repair.HeadsAfter)}) without running it.",
            $"Record revision {repair.Revision} as {repair.Decision}? Check the database first: nothing is run or undone.");

    public override void Waiting(string message) => output.Warning(message);

    public override void Planned(MigrationPlan plan) =>
        output.Verbose($"Current: {MigrationHeads.Describe(plan.HeadsBefore)}; {plan.Steps.Count} revision(s) to {plan.Direction.ToString().ToLowerInvariant()} to reach '{plan.Target}'.");

    public override void Replanned(MigrationPlan plan) =>
        output.Verbose($"Another run moved the database to {MigrationHeads.Describe(plan.HeadsBefore)} meanwhile; planned again: {plan.Steps.Count} revision(s) left.");

    public override bool WantsStatements => output.WantsVerbose;

    // Once per revision: see ApproveStep.
    [MethodImpl(MethodImplOptions.NoOptimization)]
    public override void StepStarting(MigrationStep step, int index, int count)
    {
        output.Progress(activity, $"{step.Revision.Revision} {step.Revision.Message}", index * 100 / count, $"{index + 1} of {count}");
        if (output.WantsVerbose && !announced.Contains(step.Revision.Revision))
        {
            output.Verbose($"{Verb(step)} revision {step.Revision.Revision} '{step.Revision.Message}' ({step.Revision.Path}).");
        }
    }

    public override void StepCompleted(MigrationStepResult result)
    {
        if (output.WantsDebug)
        {
            output.Debug($"{result.Revision}: {result.Statements} statement(s) in {result.Duration.TotalMilliseconds:0.0} ms.");
        }

        output.Object(result);
    }

    public override void NotConfirmed(MigrationStep step) =>
        output.Warning($"Stopped before revision {step.Revision.Revision}: not confirmed. The database is at {MigrationHeads.Describe(step.HeadsBefore)}.");

    public override void Statement(string text) => output.Verbose(text);

    public override void Warning(string message) => output.Warning(message);

    public override void Information(string message) => output.Information(message);

    public override void Debug(string message) => output.Debug(message);

    /// <summary>Ends the progress bar; call when the run is over, however it ended.</summary>
    public void Complete() => output.Progress(activity, null);

    private StepApproval Ask(string? revision, string description, string question)
    {
        if (skipConfirmation && !whatIf)
        {
            return StepApproval.Approve;
        }

        if (revision is not null)
        {
            announced.Add(revision);
        }

        return output.ShouldProcess(description, question, out var reason)
            ? StepApproval.Approve
            : reason == ShouldProcessReason.WhatIf ? StepApproval.Preview : StepApproval.Decline;
    }

    private static string Verb(MigrationStep step) => step.Direction == MigrationDirection.Upgrade ? "Apply" : "Revert";
}
