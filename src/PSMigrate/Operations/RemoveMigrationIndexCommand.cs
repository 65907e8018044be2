using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Drops an index.</summary>
[Cmdlet(VerbsCommon.Remove, "MigrationIndex")]
[OutputType(typeof(void))]
public sealed class RemoveMigrationIndexCommand : TableObjectCommandBase
{
    protected override void Process() => Operations.DropIndex(Table, Name, Line);
}
