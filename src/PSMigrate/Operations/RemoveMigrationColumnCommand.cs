using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Drops a column (on SQLite by rebuilding the table when the column is constrained or indexed).</summary>
[Cmdlet(VerbsCommon.Remove, "MigrationColumn")]
[OutputType(typeof(void))]
public sealed class RemoveMigrationColumnCommand : MigrationOperationCommandBase
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Table { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    protected override void Process() => Operations.DropColumn(Table, Name);
}
