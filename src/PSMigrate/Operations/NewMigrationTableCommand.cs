using System.Collections;
using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Creates a table from column hashtables, in the current dialect.</summary>
[Cmdlet(VerbsCommon.New, "MigrationTable")]
[OutputType(typeof(void))]
public sealed class NewMigrationTableCommand : MigrationOperationCommandBase
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public Hashtable[] Column { get; set; } = [];

    protected override void Process() => Operations.CreateTable(Name, Column.Select(c => ToColumn(c)).ToList(), Line);
}
