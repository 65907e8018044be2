namespace PSMigrate.Engine.Operations;

public enum ConstraintKind
{
    PrimaryKey,
    Unique,
    Check,
    ForeignKey,
}

/// <summary>A named table constraint.</summary>
public sealed record ConstraintDefinition(
    string Name,
    ConstraintKind Kind,
    IReadOnlyList<string> Columns,
    string? Check = null,
    string? ReferencedTable = null,
    IReadOnlyList<string>? ReferencedColumns = null,
    string? OnDelete = null,
    string? OnUpdate = null)
{
    public static readonly string[] DeleteActions = ["CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION"];
}
