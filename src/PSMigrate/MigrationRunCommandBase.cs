using PSMigrate.Engine.Execution;

namespace PSMigrate.Commands;

/// <summary>
/// Invoke-MigrationUpgrade and Undo-Migration: the engine's Migrator runs the whole protocol;
/// this only binds parameters, asks (ShouldProcess), shows progress and writes the results.
/// </summary>
public abstract class MigrationRunCommandBase : ScriptableCommandBase
{
    protected abstract MigrationDirection Direction { get; }

    protected abstract string TargetText { get; }

    protected override void Process()
    {
        var project = Project();
        var migrator = Migrator(project, project.LoadRevisions(), LockWait, RetryLockWait);
        var observer = new CmdletObserver(this, $"{Direction} to '{TargetText}'", Force, Inform);
        if (Script)
        {
            WriteScript(migrator.Script(Direction, TargetText, From, observer, Stopping), OutFile);
            return;
        }

        try
        {
            migrator.Run(Direction, TargetText, observer, Stopping);
        }
        finally
        {
            observer.Complete();
        }
    }
}
