using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Drops a table.</summary>
[Cmdlet(VerbsCommon.Remove, "MigrationTable")]
[OutputType(typeof(void))]
public sealed class RemoveMigrationTableCommand : MigrationOperationCommandBase
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    protected override void Process() => Operations.DropTable(Name, Line);
}
