using System.Management.Automation;
using PSMigrate.Engine.Execution;
using PSMigrate.Engine.Operations;

namespace PSMigrate.Commands;

/// <summary>
/// The operation cmdlets (Alembic's op): usable only while a PowerShell revision's Upgrade or
/// Downgrade runs, acting on its connection and transaction. They ask no confirmation of their
/// own: Invoke-MigrationUpgrade and Undo-Migration already asked before running the revision.
/// </summary>
public abstract class MigrationOperationCommandBase : PSCmdlet
{
    private RunningRevision? revision;

    internal SchemaOperations Operations => revision!.Operations;

    internal MigrationRevisionContext Context => revision!.Context;

    /// <summary>The line of the revision file that called this cmdlet, for errors that point at it.</summary>
    internal int? Line =>
        string.Equals(MyInvocation.ScriptName, revision?.Operations.Revision.Path, StringComparison.Ordinal) && MyInvocation.ScriptLineNumber > 0
            ? MyInvocation.ScriptLineNumber
            : null;

    protected override void BeginProcessing()
    {
        revision = RunningRevision.Current;
        if (revision is null)
        {
            ThrowTerminatingError(ErrorRecords.From(MigrationErrors.NotInRevision,
                new InvalidOperationException($"{MyInvocation.MyCommand.Name} works only inside the Upgrade or Downgrade function of a PowerShell revision (a .ps1 file in versions/), while Invoke-MigrationUpgrade, Undo-Migration or -Script runs it."),
                MyInvocation.MyCommand.Name));
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
            ThrowTerminatingError(ErrorRecords.From(error.WithContext(line: Line)));
        }
    }

    internal static ColumnDefinition ToColumn(System.Collections.IDictionary column) => ColumnDefinition.FromDictionary(column);
}
