using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Drops a column (on SQLite by rebuilding the table when the column is constrained or indexed).</summary>
[Cmdlet(VerbsCommon.Remove, "MigrationColumn")]
[OutputType(typeof(void))]
public sealed class RemoveMigrationColumnCommand : TableObjectCommandBase
{
    protected override void Process() => Operations.DropColumn(Table, Name, Line);
}
