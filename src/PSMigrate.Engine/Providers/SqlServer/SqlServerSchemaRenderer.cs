using PSMigrate.Engine.Operations;
using PSMigrate.Engine.Sql;

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

    protected override IReadOnlyList<string> RenameTable(RenameTableOperation operation) =>
        [$"EXEC sp_rename {Dialect.Literal(operation.Table)}, {Dialect.Literal(Bare(operation.NewName))}"];

    protected override IReadOnlyList<string> RenameColumn(RenameColumnOperation operation) =>
        [$"EXEC sp_rename {Dialect.Literal($"{operation.Table}.{operation.Column}")}, {Dialect.Literal(operation.NewName)}, N'COLUMN'"];

    protected override IReadOnlyList<string> DropColumn(DropColumnOperation operation) =>
        [$"ALTER TABLE {Table(operation.Table)} DROP CONSTRAINT IF EXISTS {DefaultName(operation.Table, operation.Column)}", .. base.DropColumn(operation)];

    protected override IReadOnlyList<string> DropIndex(DropIndexOperation operation) =>
        [$"DROP INDEX {Quote(operation.Name)} ON {Table(operation.Table)}"];

    protected override IReadOnlyList<string> AlterColumn(AlterColumnOperation operation, ISchemaCatalog catalog)
    {
        var change = operation.Change;
        var table = operation.Table;
        var statements = new List<string>();
        if (change.Type is not null || change.Nullable is not null)
        {
            var type = change.Type ?? throw OperationError(operation, MigrationErrors.TypeRequired,
                $"SQL Server changes a column's nullability only together with its type: give -Type for column '{change.Column}' of '{table}'.");
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
