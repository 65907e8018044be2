using System.Management.Automation;
using PSMigrate.Engine;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Execution;
using PSMigrate.Engine.Planning;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Commands;

/// <summary>
/// Invoke-MigrationUpgrade and Undo-Migration: plan from the current heads, then apply step by
/// step, or only print the SQL (-Script), or only say what would happen (-WhatIf).
/// </summary>
public abstract class MigrationRunCommandBase : ScriptableCommandBase
{
    protected abstract MigrationDirection Direction { get; }

    protected abstract string TargetText { get; }

    protected abstract MigrationPlan Plan(MigrationPlanner planner, IReadOnlyList<string> currentHeads);

    /// <summary>Whether to run a step; false stops the run (later steps build on this one).</summary>
    protected virtual bool Approve(MigrationStep step, out bool whatIf)
    {
        var proceed = ShouldProcess(
            $"{Verb(step)} revision {step.Revision.Revision} '{step.Revision.Message}' ({step.Revision.Path}).",
            $"{Verb(step)} revision {step.Revision.Revision} '{step.Revision.Message}'?",
            "Confirm",
            out var reason);
        whatIf = reason == ShouldProcessReason.WhatIf;
        return proceed;
    }

    protected override void Process()
    {
        var project = Project();
        var graph = project.LoadRevisions();
        var target = ResolveTarget(project);
        var planner = new MigrationPlanner(graph);

        if (Script)
        {
            var start = From is null ? ReadCurrentHeads(target) : StartingHeads(graph, From);
            WriteScript(OfflineScript.Render(Plan(planner, start), target.Provider, target.Tables, new PowerShellRevisionRunner()), OutFile);
            return;
        }

        var (heads, history) = ReadState(target);
        foreach (var drift in DriftCheck.Find(graph, heads, history))
        {
            WriteWarning(drift.Description + " Run Test-Migration for details.");
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var plan = Plan(planner, heads);
        WriteDebug($"Loaded {graph.Revisions.Count} revision(s) and planned {plan.Steps.Count} step(s) in {clock.Elapsed.TotalMilliseconds:0.0} ms.");
        WriteVerbose($"Current: {MigrationHeads.Describe(plan.HeadsBefore)}; {plan.Steps.Count} revision(s) to {Direction.ToString().ToLowerInvariant()} to reach '{TargetText}'.");
        if (plan.IsEmpty)
        {
            WriteVerbose($"Nothing to do: the database is already at '{TargetText}'.");
            return;
        }

        Run(target, planner, plan);
    }

    private void Run(MigrationTarget target, MigrationPlanner planner, MigrationPlan plan)
    {
        if (!Approve(plan.Steps[0], out var whatIf))
        {
            if (whatIf)
            {
                foreach (var step in plan.Steps.Skip(1))
                {
                    Approve(step, out _);
                }
            }
            else
            {
                NotConfirmed(plan.Steps[0]);
            }

            return;
        }

        using var session = MigrationSession.Connect(target);
        session.Log = statement => WriteVerbose(statement);
        session.Runner = new PowerShellRevisionRunner();
        using var runLock = session.AcquireRunLock(TimeSpan.FromSeconds(LockTimeout), WriteWarning);
        session.EnsureTables();
        var current = session.ReadHeads();
        if (!current.SequenceEqual(plan.HeadsBefore.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            var approved = plan.Steps[0].Revision.Revision;
            plan = Plan(planner, current);
            WriteVerbose($"Another run moved the database to {MigrationHeads.Describe(current)} meanwhile; re-planned: {plan.Steps.Count} revision(s) left.");
            if (plan.IsEmpty || (plan.Steps[0].Revision.Revision != approved && !Approve(plan.Steps[0], out _)))
            {
                return;
            }
        }

        var activity = $"{Direction} to '{TargetText}'";
        try
        {
            for (var index = 0; index < plan.Steps.Count; index++)
            {
                var step = plan.Steps[index];
                if (index > 0 && !Approve(step, out _))
                {
                    NotConfirmed(step);
                    return;
                }

                WriteProgress(new ProgressRecord(1, activity, $"{step.Revision.Revision} {step.Revision.Message}")
                {
                    PercentComplete = index * 100 / plan.Steps.Count,
                    CurrentOperation = $"{index + 1} of {plan.Steps.Count}",
                });
                WriteVerbose($"{Verb(step)} revision {step.Revision.Revision} '{step.Revision.Message}' from {step.Revision.Path}.");
                var result = session.Apply(step);
                WriteDebug($"{result.Revision}: {result.Statements} statement(s) in {result.Duration.TotalMilliseconds:0.0} ms.");
                WriteObject(result);
            }
        }
        finally
        {
            WriteProgress(new ProgressRecord(1, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    private void NotConfirmed(MigrationStep step) =>
        WriteWarning($"Stopped before revision {step.Revision.Revision}: not confirmed. The database is at {MigrationHeads.Describe(step.HeadsBefore)}.");

    private static string Verb(MigrationStep step) => step.Direction == MigrationDirection.Upgrade ? "Apply" : "Revert";
}
