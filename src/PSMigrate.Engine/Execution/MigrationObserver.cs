using PSMigrate.Engine.Planning;

namespace PSMigrate.Engine.Execution;

/// <summary>What a host answers when the migrator asks whether to run a step.</summary>
public enum StepApproval
{
    /// <summary>Run it.</summary>
    Approve,

    /// <summary>Only say what would happen (-WhatIf): nothing is connected to, locked or changed.</summary>
    Preview,

    /// <summary>Do not run it, nor anything after it.</summary>
    Decline,
}

/// <summary>
/// How the migrator talks to its host while it runs: approval of each step (the cmdlets pass
/// ShouldProcess), the lock wait, progress, each result as it commits, and messages. Every
/// method has a quiet default, so engine callers override only what they show.
/// </summary>
public class MigrationObserver
{
    public static MigrationObserver Quiet { get; } = new();

    public virtual StepApproval ApproveStep(MigrationStep step) => StepApproval.Approve;

    public virtual StepApproval ApproveStamp(MigrationVersionChange change) => StepApproval.Approve;

    public virtual StepApproval ApproveRepair(MigrationRepair repair) => StepApproval.Approve;

    /// <summary>Another run holds the deployment lock; this one waits (said once).</summary>
    public virtual void Waiting(string message)
    {
    }

    /// <summary>The plan the run starts from, before anything is locked or changed.</summary>
    public virtual void Planned(MigrationPlan plan)
    {
    }

    /// <summary>Another run moved the database while this one waited for the lock; the plan was made again.</summary>
    public virtual void Replanned(MigrationPlan plan)
    {
    }

    public virtual void StepStarting(MigrationStep step, int index, int count)
    {
    }

    /// <summary>A step committed; hosts write it out at once.</summary>
    public virtual void StepCompleted(MigrationStepResult result)
    {
    }

    /// <summary>The run stopped before this step because it was not approved.</summary>
    public virtual void NotConfirmed(MigrationStep step)
    {
    }

    /// <summary>False when nobody reads <see cref="Statement"/>: each statement's text is then not formatted or redacted at all.</summary>
    public virtual bool WantsStatements => true;

    /// <summary>Whether the run should assess each step's hazards before asking for it (-WhatIf, a prompt, or a check for data loss).</summary>
    public virtual bool WantsHazards => false;

    /// <summary>
    /// True when the assessment is only there to refuse data loss (nothing is shown, nobody is
    /// asked): a plan none of whose statements could lose data is then not assessed.
    /// </summary>
    public virtual bool WantsOnlyDataLoss => false;

    /// <summary>The plan's steps with their hazards, before the first step is asked; may refuse the run by throwing.</summary>
    public virtual void Assessed(IReadOnlyList<PlannedMigrationStep> steps)
    {
    }

    /// <summary>What a longer piece of work is doing (a scratch database for -Analyze).</summary>
    public virtual void Progress(string message)
    {
    }

    /// <summary>A statement about to run (or be written), password literals hidden.</summary>
    public virtual void Statement(string text)
    {
    }

    public virtual void Warning(string message)
    {
    }

    public virtual void Information(string message)
    {
    }

    public virtual void Debug(string message)
    {
    }
}
