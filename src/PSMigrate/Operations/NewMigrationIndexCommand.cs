using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Creates an index, optionally unique or partial (-Where).</summary>
[Cmdlet(VerbsCommon.New, "MigrationIndex")]
[OutputType(typeof(void))]
public sealed class NewMigrationIndexCommand : TableObjectCommandBase
{
    [Parameter(Mandatory = true, Position = 2)]
    [ValidateNotNullOrEmpty]
    public string[] Column { get; set; } = [];

    [Parameter]
    public SwitchParameter Unique { get; set; }

    /// <summary>A SQL condition for a partial (filtered) index.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Where { get; set; }

    protected override void Process() => Operations.CreateIndex(Table, Name, Column, Unique, Where, Line);
}
