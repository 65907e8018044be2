using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Drops an index.</summary>
[Cmdlet(VerbsCommon.Remove, "MigrationIndex")]
[OutputType(typeof(void))]
public sealed class RemoveMigrationIndexCommand : MigrationOperationCommandBase
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Table { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    protected override void Process() => Operations.DropIndex(Table, Name);
}
