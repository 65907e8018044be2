using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Drops a named constraint (on SQLite by rebuilding the table).</summary>
[Cmdlet(VerbsCommon.Remove, "MigrationConstraint")]
[OutputType(typeof(void))]
public sealed class RemoveMigrationConstraintCommand : TableObjectCommandBase
{
    protected override void Process() => Operations.DropConstraint(Table, Name, Line);
}
