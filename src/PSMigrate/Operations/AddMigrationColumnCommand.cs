using System.Collections;
using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Adds a column described by a hashtable.</summary>
[Cmdlet(VerbsCommon.Add, "MigrationColumn")]
[OutputType(typeof(void))]
public sealed class AddMigrationColumnCommand : MigrationOperationCommandBase
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Table { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNull]
    public Hashtable Column { get; set; } = [];

    protected override void Process() => Operations.AddColumn(Table, ToColumn(Column), Line);
}
