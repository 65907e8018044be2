using PSMigrate.Engine.Operations;

namespace PSMigrate.Engine.Providers.SqlServer;

/// <summary>T-SQL: sp_rename for renames, named DEFAULT constraints (df_table_column) so they can change.</summary>
internal sealed class SqlServerSchemaRenderer(ISqlDialect dialect) : StandardSchemaRenderer(dialect)
{
    protected override string IdentityClause => " IDENTITY(1, 1)";

    protected override string AddColumnKeyword => "ADD";

    protected override string TypeName(PortableType type, int? length, int? precision, int? scale) => type switch
    {
        PortableType.Integer => "int",
        PortableType.BigInteger => "bigint",
        PortableType.String => length is { } n ? $"nvarchar({n})" : "nvarchar(max)",
        PortableType.Text => "nvarchar(max)",
        PortableType.Boolean => "bit",
        PortableType.Decimal => precision is { } p ? $"decimal({p}, {scale ?? 0})" : "decimal(18, 2)",
        PortableType.DateTime => "datetime2",
        PortableType.DateTimeOffset => "datetimeoffset",
        PortableType.Date => "date",
        PortableType.Guid => "uniqueidentifier",
        PortableType.Binary => length is { } b ? $"varbinary({b})" : "varbinary(max)",
        _ => "nvarchar(max)",
    };

    private string DefaultName(string table, string column) => Quote($"df_{Bare(table)}_{column}");

    protected override string DefaultClause(string table, ColumnDefinition column) =>
        column.HasDefault ? $" CONSTRAINT {DefaultName(table, column.Name)}{base.DefaultClause(table, column)}" : string.Empty;

    public override IReadOnlyList<string> RenameTable(OperationContext context, string table, string newName) =>
        [$"EXEC sp_rename {Dialect.Literal(table)}, {Dialect.Literal(Bare(newName))}"];

    public override IReadOnlyList<string> RenameColumn(OperationContext context, string table, string column, string newName) =>
        [$"EXEC sp_rename {Dialect.Literal($"{table}.{column}")}, {Dialect.Literal(newName)}, N'COLUMN'"];

    public override IReadOnlyList<string> DropColumn(OperationContext context, string table, string column) =>
        [$"ALTER TABLE {Table(table)} DROP CONSTRAINT IF EXISTS {DefaultName(table, column)}", .. base.DropColumn(context, table, column)];

    public override IReadOnlyList<string> DropIndex(OperationContext context, string table, string name) =>
        [$"DROP INDEX {Quote(name)} ON {Table(table)}"];

    public override IReadOnlyList<string> AlterColumn(OperationContext context, string table, ColumnChange change)
    {
        var statements = new List<string>();
        if (change.Type is not null || change.Nullable is not null)
        {
            var type = change.Type ?? throw context.Error("PSMigrate.TypeRequired", MigrationErrorKind.InvalidTarget,
                $"SQL Server changes a column's nullability only together with its type: give -Type for column '{change.Column}' of '{table}' (revision {context.Revision.Revision}).");
            statements.Add($"ALTER TABLE {Table(table)} ALTER COLUMN {Quote(change.Column)} {TypeName(type, change.Length, change.Precision, change.Scale)}" +
                           (change.Nullable is false ? " NOT NULL" : " NULL"));
        }

        if (change.ChangesDefault)
        {
            statements.Add($"ALTER TABLE {Table(table)} DROP CONSTRAINT IF EXISTS {DefaultName(table, change.Column)}");
            var value = change.DefaultSql ?? (change.Default is { } v ? Value(v) : null);
            if (value is not null)
            {
                statements.Add($"ALTER TABLE {Table(table)} ADD CONSTRAINT {DefaultName(table, change.Column)} DEFAULT {value} FOR {Quote(change.Column)}");
            }
        }

        return statements;
    }

    protected override string BinaryLiteral(byte[] bytes) => "0x" + Convert.ToHexString(bytes);
}
