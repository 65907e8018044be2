using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Drops a named constraint (on SQLite by rebuilding the table).</summary>
[Cmdlet(VerbsCommon.Remove, "MigrationConstraint")]
[OutputType(typeof(void))]
public sealed class RemoveMigrationConstraintCommand : MigrationOperationCommandBase
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Table { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    protected override void Process() => Operations.DropConstraint(Table, Name);
}
