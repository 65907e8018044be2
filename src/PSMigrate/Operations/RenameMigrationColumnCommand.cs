using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Renames a column, keeping its data.</summary>
[Cmdlet(VerbsCommon.Rename, "MigrationColumn")]
[OutputType(typeof(void))]
public sealed class RenameMigrationColumnCommand : TableObjectCommandBase
{
    [Parameter(Mandatory = true, Position = 2)]
    [ValidateNotNullOrEmpty]
    public string NewName { get; set; } = string.Empty;

    protected override void Process() => Operations.RenameColumn(Table, Name, NewName, Line);
}
