using System.Management.Automation;
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

    protected override void Process()
    {
        var project = Project();
        var migrator = Migrator(project, project.LoadRevisions(), LockWait, RetryLockWait, TransactionScope.ToEngine());
        var goal = Goal;
        var observer = new CmdletObserver(this, goal.ToString(), Force, Inform);
        if (Script)
        {
            WriteScript(migrator.Script(goal, From, observer, StopRequested), OutFile);
            return;
        }

        try
        {
            migrator.Run(goal, observer, StopRequested);
        }
        finally
        {
            observer.Complete();
        }
    }
}
