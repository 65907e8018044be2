using System.Data.Common;
using System.Management.Automation;
using PSMigrate.Engine;
using PSMigrate.Engine.Operations;

namespace PSMigrate.Commands;

/// <summary>
/// The operation cmdlets (Alembic's op): usable only while a PowerShell revision's Upgrade or
/// Downgrade runs, acting on its connection and transaction. They ask no confirmation of their
/// own: Invoke-MigrationUpgrade and Undo-Migration already asked before running the revision.
/// </summary>
public abstract class MigrationOperationCommandBase : PSCmdlet
{
    private RevisionScope? scope;

    internal SchemaOperations Operations => scope!.Operations;

    internal MigrationRevisionContext Context => scope!.Context;

    protected override void BeginProcessing()
    {
        scope = RevisionScope.Current;
        if (scope is null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException($"{MyInvocation.MyCommand.Name} works only inside the Upgrade or Downgrade function of a PowerShell revision (a .ps1 file in versions/), while Invoke-MigrationUpgrade, Undo-Migration or -Script runs it."),
                "PSMigrate.NotInRevision", ErrorCategory.InvalidOperation, MyInvocation.MyCommand.Name));
        }
    }

    protected override void ProcessRecord() => Guarded(Process);

    protected abstract void Process();

    protected void Guarded(Action action)
    {
        try
        {
            action();
        }
        catch (MigrationException error)
        {
            ThrowTerminatingError(MigrationErrors.ToErrorRecord(error));
        }
        catch (DbException error)
        {
            ThrowTerminatingError(new ErrorRecord(error, "PSMigrate.OperationFailed", ErrorCategory.InvalidOperation, MyInvocation.MyCommand.Name));
        }
    }

    internal static ColumnDefinition ToColumn(System.Collections.IDictionary column) => ColumnDefinition.FromDictionary(column);
}
