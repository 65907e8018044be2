namespace PSMigrate.Engine.Operations;

/// <summary>
/// One dialect's SQL for the schema operations. A renderer reads the live database through
/// <see cref="OperationContext"/> only where the dialect needs the current definition (SQLite's
/// table rebuilds); offline it uses what earlier operations in the same script created.
/// </summary>
public interface ISchemaRenderer
{
    IReadOnlyList<string> CreateTable(OperationContext context, string table, IReadOnlyList<ColumnDefinition> columns);

    IReadOnlyList<string> DropTable(OperationContext context, string table);

    IReadOnlyList<string> RenameTable(OperationContext context, string table, string newName);

    IReadOnlyList<string> AddColumn(OperationContext context, string table, ColumnDefinition column);

    IReadOnlyList<string> DropColumn(OperationContext context, string table, string column);

    IReadOnlyList<string> RenameColumn(OperationContext context, string table, string column, string newName);

    IReadOnlyList<string> AlterColumn(OperationContext context, string table, ColumnChange change);

    IReadOnlyList<string> CreateIndex(OperationContext context, string table, string name, IReadOnlyList<string> columns, bool unique, string? where);

    IReadOnlyList<string> DropIndex(OperationContext context, string table, string name);

    IReadOnlyList<string> AddConstraint(OperationContext context, string table, ConstraintDefinition constraint);

    IReadOnlyList<string> DropConstraint(OperationContext context, string table, string name);

    /// <summary>Multi-row INSERT statements, for offline scripts.</summary>
    IReadOnlyList<string> InsertRows(string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows);

    /// <summary>A value as a SQL literal.</summary>
    string Value(object? value);
}

/// <summary>What Set-MigrationColumn changes; null means leave as it is.</summary>
public sealed record ColumnChange(
    string Column,
    PortableType? Type = null,
    int? Length = null,
    int? Precision = null,
    int? Scale = null,
    bool? Nullable = null,
    object? Default = null,
    string? DefaultSql = null,
    bool DropDefault = false)
{
    public bool ChangesDefault => Default is not null || DefaultSql is not null || DropDefault;
}
