using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Operations on one named thing of a table (a column, index or constraint): -Table, then -Name.</summary>
public abstract class TableObjectCommandBase : MigrationOperationCommandBase
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Table { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;
}
