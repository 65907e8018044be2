using System.Text.RegularExpressions;
using PSMigrate.Engine.Operations;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers.Sqlite;

/// <summary>
/// SQLite's SQL for the operations. What SQLite cannot ALTER in place (a column's type,
/// nullability or default; dropping a constrained or indexed column; adding a key column;
/// adding or dropping a constraint) becomes a table rebuild as SQLite's documentation gives
/// it: views and other tables' triggers that mention the table dropped, a new table created,
/// rows copied, the old table dropped, the new one renamed, then indexes, triggers and views
/// recreated. Consecutive changes of one table make one rebuild. Foreign keys are the
/// executor's business: they are off for the revision and checked before it commits.
/// </summary>
internal sealed partial class SqliteSchemaRenderer(ISqlDialect dialect) : StandardSchemaRenderer(dialect)
{
    private const string RebuildPrefix = "_psmigrate_rebuild_";

    protected override string IdentityClause => string.Empty;

    protected override string TypeName(PortableType type, int? length, int? precision, int? scale) => type switch
    {
        PortableType.Integer or PortableType.BigInteger => "INTEGER",
        PortableType.String => length is { } n ? $"VARCHAR({n})" : "TEXT",
        PortableType.Text or PortableType.DateTimeOffset or PortableType.Guid or PortableType.Json => "TEXT",
        PortableType.Boolean => "BOOLEAN",
        PortableType.Decimal => precision is { } p ? $"NUMERIC({p}, {scale ?? 0})" : "NUMERIC",
        PortableType.DateTime => "DATETIME",
        PortableType.Date => "DATE",
        _ => "BLOB",
    };

    // SQLite's identity is the rowid: an INTEGER PRIMARY KEY column, written inline.
    public override string ColumnSql(string table, ColumnDefinition column) =>
        column.Identity
            ? $"{Quote(column.Name)} INTEGER PRIMARY KEY AUTOINCREMENT"
            : base.ColumnSql(table, column);

    protected override IReadOnlyList<string> CreateTable(CreateTableOperation operation)
    {
        var keys = operation.Columns.Where(c => c.PrimaryKey && !c.Identity).Select(c => c.Name).ToList();
        var parts = operation.Columns.Select(c => ColumnSql(operation.Table, c)).ToList();
        if (keys.Count > 0)
        {
            parts.Add($"CONSTRAINT {Quote(PrimaryKeyName(operation.Table))} PRIMARY KEY ({Columns(keys)})");
        }

        return [$"CREATE TABLE {Table(operation.Table)} (\n    {string.Join(",\n    ", parts)}\n)"];
    }

    /// <summary>Consecutive changes of one table's definition (columns, constraints, indexes) form one group.</summary>
    public override IReadOnlyList<IReadOnlyList<SchemaOperation>> Group(IReadOnlyList<SchemaOperation> operations)
    {
        var groups = new List<List<SchemaOperation>>();
        foreach (var operation in operations)
        {
            if (groups.Count > 0 && Foldable(operation) && Foldable(groups[^1][0]) &&
                string.Equals(groups[^1][0].Table, operation.Table, StringComparison.OrdinalIgnoreCase))
            {
                groups[^1].Add(operation);
            }
            else
            {
                groups.Add([operation]);
            }
        }

        return groups;
    }

    public override IReadOnlyList<RenderedStatement> Render(IReadOnlyList<SchemaOperation> group, ISchemaCatalog catalog)
    {
        foreach (var operation in group)
        {
            Validate(operation);
        }

        var trigger = group.FirstOrDefault(o => NeedsRebuild(o, catalog));
        return trigger is null
            ? group.SelectMany(o => RenderOne(o, catalog).Select(sql => new RenderedStatement(sql, o))).ToList()
            : Rebuild(group, catalog).Select(sql => new RenderedStatement(sql, trigger)).ToList();
    }

    // Only reached for groups without a rebuild, which never hold a column change.
    protected override IReadOnlyList<string> AlterColumn(AlterColumnOperation operation, ISchemaCatalog catalog) =>
        Rebuild([operation], catalog);

    protected override string BinaryLiteral(byte[] bytes) => $"X'{Convert.ToHexString(bytes)}'";

    private static bool Foldable(SchemaOperation operation) =>
        operation is AddColumnOperation or DropColumnOperation or AlterColumnOperation or AddConstraintOperation
            or DropConstraintOperation or CreateIndexOperation or DropIndexOperation;

    [GeneratedRegex(@"\(|\bCURRENT_(TIME|DATE|TIMESTAMP)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NonConstantDefault();

    private bool NeedsRebuild(SchemaOperation operation, ISchemaCatalog catalog) => operation switch
    {
        AlterColumnOperation or AddConstraintOperation or DropConstraintOperation => true,

        // ALTER TABLE ADD COLUMN takes no key, no UNIQUE, no NOT NULL without a default and no
        // default that is not a constant.
        AddColumnOperation { Column: var column } => column.PrimaryKey || column.Unique || column.Identity ||
                                                     (!column.Nullable && !column.HasDefault) ||
                                                     (column.DefaultSql is { } sql && NonConstantDefault().IsMatch(sql)),

        // DROP COLUMN refuses a column that is a key, unique, referenced, checked or indexed.
        DropColumnOperation drop => DropNeedsRebuild(drop, Load(drop, catalog)),
        _ => false,
    };

    private static bool DropNeedsRebuild(DropColumnOperation drop, TableState state)
    {
        var part = state.Column(drop, drop.Column);
        var inline = Regex.IsMatch(part.Text, @"\b(PRIMARY|UNIQUE|REFERENCES|CHECK)\b", RegexOptions.IgnoreCase);
        return inline || state.Definition.Constraints.Any(c => SqliteTableDefinition.Mentions(c, drop.Column)) ||
               state.Indexes.Any(i => IndexMentions(i.Sql, drop.Column));
    }

    private IReadOnlyList<string> Rebuild(IReadOnlyList<SchemaOperation> group, ISchemaCatalog catalog)
    {
        var first = group[0];
        var state = Load(first, catalog);
        foreach (var operation in group)
        {
            Apply(state, operation);
        }

        var name = QualifiedName.Parse(first.Table);
        var table = Table(first.Table);
        var temporary = Dialect.TableName(name.Schema, RebuildPrefix + name.Name);
        var copied = state.Definition.Columns.Select(c => c.Name!)
            .Where(c => state.Original.Contains(c) && !state.Added.Contains(c))
            .ToList();

        var statements = new List<string>();
        statements.AddRange(state.Dependents.Select(d => $"DROP {d.Type.ToUpperInvariant()} {Dialect.TableName(name.Schema, d.Name)}"));
        statements.Add(state.Definition.ToSql(temporary));
        if (copied.Count > 0)
        {
            statements.Add($"INSERT INTO {temporary} ({Columns(copied)}) SELECT {Columns(copied)} FROM {table}");
        }

        statements.Add($"DROP TABLE {table}");
        statements.Add($"ALTER TABLE {temporary} RENAME TO {Quote(name.Name)}");
        statements.AddRange(state.Indexes.Select(i => i.Sql));
        statements.AddRange(state.Triggers);
        statements.AddRange(state.Dependents.Select(d => d.Sql));
        return statements;
    }

    private void Apply(TableState state, SchemaOperation operation)
    {
        var definition = state.Definition;
        switch (operation)
        {
            case AddColumnOperation { Column: var column } add:
                if (definition.Columns.Any(c => c.Name!.Equals(column.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    throw OperationError(add, MigrationErrors.InvalidOperation, $"table '{add.Table}' already has a column '{column.Name}'.");
                }

                var parts = definition.Parts.Append(new SqliteTableDefinition.Part(column.Name, ColumnSql(add.Table, column), IsColumn: true));
                if (column.PrimaryKey && !column.Identity)
                {
                    RequireNoPrimaryKey(state, add);
                    parts = parts.Append(new SqliteTableDefinition.Part(PrimaryKeyName(add.Table), $"CONSTRAINT {Quote(PrimaryKeyName(add.Table))} PRIMARY KEY ({Quote(column.Name)})", IsColumn: false));
                }
                else if (column.Identity)
                {
                    RequireNoPrimaryKey(state, add);
                }

                state.Definition = definition.With(parts);
                state.Added.Add(column.Name);
                break;

            case DropColumnOperation drop:
                var dropped = state.Column(drop, drop.Column);
                var constrained = definition.Constraints.Where(c => SqliteTableDefinition.Mentions(c, drop.Column)).ToList();
                if (constrained.FirstOrDefault(c => !IsOnlyAbout(c, drop.Column)) is { } shared)
                {
                    throw OperationError(drop, MigrationErrors.InvalidOperation,
                        $"column '{drop.Column}' of '{drop.Table}' is part of constraint '{shared.Name ?? shared.Text}' with other columns; remove that constraint first (Remove-MigrationConstraint).");
                }

                state.Definition = definition.With(definition.Parts.Where(p => p != dropped && !constrained.Contains(p)));
                state.Indexes.RemoveAll(i => IndexMentions(i.Sql, drop.Column));
                state.Original.Remove(drop.Column);
                state.Added.Remove(drop.Column);
                break;

            case AlterColumnOperation { Change: var change } alter:
                var part = state.Column(alter, change.Column);
                var newType = NewType(change);
                var newDefault = change.DefaultSql ?? (change.Default is { } value ? Value(value) : null);
                var altered = part with { Text = SqliteTableDefinition.AlterColumn(part, newType, change.Nullable, newDefault, change.DropDefault) };
                state.Definition = definition.With(definition.Parts.Select(p => p == part ? altered : p));
                break;

            case AddConstraintOperation { Constraint: var constraint } addConstraint:
                if (constraint.Kind == ConstraintKind.PrimaryKey)
                {
                    RequireNoPrimaryKey(state, addConstraint);
                }

                state.Definition = definition.With(definition.Parts.Append(new SqliteTableDefinition.Part(constraint.Name, ConstraintSql(constraint), IsColumn: false)));
                break;

            case DropConstraintOperation dropConstraint:
                state.Definition = WithoutConstraint(state, dropConstraint);
                break;

            case CreateIndexOperation index:
                state.Indexes.Add((index.Name, CreateIndex(index)[0]));
                break;

            case DropIndexOperation dropIndex:
                if (state.Indexes.RemoveAll(i => i.Name.Equals(dropIndex.Name, StringComparison.OrdinalIgnoreCase)) == 0)
                {
                    throw OperationError(dropIndex, MigrationErrors.SchemaObjectNotFound,
                        $"table '{dropIndex.Table}' has no index '{dropIndex.Name}'" +
                        (state.Indexes.Count == 0 ? "." : $"; its indexes are {string.Join(", ", state.Indexes.Select(i => i.Name))}."));
                }

                break;
        }
    }

    private static void RequireNoPrimaryKey(TableState state, SchemaOperation operation)
    {
        var hasKey = state.Definition.Constraints.Any(c => Regex.IsMatch(c.Text, @"\bPRIMARY\s+KEY\b", RegexOptions.IgnoreCase)) ||
                     state.Definition.Columns.Any(c => Regex.IsMatch(c.Text, @"\bPRIMARY\s+KEY\b", RegexOptions.IgnoreCase));
        if (hasKey)
        {
            throw OperationError(operation, MigrationErrors.InvalidOperation,
                $"table '{operation.Table}' already has a primary key; remove it first (Remove-MigrationConstraint).");
        }
    }

    private static SqliteTableDefinition WithoutConstraint(TableState state, DropConstraintOperation operation)
    {
        var definition = state.Definition;
        if (definition.Constraints.FirstOrDefault(c => operation.Name.Equals(c.Name, StringComparison.OrdinalIgnoreCase)) is { } constraint)
        {
            return definition.With(definition.Parts.Where(p => p != constraint));
        }

        foreach (var column in definition.Columns)
        {
            if (SqliteTableDefinition.WithoutNamedConstraint(column, operation.Name) is { } text)
            {
                return definition.With(definition.Parts.Select(p => p == column ? p with { Text = text } : p));
            }
        }

        var names = definition.Constraints.Select(c => c.Name).OfType<string>().ToList();
        throw OperationError(operation, MigrationErrors.SchemaObjectNotFound, $"table '{operation.Table}' has no constraint named '{operation.Name}'" +
                                                                              (names.Count == 0 ? "." : $"; its named constraints are {string.Join(", ", names)}."));
    }

    /// <summary>The table's definition, indexes and triggers, and the views and triggers of other tables that mention it.</summary>
    private TableState Load(SchemaOperation operation, ISchemaCatalog catalog)
    {
        if (!catalog.IsAvailable)
        {
            throw OfflineUnknown(operation);
        }

        var name = QualifiedName.Parse(operation.Table);
        var master = name.Schema is null ? "sqlite_master" : $"{Quote(name.Schema)}.sqlite_master";
        var rows = catalog.Query($"SELECT type, name, tbl_name, sql FROM {master} WHERE sql IS NOT NULL ORDER BY rowid");
        string Text(IReadOnlyDictionary<string, object?> row, string column) => row[column]?.ToString() ?? string.Empty;
        bool OnTable(IReadOnlyDictionary<string, object?> row) => Text(row, "tbl_name").Equals(name.Name, StringComparison.OrdinalIgnoreCase);

        var create = rows.FirstOrDefault(r => Text(r, "type") == "table" && Text(r, "name").Equals(name.Name, StringComparison.OrdinalIgnoreCase));
        if (create is null)
        {
            throw catalog is IOfflineCatalog ? OfflineUnknown(operation) : OperationError(operation, MigrationErrors.SchemaObjectNotFound, $"there is no table '{operation.Table}'.");
        }

        var mentionsTable = new SqliteTableDefinition.Part(null, string.Empty, false);
        return new TableState(
            SqliteTableDefinition.Parse(Text(create, "sql")),
            rows.Where(r => Text(r, "type") == "index" && OnTable(r)).Select(r => (Text(r, "name"), Text(r, "sql"))).ToList(),
            rows.Where(r => Text(r, "type") == "trigger" && OnTable(r)).Select(r => Text(r, "sql")).ToList(),
            rows.Where(r => (Text(r, "type") == "view" || (Text(r, "type") == "trigger" && !OnTable(r))) &&
                            SqliteTableDefinition.Mentions(mentionsTable with { Text = Text(r, "sql") }, name.Name))
                .Select(r => (Text(r, "type"), Text(r, "name"), Text(r, "sql"))).ToList());
    }

    private static MigrationException OfflineUnknown(SchemaOperation operation) =>
        OperationError(operation, MigrationErrors.OfflineTableUnknown,
            $"SQLite can make this change only by rebuilding table '{operation.Table}', and an offline script needs the table's definition for that, " +
            $"which this script does not know: '{operation.Table}' was not created by an earlier revision of the script. Run -Script without -From against the database (its schema is read first), or start the script (-From) before the revision that creates '{operation.Table}'.");

    private static bool IndexMentions(string indexSql, string column)
    {
        var open = indexSql.IndexOf('(');
        return open >= 0 && SqliteTableDefinition.Mentions(new SqliteTableDefinition.Part(null, indexSql[open..], false), column);
    }

    private static bool IsOnlyAbout(SqliteTableDefinition.Part constraint, string column)
    {
        var open = constraint.Text.IndexOf('(');
        var close = constraint.Text.IndexOf(')');
        if (open < 0 || close < open)
        {
            return false;
        }

        var names = constraint.Text[(open + 1)..close].Split(',').Select(n => SqliteTableDefinition.Unquote(n.Trim())).ToList();
        return names.Count == 1 && names[0].Equals(column, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A table as a rebuild changes it: its definition, indexes and triggers, and what copies over.</summary>
    private sealed class TableState(
        SqliteTableDefinition definition,
        List<(string Name, string Sql)> indexes,
        List<string> triggers,
        List<(string Type, string Name, string Sql)> dependents)
    {
        public SqliteTableDefinition Definition { get; set; } = definition;

        public List<(string Name, string Sql)> Indexes { get; } = indexes;

        public List<string> Triggers { get; } = triggers;

        public List<(string Type, string Name, string Sql)> Dependents { get; } = dependents;

        /// <summary>Columns of the old table whose rows copy over.</summary>
        public HashSet<string> Original { get; } = definition.Columns.Select(c => c.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);

        public HashSet<string> Added { get; } = new(StringComparer.OrdinalIgnoreCase);

        public SqliteTableDefinition.Part Column(SchemaOperation operation, string column) =>
            Definition.Columns.FirstOrDefault(c => c.Name!.Equals(column, StringComparison.OrdinalIgnoreCase))
            ?? throw OperationError(operation, MigrationErrors.SchemaObjectNotFound,
                $"table '{operation.Table}' has no column '{column}'; its columns are {string.Join(", ", Definition.Columns.Select(c => c.Name))}.");
    }
}
