using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Renames a table, keeping its rows.</summary>
[Cmdlet(VerbsCommon.Rename, "MigrationTable")]
[OutputType(typeof(void))]
public sealed class RenameMigrationTableCommand : MigrationOperationCommandBase
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string NewName { get; set; } = string.Empty;

    protected override void Process() => Operations.RenameTable(Name, NewName, Line);
}
