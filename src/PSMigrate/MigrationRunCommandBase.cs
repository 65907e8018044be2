using System.Management.Automation;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Execution;

namespace PSMigrate.Commands;

/// <summary>
/// Invoke-MigrationUpgrade and Undo-Migration: the engine's Migrator runs the whole protocol;
/// this only binds parameters, asks (ShouldProcess), shows progress and writes the results.
/// </summary>
public abstract class MigrationRunCommandBase : ScriptableCommandBase
{
    /// <summary>Revision (the default): each revision commits with its version row. Run: the whole run commits at once.</summary>
    [Parameter]
    public TransactionScopeParameter TransactionScope { get; set; } = TransactionScopeParameter.Revision;

    /// <summary>Where this run goes, from the cmdlet's parameters.</summary>
    protected abstract MigrationTarget Goal { get; }

    /// <summary>The cmdlet's ConfirmImpact: whether ShouldProcess itself prompts for each step.</summary>
    protected abstract ConfirmImpact Impact { get; }

    private protected override Action<DatabaseRun> Prepare(MigrationProject project)
    {
        var graph = Revisions(project);
        var goal = Goal;
        var (script, from, outFile, force, whatIf) = (Script.IsPresent, From, OutFile, Force.IsPresent, WhatIfGiven);
        var (lockWait, retries, scope) = (LockWait, RetryLockWait, TransactionScope.ToEngine());
        var dataLoss = new DataLossQuestion(HostCanAsk(), ConfirmPrompts(Impact), ConfirmDeclined);
        return run =>
        {
            var migrator = Migrator(run, graph, lockWait, retries, scope);
            var observer = new CmdletObserver(run.Output, goal.ToString(), force, whatIf, dataLoss);
            if (script)
            {
                WriteScript(migrator.Script(goal, from, observer, run.Stop), outFile);
                return;
            }

            try
            {
                migrator.Run(goal, observer, run.Stop);
            }
            finally
            {
                observer.Complete();
            }
        };
    }
}
