using System.Management.Automation;
using PSMigrate.Engine.Operations;

namespace PSMigrate.Commands;

/// <summary>Adds a named primary key, unique, check or foreign key constraint (on SQLite by rebuilding the table).</summary>
[Cmdlet(VerbsCommon.Add, "MigrationConstraint", DefaultParameterSetName = ForeignKeySet)]
[OutputType(typeof(void))]
public sealed class AddMigrationConstraintCommand : TableObjectCommandBase
{
    private const string PrimaryKeySet = "PrimaryKey";
    private const string UniqueSet = "Unique";
    private const string CheckSet = "Check";
    private const string ForeignKeySet = "ForeignKey";


    [Parameter(Mandatory = true, ParameterSetName = PrimaryKeySet)]
    [ValidateNotNullOrEmpty]
    public string[]? PrimaryKey { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = UniqueSet)]
    [ValidateNotNullOrEmpty]
    public string[]? Unique { get; set; }

    /// <summary>A SQL condition every row must meet.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CheckSet)]
    [ValidateNotNullOrEmpty]
    public string? Check { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ForeignKeySet)]
    [ValidateNotNullOrEmpty]
    public string[]? ForeignKey { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ForeignKeySet)]
    [ValidateNotNullOrEmpty]
    public string? References { get; set; }

    /// <summary>Default: the same names as -ForeignKey.</summary>
    [Parameter(ParameterSetName = ForeignKeySet)]
    [ValidateNotNullOrEmpty]
    public string[]? ReferencedColumn { get; set; }

    [Parameter(ParameterSetName = ForeignKeySet)]
    [ValidateSet("CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION")]
    public string? OnDelete { get; set; }

    [Parameter(ParameterSetName = ForeignKeySet)]
    [ValidateSet("CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION")]
    public string? OnUpdate { get; set; }

    protected override void Process() =>
        Operations.AddConstraint(Table, ParameterSetName switch
        {
            PrimaryKeySet => new ConstraintDefinition(Name, ConstraintKind.PrimaryKey, PrimaryKey!),
            UniqueSet => new ConstraintDefinition(Name, ConstraintKind.Unique, Unique!),
            CheckSet => new ConstraintDefinition(Name, ConstraintKind.Check, [], Check),
            _ => new ConstraintDefinition(Name, ConstraintKind.ForeignKey, ForeignKey!, null, References, ReferencedColumn, OnDelete?.ToUpperInvariant(), OnUpdate?.ToUpperInvariant()),
        }, Line);
}
