namespace PSMigrate.Engine.Operations;

/// <summary>
/// One schema change as data, the way a PowerShell revision asked for it. Renderers turn a
/// list of these into each dialect's statements; <see cref="Line"/> is the line of the .ps1
/// file that asked, so a failure can point at it.
/// </summary>
internal abstract record SchemaOperation(string Table)
{
    public int? Line { get; init; }

    /// <summary>What the operation does, for messages: "AddColumn 'email' on 'users'".</summary>
    public abstract string Describe();
}

internal sealed record CreateTableOperation(string Table, IReadOnlyList<ColumnDefinition> Columns) : SchemaOperation(Table)
{
    public override string Describe() => $"CreateTable '{Table}'";
}

internal sealed record DropTableOperation(string Table) : SchemaOperation(Table)
{
    public override string Describe() => $"DropTable '{Table}'";
}

internal sealed record RenameTableOperation(string Table, string NewName) : SchemaOperation(Table)
{
    public override string Describe() => $"RenameTable '{Table}' to '{NewName}'";
}

internal sealed record AddColumnOperation(string Table, ColumnDefinition Column) : SchemaOperation(Table)
{
    public override string Describe() => $"AddColumn '{Column.Name}' on '{Table}'";
}

internal sealed record DropColumnOperation(string Table, string Column) : SchemaOperation(Table)
{
    public override string Describe() => $"DropColumn '{Column}' on '{Table}'";
}

internal sealed record RenameColumnOperation(string Table, string Column, string NewName) : SchemaOperation(Table)
{
    public override string Describe() => $"RenameColumn '{Column}' to '{NewName}' on '{Table}'";
}

internal sealed record AlterColumnOperation(string Table, ColumnChange Change) : SchemaOperation(Table)
{
    public override string Describe() => $"AlterColumn '{Change.Column}' on '{Table}'";
}

internal sealed record CreateIndexOperation(string Table, string Name, IReadOnlyList<string> Columns, bool Unique, string? Where) : SchemaOperation(Table)
{
    public override string Describe() => $"CreateIndex '{Name}' on '{Table}'";
}

internal sealed record DropIndexOperation(string Table, string Name) : SchemaOperation(Table)
{
    public override string Describe() => $"DropIndex '{Name}' on '{Table}'";
}

internal sealed record AddConstraintOperation(string Table, ConstraintDefinition Constraint) : SchemaOperation(Table)
{
    public override string Describe() => $"AddConstraint '{Constraint.Name}' on '{Table}'";
}

internal sealed record DropConstraintOperation(string Table, string Name) : SchemaOperation(Table)
{
    public override string Describe() => $"DropConstraint '{Name}' on '{Table}'";
}
