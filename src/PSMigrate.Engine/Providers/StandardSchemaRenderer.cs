using System.Globalization;
using System.Text;
using PSMigrate.Engine.Operations;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers;

/// <summary>
/// The SQL the dialects share (standard CREATE/ALTER/DROP forms); each provider folder's
/// renderer overrides what its database spells differently. Pure: operations in, statements
/// out; nothing is executed and nothing is remembered between calls.
/// </summary>
internal abstract class StandardSchemaRenderer : ISchemaRenderer
{
    private const int RowsPerInsert = 500;

    protected StandardSchemaRenderer(ISqlDialect dialect) => Dialect = dialect;

    protected ISqlDialect Dialect { get; }

    protected abstract string TypeName(PortableType type, int? length, int? precision, int? scale);

    /// <summary>The catalog's spelling of a type brought to the one TypeName writes ('character varying(80)' to 'varchar(80)').</summary>
    protected virtual string CanonicalType(string catalogType) => catalogType;

    public PortableColumnType? PortableTypeOf(string catalogType)
    {
        var wanted = Schema.SchemaText.Type(CanonicalType(catalogType));
        var sizes = System.Text.RegularExpressions.Regex.Match(wanted, @"\((\d+)(?:,(\d+))?\)$");
        int? first = sizes.Success ? int.Parse(sizes.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        int? second = sizes.Groups[2].Success ? int.Parse(sizes.Groups[2].Value, CultureInfo.InvariantCulture) : null;
        PortableColumnType[] candidates = [.. Enum.GetValues<PortableType>().SelectMany(type => new[]
        {
            new PortableColumnType(type),
            new PortableColumnType(type, Length: first),
            new PortableColumnType(type, Precision: first, Scale: second ?? 0),
        })];

        // A String without a length reads as Text in every dialect; say Text.
        return candidates.Where(c => !(c.Type == PortableType.String && c.Length is null))
            .FirstOrDefault(c => Schema.SchemaText.Type(TypeName(c.Type, c.Length, c.Precision, c.Scale)) == wanted);
    }

    /// <summary>What follows the type of an identity column.</summary>
    protected abstract string IdentityClause { get; }

    protected virtual string AddColumnKeyword => "ADD COLUMN";

    /// <summary>Whether an identity column must be NOT NULL whatever was asked (SQL Server: a nullable identity is an error).</summary>
    protected virtual bool IdentityIsNotNull => false;

    public virtual IReadOnlyList<IReadOnlyList<SchemaOperation>> Group(IReadOnlyList<SchemaOperation> operations) =>
        operations.Select(o => (IReadOnlyList<SchemaOperation>)[o]).ToList();

    public virtual IReadOnlyList<RenderedStatement> Render(IReadOnlyList<SchemaOperation> group, ISchemaCatalog catalog)
    {
        foreach (var operation in group)
        {
            Validate(operation);
        }

        return group.SelectMany(operation => RenderOne(operation, catalog).Select(sql => new RenderedStatement(sql, operation))).ToList();
    }

    /// <summary>What every dialect refuses before rendering: names it would cut short, actions it lacks.</summary>
    protected void Validate(SchemaOperation operation)
    {
        CheckNames(operation);
        if (operation is AddConstraintOperation { Constraint: var constraint })
        {
            foreach (var (clause, action) in new[] { ("ON DELETE", constraint.OnDelete), ("ON UPDATE", constraint.OnUpdate) })
            {
                if (action is not null && !DeleteActions.Contains(action, StringComparer.OrdinalIgnoreCase))
                {
                    throw OperationError(operation, MigrationErrors.InvalidOperation,
                        $"{clause} {action} is not an action of this database; use {string.Join(", ", DeleteActions)}.");
                }
            }
        }
    }

    protected IReadOnlyList<string> RenderOne(SchemaOperation operation, ISchemaCatalog catalog)
    {
        return operation switch
        {
            CreateTableOperation o => CreateTable(o),
            DropTableOperation o => DropTable(o),
            RenameTableOperation o => RenameTable(o),
            AddColumnOperation o => AddColumn(o),
            DropColumnOperation o => DropColumn(o),
            RenameColumnOperation o => RenameColumn(o),
            AlterColumnOperation o => AlterColumn(o, catalog),
            CreateIndexOperation o => CreateIndex(o),
            DropIndexOperation o => DropIndex(o),
            AddConstraintOperation o => AddConstraint(o),
            DropConstraintOperation o => DropConstraint(o),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation.GetType().Name, null),
        };
    }

    protected string Quote(string name) => Dialect.QuoteIdentifier(name);

    /// <summary>'schema.table' or 'table', quoted: a dot always separates the schema, in every dialect.</summary>
    protected string Table(string table)
    {
        var name = QualifiedName.Parse(table);
        return Dialect.TableName(name.Schema, name.Name);
    }

    protected static string Bare(string table) => QualifiedName.Parse(table).Name;

    protected string Columns(IEnumerable<string> columns) => string.Join(", ", columns.Select(Quote));

    protected virtual string TypeOf(ColumnDefinition column) => column.SqlType ?? TypeName(column.Type, column.Length, column.Precision, column.Scale);

    /// <summary>The type a column change asks for, in this dialect; null when the type stays.</summary>
    protected string? NewType(ColumnChange change) =>
        change.SqlType ?? (change.Type is { } type ? TypeName(type, change.Length, change.Precision, change.Scale) : null);

    protected virtual string DefaultClause(string table, ColumnDefinition column) =>
        column.DefaultSql is { } sql ? $" DEFAULT {sql}" : column.Default is { } value ? $" DEFAULT {Value(value)}" : string.Empty;

    protected static string UniqueName(string table, string column) => $"uq_{Bare(table)}_{column}";

    protected static string PrimaryKeyName(string table) => $"pk_{Bare(table)}";

    public virtual string ColumnSql(string table, ColumnDefinition column)
    {
        var text = new StringBuilder(Quote(column.Name)).Append(' ').Append(TypeOf(column));
        if (column.Identity)
        {
            text.Append(IdentityClause);
        }

        text.Append(column.Nullable && !(column.Identity && IdentityIsNotNull) ? " NULL" : " NOT NULL");
        text.Append(DefaultClause(table, column));
        if (column.Unique)
        {
            text.Append(" CONSTRAINT ").Append(Quote(UniqueName(table, column.Name))).Append(" UNIQUE");
        }

        return text.ToString();
    }

    protected virtual IReadOnlyList<string> CreateTable(CreateTableOperation operation)
    {
        var parts = operation.Columns.Select(c => ColumnSql(operation.Table, c)).ToList();
        var keys = operation.Columns.Where(c => c.PrimaryKey).Select(c => c.Name).ToList();
        if (keys.Count > 0)
        {
            parts.Add($"CONSTRAINT {Quote(PrimaryKeyName(operation.Table))} PRIMARY KEY ({Columns(keys)})");
        }

        return [$"CREATE TABLE {Table(operation.Table)} (\n    {string.Join(",\n    ", parts)}\n)"];
    }

    protected virtual IReadOnlyList<string> DropTable(DropTableOperation operation) => [$"DROP TABLE {Table(operation.Table)}"];

    protected virtual IReadOnlyList<string> RenameTable(RenameTableOperation operation) =>
        [$"ALTER TABLE {Table(operation.Table)} RENAME TO {Quote(Bare(operation.NewName))}"];

    protected virtual IReadOnlyList<string> AddColumn(AddColumnOperation operation) =>
        [$"ALTER TABLE {Table(operation.Table)} {AddColumnKeyword} {ColumnSql(operation.Table, operation.Column)}"];

    protected virtual IReadOnlyList<string> DropColumn(DropColumnOperation operation) =>
        [$"ALTER TABLE {Table(operation.Table)} DROP COLUMN {Quote(operation.Column)}"];

    protected virtual IReadOnlyList<string> RenameColumn(RenameColumnOperation operation) =>
        [$"ALTER TABLE {Table(operation.Table)} RENAME COLUMN {Quote(operation.Column)} TO {Quote(operation.NewName)}"];

    protected abstract IReadOnlyList<string> AlterColumn(AlterColumnOperation operation, ISchemaCatalog catalog);

    protected virtual IReadOnlyList<string> CreateIndex(CreateIndexOperation operation) =>
    [
        $"CREATE {(operation.Unique ? "UNIQUE " : string.Empty)}INDEX {Quote(operation.Name)} ON {Table(operation.Table)} ({Columns(operation.Columns)})" +
        (operation.Where is null ? string.Empty : " WHERE " + operation.Where),
    ];

    protected virtual IReadOnlyList<string> DropIndex(DropIndexOperation operation) => [$"DROP INDEX {IndexName(operation)}"];

    /// <summary>An index lives in its table's schema: 'schema.index' where the table is qualified.</summary>
    protected string IndexName(DropIndexOperation operation) =>
        Dialect.TableName(QualifiedName.Parse(operation.Table).Schema, operation.Name);

    protected virtual IReadOnlyList<string> AddConstraint(AddConstraintOperation operation) =>
        [$"ALTER TABLE {Table(operation.Table)} ADD {ConstraintSql(operation.Constraint)}"];

    protected virtual IReadOnlyList<string> DropConstraint(DropConstraintOperation operation) =>
        [$"ALTER TABLE {Table(operation.Table)} DROP CONSTRAINT {Quote(operation.Name)}"];

    /// <summary>How this dialect spells an ON DELETE action it accepts.</summary>
    protected virtual string DeleteAction(string action) => action;

    /// <summary>The ON DELETE actions this dialect has; others are refused before anything runs.</summary>
    protected virtual IReadOnlyList<string> DeleteActions => ConstraintDefinition.DeleteActions;

    public string ConstraintSql(ConstraintDefinition constraint)
    {
        var body = constraint.Kind switch
        {
            ConstraintKind.PrimaryKey => $"PRIMARY KEY ({Columns(constraint.Columns)})",
            ConstraintKind.Unique => $"UNIQUE ({Columns(constraint.Columns)})",
            ConstraintKind.Check => $"CHECK ({constraint.Check})",
            _ => $"FOREIGN KEY ({Columns(constraint.Columns)}) REFERENCES {Table(constraint.ReferencedTable!)} ({Columns(constraint.ReferencedColumns ?? constraint.Columns)})" +
                 (constraint.OnDelete is { } action ? " ON DELETE " + DeleteAction(action.ToUpperInvariant()) : string.Empty) +
                 (constraint.OnUpdate is { } onUpdate ? " ON UPDATE " + DeleteAction(onUpdate.ToUpperInvariant()) : string.Empty),
        };
        return $"CONSTRAINT {Quote(constraint.Name)} {body}";
    }

    public virtual IReadOnlyList<string> InsertRows(string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows) =>
        rows.Chunk(RowsPerInsert)
            .Select(chunk => $"INSERT INTO {Table(table)} ({Columns(columns)}) VALUES\n    " +
                             string.Join(",\n    ", chunk.Select(row => "(" + string.Join(", ", row.Select(Value)) + ")")))
            .ToList();

    public string Value(object? value) => value switch
    {
        null or DBNull => "NULL",
        bool flag => BooleanLiteral(flag),
        string text => Dialect.Literal(text),
        char c => Dialect.Literal(c.ToString()),
        byte[] bytes => BinaryLiteral(bytes),
        Guid guid => Dialect.Literal(guid.ToString()),
        DateTimeOffset offset => Dialect.Literal(offset.ToString("yyyy-MM-dd HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture)),
        DateTime time => Dialect.Literal(time.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture)),
        DateOnly date => Dialect.Literal(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        Enum e => Dialect.Literal(e.ToString()),
        IFormattable number when value is sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal =>
            number.ToString(null, CultureInfo.InvariantCulture),
        _ => Dialect.Literal(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    protected virtual string BooleanLiteral(bool value) => value ? "1" : "0";

    protected abstract string BinaryLiteral(byte[] bytes);

    /// <summary>An error about one operation, pointing at the .ps1 line that asked for it.</summary>
    protected static MigrationException OperationError(SchemaOperation operation, MigrationError error, string problem) =>
        new(error, $"{operation.Describe()}: {problem}", operation.Table) { Line = operation.Line };

    /// <summary>
    /// Refuses names the database would cut short (PostgreSQL keeps 63 bytes, SQL Server 128
    /// characters), so an upgrade never creates a name its downgrade cannot find.
    /// </summary>
    private void CheckNames(SchemaOperation operation)
    {
        foreach (var name in Names(operation))
        {
            if (Dialect.IdentifierLength(name) > Dialect.MaxIdentifierLength)
            {
                throw OperationError(operation, MigrationErrors.NameTooLong,
                    $"the name '{name}' is {Dialect.IdentifierLength(name)} long; this database keeps at most {Dialect.MaxIdentifierLength}, and would silently cut it. Choose a shorter name.");
            }
        }
    }

    private static IEnumerable<string> Names(SchemaOperation operation)
    {
        var table = QualifiedName.Parse(operation.Table);
        yield return table.Name;
        if (table.Schema is { } schema)
        {
            yield return schema;
        }

        switch (operation)
        {
            case CreateTableOperation o:
                foreach (var column in o.Columns)
                {
                    yield return column.Name;
                    if (column.Unique)
                    {
                        yield return UniqueName(o.Table, column.Name);
                    }
                }

                if (o.Columns.Any(c => c.PrimaryKey))
                {
                    yield return PrimaryKeyName(o.Table);
                }

                break;
            case RenameTableOperation o:
                yield return QualifiedName.Parse(o.NewName).Name;
                break;
            case AddColumnOperation o:
                yield return o.Column.Name;
                break;
            case RenameColumnOperation o:
                yield return o.NewName;
                break;
            case CreateIndexOperation o:
                yield return o.Name;
                break;
            case AddConstraintOperation o:
                yield return o.Constraint.Name;
                break;
        }
    }
}
