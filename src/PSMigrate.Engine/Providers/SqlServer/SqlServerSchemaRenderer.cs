using PSMigrate.Engine.Operations;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers.SqlServer;

/// <summary>
/// T-SQL as Microsoft documents it and EF Core's migrations generator writes it. Where the
/// right statement depends on the live catalog (the real name of a default constraint, a
/// column's nullability and collation, the indexes and constraints on a column), the lookup is
/// rendered into the SQL itself as dynamic T-SQL, so a live run and an offline script do the
/// same thing.
/// </summary>
internal sealed class SqlServerSchemaRenderer(ISqlDialect dialect) : StandardSchemaRenderer(dialect)
{
    // nvarchar(n) and varbinary(n) stop at these; longer is (max), which cannot be a key.
    private const int MaxStringLength = 4000;
    private const int MaxBinaryLength = 8000;

    // The widest key SQL Server indexes (900 bytes): what EF gives a key string of no length.
    private const int KeyStringLength = 450;
    private const int KeyBinaryLength = 900;

    private SqlServerCatalogSql Catalog => new(Dialect);

    protected override string IdentityClause => " IDENTITY(1, 1)";

    protected override string AddColumnKeyword => "ADD";

    protected override bool IdentityIsNotNull => true;

    // SQL Server has no RESTRICT; its NO ACTION checks at once, which is what RESTRICT means elsewhere.
    protected override string DeleteAction(string action) => action == "RESTRICT" ? "NO ACTION" : action;

    protected override string TypeName(PortableType type, int? length, int? precision, int? scale) => type switch
    {
        PortableType.Integer => "int",
        PortableType.BigInteger => "bigint",
        PortableType.String => length is { } n and <= MaxStringLength ? $"nvarchar({n})" : "nvarchar(max)",
        PortableType.Text => "nvarchar(max)",
        PortableType.Boolean => "bit",
        PortableType.Decimal => precision is { } p ? $"decimal({p}, {scale ?? 0})" : "decimal(18, 2)",
        PortableType.DateTime => "datetime2",
        PortableType.DateTimeOffset => "datetimeoffset",
        PortableType.Date => "date",
        PortableType.Guid => "uniqueidentifier",
        PortableType.Binary => length is { } b and <= MaxBinaryLength ? $"varbinary({b})" : "varbinary(max)",
        _ => "nvarchar(max)",
    };

    /// <summary>A key or unique column gets a length SQL Server can index; an explicit one too long for that is refused.</summary>
    protected override string TypeOf(ColumnDefinition column)
    {
        if ((column.PrimaryKey || column.Unique) && column.Type is PortableType.String or PortableType.Binary or PortableType.Text)
        {
            var (keyLength, limit) = column.Type == PortableType.Binary ? (KeyBinaryLength, MaxBinaryLength) : (KeyStringLength, MaxStringLength);
            if (column.Type == PortableType.Text || column.Length > limit)
            {
                throw new MigrationException(MigrationErrors.InvalidColumn,
                    $"Invalid column: '{column.Name}' is a key or unique column, but {(column.Type == PortableType.Text ? "Text" : $"a length of {column.Length}")} " +
                    $"is (max) on SQL Server, which cannot be indexed. Give a Length of at most {limit} (keys are indexed up to 900 bytes).", column.Name);
            }

            return TypeName(column.Type, column.Length ?? keyLength, column.Precision, column.Scale);
        }

        return base.TypeOf(column);
    }

    private string DefaultName(string table, string column) => Quote($"df_{Bare(table)}_{column}");

    protected override string DefaultClause(string table, ColumnDefinition column) =>
        column.HasDefault ? $" CONSTRAINT {DefaultName(table, column.Name)}{base.DefaultClause(table, column)}" : string.Empty;

    // Without WITH VALUES, existing rows keep NULL in a new nullable column with a default,
    // where PostgreSQL and SQLite fill them: the same revision would give different data.
    protected override IReadOnlyList<string> AddColumn(AddColumnOperation operation) =>
    [
        $"ALTER TABLE {Table(operation.Table)} ADD {ColumnSql(operation.Table, operation.Column)}" +
        (operation.Column is { HasDefault: true, Nullable: true, Identity: false } ? " WITH VALUES" : string.Empty),
    ];

    protected override IReadOnlyList<string> RenameTable(RenameTableOperation operation)
    {
        var newTable = QualifiedName.Parse(operation.Table) with { Name = Bare(operation.NewName) };
        return
        [
            $"EXEC sp_rename {Dialect.Literal(Table(operation.Table))}, {Dialect.Literal(Bare(operation.NewName))}",
            Catalog.RenameNamedConstraints(Table(newTable.ToString()), Bare(operation.Table), Bare(operation.NewName)),
        ];
    }

    protected override IReadOnlyList<string> RenameColumn(RenameColumnOperation operation) =>
        [$"EXEC sp_rename {Dialect.Literal($"{Table(operation.Table)}.{Quote(operation.Column)}")}, {Dialect.Literal(operation.NewName)}, N'COLUMN'"];

    protected override IReadOnlyList<string> DropColumn(DropColumnOperation operation) =>
        [Catalog.DropColumn(Table(operation.Table), operation.Column)];

    protected override IReadOnlyList<string> DropIndex(DropIndexOperation operation) =>
        [$"DROP INDEX {Quote(operation.Name)} ON {Table(operation.Table)}"];

    protected override IReadOnlyList<string> AlterColumn(AlterColumnOperation operation, ISchemaCatalog catalog)
    {
        var change = operation.Change;
        var table = Table(operation.Table);
        if (!change.ChangesType && change.Nullable is not null)
        {
            throw OperationError(operation, MigrationErrors.TypeRequired,
                $"SQL Server changes a column's nullability only together with its type: give -Type for column '{change.Column}' of '{operation.Table}'.");
        }

        var newDefault = change.DefaultSql ?? (change.Default is { } value ? Value(value) : null);
        if (NewType(change) is not { } newType)
        {
            return change.ChangesDefault ? [Catalog.ReplaceDefault(table, change.Column, DefaultName(operation.Table, change.Column), newDefault)] : [];
        }

        var alteration = new ColumnAlteration(
            table,
            change.Column,
            newType,
            KeepsCollation: change.Type is PortableType.String or PortableType.Text || (change.SqlType is { } sqlType && sqlType.Contains("char", StringComparison.OrdinalIgnoreCase)),
            change.Nullable,
            change.ChangesDefault ? new DefaultChange(DefaultName(operation.Table, change.Column), newDefault) : null);
        return [Catalog.AlterColumn(alteration)];
    }

    /// <summary>Explicit identity values are kept, as the bulk copy keeps them live (KeepIdentity).</summary>
    public override IReadOnlyList<string> InsertRows(string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        var inserts = base.InsertRows(table, columns, rows);
        return inserts.Count == 0
            ? inserts
            : [Catalog.IdentityInsert(Table(table), columns, on: true), .. inserts, Catalog.IdentityInsert(Table(table), columns, on: false)];
    }

    protected override string BinaryLiteral(byte[] bytes) => "0x" + Convert.ToHexString(bytes);
}

/// <summary>A column's new type; the nullability asked for (null: keep the current one) and a new default, if any.</summary>
internal sealed record ColumnAlteration(string Table, string Column, string Type, bool KeepsCollation, bool? Nullable, DefaultChange? Default);

/// <summary>A default to set (Sql null: only drop the current one), under the conventional constraint name.</summary>
internal sealed record DefaultChange(string ConstraintName, string? Sql);
