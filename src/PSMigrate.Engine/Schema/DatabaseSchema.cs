namespace PSMigrate;

/// <summary>
/// A database's schema as its engine reports it from the catalog: tables and views of the
/// configured schema, without PSMigrate's own tables. Types, defaults and view definitions are
/// the engine's own normalised text, so two schemas of one engine compare as text.
/// </summary>
public sealed class DatabaseSchema
{
    internal DatabaseSchema(IReadOnlyList<SchemaTable> tables, IReadOnlyList<SchemaView> views, StringComparer names)
    {
        Tables = tables;
        Views = views;
        Names = names;
    }

    public IReadOnlyList<SchemaTable> Tables { get; }

    public IReadOnlyList<SchemaView> Views { get; }

    /// <summary>How this engine compares names (SQLite and SQL Server: case-insensitive; PostgreSQL: exact).</summary>
    internal StringComparer Names { get; }

    public SchemaTable? Table(string name) => Tables.FirstOrDefault(t => Names.Equals(t.Name, name));

    internal DatabaseSchema Named(string database) =>
        new(Tables.Select(t => t with { Database = database }).ToList(), Views.Select(v => v with { Database = database }).ToList(), Names);
}

/// <summary>One table: Get-MigrationSchema writes one per table, with its parts as properties.</summary>
public sealed record SchemaTable(
    string Name,
    IReadOnlyList<SchemaColumn> Columns,
    SchemaKey? PrimaryKey,
    IReadOnlyList<SchemaKey> UniqueConstraints,
    IReadOnlyList<SchemaCheck> CheckConstraints,
    IReadOnlyList<SchemaForeignKey> ForeignKeys,
    IReadOnlyList<SchemaIndex> Indexes)
{
    public string Kind => "Table";

    public string? Database { get; init; }

    public SchemaColumn? Column(string name, StringComparer names) => Columns.FirstOrDefault(c => names.Equals(c.Name, name));

    public override string ToString() => Name;
}

/// <summary>A column: Type is the engine's own spelling (PostgreSQL's format_type, SQLite's declared type, SQL Server's sys.types with length).</summary>
public sealed record SchemaColumn(string Name, string Type, bool IsNullable, string? Default, bool IsIdentity, int Position)
{
    public override string ToString() => $"{Name} {Type}{(IsNullable ? string.Empty : " NOT NULL")}";
}

/// <summary>A primary key or unique constraint. SQLite keeps no names for them: Name is null there.</summary>
public sealed record SchemaKey(string? Name, IReadOnlyList<string> Columns)
{
    public override string ToString() => $"({string.Join(", ", Columns)})";
}

/// <summary>A check constraint; Expression as the engine prints it (SQLite: as written).</summary>
public sealed record SchemaCheck(string? Name, string Expression)
{
    public override string ToString() => $"CHECK ({Expression})";
}

/// <summary>A foreign key; actions spelled as SQL ('NO ACTION', 'CASCADE', ...).</summary>
public sealed record SchemaForeignKey(
    string? Name,
    IReadOnlyList<string> Columns,
    string ReferencedTable,
    IReadOnlyList<string> ReferencedColumns,
    string OnDelete,
    string OnUpdate)
{
    public override string ToString() =>
        $"({string.Join(", ", Columns)}) -> {ReferencedTable} ({string.Join(", ", ReferencedColumns)}) ON DELETE {OnDelete} ON UPDATE {OnUpdate}";
}

/// <summary>
/// An index that is not a constraint's own. Columns is empty for an expression index; Definition
/// is the engine's full CREATE INDEX text, which is how expression and partial indexes compare.
/// </summary>
public sealed record SchemaIndex(string Name, IReadOnlyList<string> Columns, bool IsUnique, string? Where, string Definition)
{
    public bool IsExpression => Columns.Count == 0;

    public override string ToString() => Definition;
}

/// <summary>A view and its definition (the query, as the engine prints it).</summary>
public sealed record SchemaView(string Name, string Definition)
{
    public string Kind => "View";

    public string? Database { get; init; }

    public override string ToString() => Name;
}
