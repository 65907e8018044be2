using System.Globalization;
using System.Text;
using PSMigrate.Engine.Providers;

namespace PSMigrate.Engine.Operations;

/// <summary>
/// The SQL the dialects share (standard CREATE/ALTER/DROP forms); each provider folder's
/// renderer overrides what its database spells differently.
/// </summary>
public abstract class StandardSchemaRenderer : ISchemaRenderer
{
    private const int RowsPerInsert = 500;

    protected StandardSchemaRenderer(ISqlDialect dialect) => Dialect = dialect;

    protected ISqlDialect Dialect { get; }

    protected abstract string TypeName(PortableType type, int? length, int? precision, int? scale);

    /// <summary>What follows the type of an identity column.</summary>
    protected abstract string IdentityClause { get; }

    protected virtual string AddColumnKeyword => "ADD COLUMN";

    protected string Quote(string name) => Dialect.QuoteIdentifier(name);

    /// <summary>'schema.table' or 'table', quoted.</summary>
    protected string Table(string table)
    {
        var dot = table.IndexOf('.');
        return dot < 0 ? Quote(table) : Dialect.TableName(table[..dot], table[(dot + 1)..]);
    }

    protected static string Bare(string table) => table[(table.IndexOf('.') + 1)..];

    protected string Columns(IEnumerable<string> columns) => string.Join(", ", columns.Select(Quote));

    protected string TypeOf(ColumnDefinition column) => TypeName(column.Type, column.Length, column.Precision, column.Scale);

    protected virtual string DefaultClause(string table, ColumnDefinition column) =>
        column.DefaultSql is { } sql ? $" DEFAULT {sql}" : column.Default is { } value ? $" DEFAULT {Value(value)}" : string.Empty;

    public virtual string ColumnSql(string table, ColumnDefinition column)
    {
        var text = new StringBuilder(Quote(column.Name)).Append(' ').Append(TypeOf(column));
        if (column.Identity)
        {
            text.Append(IdentityClause);
        }

        text.Append(column.Nullable ? " NULL" : " NOT NULL");
        text.Append(DefaultClause(table, column));
        if (column.Unique)
        {
            text.Append(" CONSTRAINT ").Append(Quote($"uq_{Bare(table)}_{column.Name}")).Append(" UNIQUE");
        }

        return text.ToString();
    }

    public virtual IReadOnlyList<string> CreateTable(OperationContext context, string table, IReadOnlyList<ColumnDefinition> columns)
    {
        var parts = columns.Select(c => ColumnSql(table, c)).ToList();
        var keys = columns.Where(c => c.PrimaryKey).Select(c => c.Name).ToList();
        if (keys.Count > 0)
        {
            parts.Add($"CONSTRAINT {Quote($"pk_{Bare(table)}")} PRIMARY KEY ({Columns(keys)})");
        }

        return [$"CREATE TABLE {Table(table)} (\n    {string.Join(",\n    ", parts)}\n)"];
    }

    public virtual IReadOnlyList<string> DropTable(OperationContext context, string table) => [$"DROP TABLE {Table(table)}"];

    public virtual IReadOnlyList<string> RenameTable(OperationContext context, string table, string newName) =>
        [$"ALTER TABLE {Table(table)} RENAME TO {Quote(Bare(newName))}"];

    public virtual IReadOnlyList<string> AddColumn(OperationContext context, string table, ColumnDefinition column) =>
        [$"ALTER TABLE {Table(table)} {AddColumnKeyword} {ColumnSql(table, column)}"];

    public virtual IReadOnlyList<string> DropColumn(OperationContext context, string table, string column) =>
        [$"ALTER TABLE {Table(table)} DROP COLUMN {Quote(column)}"];

    public virtual IReadOnlyList<string> RenameColumn(OperationContext context, string table, string column, string newName) =>
        [$"ALTER TABLE {Table(table)} RENAME COLUMN {Quote(column)} TO {Quote(newName)}"];

    public abstract IReadOnlyList<string> AlterColumn(OperationContext context, string table, ColumnChange change);

    public virtual IReadOnlyList<string> CreateIndex(OperationContext context, string table, string name, IReadOnlyList<string> columns, bool unique, string? where) =>
        [$"CREATE {(unique ? "UNIQUE " : string.Empty)}INDEX {Quote(name)} ON {Table(table)} ({Columns(columns)}){(where is null ? string.Empty : " WHERE " + where)}"];

    public virtual IReadOnlyList<string> DropIndex(OperationContext context, string table, string name) => [$"DROP INDEX {Quote(name)}"];

    public virtual IReadOnlyList<string> AddConstraint(OperationContext context, string table, ConstraintDefinition constraint) =>
        [$"ALTER TABLE {Table(table)} ADD {ConstraintSql(constraint)}"];

    public virtual IReadOnlyList<string> DropConstraint(OperationContext context, string table, string name) =>
        [$"ALTER TABLE {Table(table)} DROP CONSTRAINT {Quote(name)}"];

    public string ConstraintSql(ConstraintDefinition constraint)
    {
        var body = constraint.Kind switch
        {
            ConstraintKind.PrimaryKey => $"PRIMARY KEY ({Columns(constraint.Columns)})",
            ConstraintKind.Unique => $"UNIQUE ({Columns(constraint.Columns)})",
            ConstraintKind.Check => $"CHECK ({constraint.Check})",
            _ => $"FOREIGN KEY ({Columns(constraint.Columns)}) REFERENCES {Table(constraint.ReferencedTable!)} ({Columns(constraint.ReferencedColumns ?? constraint.Columns)})" +
                 (constraint.OnDelete is { } action ? " ON DELETE " + action : string.Empty),
        };
        return $"CONSTRAINT {Quote(constraint.Name)} {body}";
    }

    public IReadOnlyList<string> InsertRows(string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows) =>
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
}
