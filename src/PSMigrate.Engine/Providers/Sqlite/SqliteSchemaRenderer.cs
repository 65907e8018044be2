using PSMigrate.Engine.Operations;

namespace PSMigrate.Engine.Providers.Sqlite;

/// <summary>
/// SQLite's SQL for the operations. What SQLite cannot ALTER in place (a column's type,
/// nullability or default; dropping a constrained column; adding or dropping a constraint)
/// is done by rebuilding the table inside the revision's transaction: create the new table,
/// copy the rows, drop the old one, rename, recreate its indexes and triggers, then check
/// foreign keys.
/// </summary>
internal sealed class SqliteSchemaRenderer(ISqlDialect dialect) : StandardSchemaRenderer(dialect)
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

    public override IReadOnlyList<string> CreateTable(OperationContext context, string table, IReadOnlyList<ColumnDefinition> columns)
    {
        var keys = columns.Where(c => c.PrimaryKey && !c.Identity).Select(c => c.Name).ToList();
        var parts = columns.Select(c => ColumnSql(table, c)).ToList();
        if (keys.Count > 0)
        {
            parts.Add($"CONSTRAINT {Quote($"pk_{Bare(table)}")} PRIMARY KEY ({Columns(keys)})");
        }

        var sql = $"CREATE TABLE {Table(table)} (\n    {string.Join(",\n    ", parts)}\n)";
        Remember(context, table, sql);
        return [sql];
    }

    public override IReadOnlyList<string> DropTable(OperationContext context, string table)
    {
        context.Catalog.Tables.Remove(table);
        context.Catalog.Indexes.Remove(table);
        return base.DropTable(context, table);
    }

    public override IReadOnlyList<string> RenameTable(OperationContext context, string table, string newName)
    {
        if (context.IsOffline && context.Catalog.Tables.Remove(table, out var sql))
        {
            context.Catalog.Tables[newName] = SqliteTableDefinition.Parse(sql).ToSql(Table(newName));
            if (context.Catalog.Indexes.Remove(table, out var indexes))
            {
                context.Catalog.Indexes[newName] = indexes;
            }
        }

        return base.RenameTable(context, table, newName);
    }

    public override IReadOnlyList<string> AddColumn(OperationContext context, string table, ColumnDefinition column)
    {
        if (column.PrimaryKey || column.Unique || column.Identity)
        {
            var part = new SqliteTableDefinition.Part(column.Name, ColumnSql(table, column), IsColumn: true);
            return Rebuild(context, table, definition => definition.With(definition.Parts.Append(part)), column.PrimaryKey ? [column.Name] : []);
        }

        UpdateOffline(context, table, definition => definition.With(
            definition.Parts.Append(new SqliteTableDefinition.Part(column.Name, ColumnSql(table, column), IsColumn: true))));
        return base.AddColumn(context, table, column);
    }

    public override IReadOnlyList<string> DropColumn(OperationContext context, string table, string column)
    {
        var (definition, indexes, _) = Load(context, table);
        var part = definition.Columns.FirstOrDefault(c => c.Name!.Equals(column, StringComparison.OrdinalIgnoreCase))
                   ?? throw NotFound(context, $"table '{table}' has no column '{column}'; its columns are {string.Join(", ", definition.Columns.Select(c => c.Name))}.");
        var constrained = definition.Constraints.Where(c => SqliteTableDefinition.Mentions(c, column)).ToList();
        var inlineConstraint = part.Text.Contains("PRIMARY", StringComparison.OrdinalIgnoreCase) || part.Text.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase) ||
                               part.Text.Contains("REFERENCES", StringComparison.OrdinalIgnoreCase) || part.Text.Contains("CHECK", StringComparison.OrdinalIgnoreCase);
        var indexed = indexes.Any(i => IndexMentions(i.Sql, column));
        if (!inlineConstraint && constrained.Count == 0 && !indexed)
        {
            UpdateOffline(context, table, d => d.With(d.Parts.Where(p => p != part)));
            return base.DropColumn(context, table, column);
        }

        var multiColumn = constrained.FirstOrDefault(c => !IsOnlyAbout(c, column));
        if (multiColumn is not null)
        {
            throw Invalid(context, $"column '{column}' of '{table}' is part of constraint '{multiColumn.Name ?? multiColumn.Text}' with other columns; remove that constraint first (Remove-MigrationConstraint).");
        }

        return Rebuild(context, table, d => d.With(d.Parts.Where(p => p != part && !constrained.Contains(p))), [], dropIndexesOn: column);
    }

    public override IReadOnlyList<string> RenameColumn(OperationContext context, string table, string column, string newName)
    {
        UpdateOffline(context, table, d => d.With(d.Parts.Select(p => SqliteTableDefinition.Rename(p, column, Quote(newName)))));
        return base.RenameColumn(context, table, column, newName);
    }

    public override IReadOnlyList<string> AlterColumn(OperationContext context, string table, ColumnChange change)
    {
        var newType = change.Type is { } type ? TypeName(type, change.Length, change.Precision, change.Scale) : null;
        var newDefault = change.DefaultSql ?? (change.Default is { } value ? Value(value) : null);
        return Rebuild(context, table, definition =>
        {
            var part = definition.Columns.FirstOrDefault(c => c.Name!.Equals(change.Column, StringComparison.OrdinalIgnoreCase))
                       ?? throw NotFound(context, $"table '{table}' has no column '{change.Column}'; its columns are {string.Join(", ", definition.Columns.Select(c => c.Name))}.");
            var altered = part with { Text = SqliteTableDefinition.AlterColumn(part, newType, change.Nullable, newDefault, change.DropDefault) };
            return definition.With(definition.Parts.Select(p => p == part ? altered : p));
        }, []);
    }

    public override IReadOnlyList<string> CreateIndex(OperationContext context, string table, string name, IReadOnlyList<string> columns, bool unique, string? where)
    {
        var statements = base.CreateIndex(context, table, name, columns, unique, where);
        if (context.IsOffline)
        {
            if (!context.Catalog.Indexes.TryGetValue(table, out var list))
            {
                context.Catalog.Indexes[table] = list = [];
            }

            list.Add((name, statements[0]));
        }

        return statements;
    }

    public override IReadOnlyList<string> DropIndex(OperationContext context, string table, string name)
    {
        if (context.Catalog.Indexes.TryGetValue(table, out var list))
        {
            list.RemoveAll(i => i.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        }

        return base.DropIndex(context, table, name);
    }

    public override IReadOnlyList<string> AddConstraint(OperationContext context, string table, ConstraintDefinition constraint) =>
        Rebuild(context, table, d => d.With(d.Parts.Append(new SqliteTableDefinition.Part(constraint.Name, ConstraintSql(constraint), IsColumn: false))), []);

    public override IReadOnlyList<string> DropConstraint(OperationContext context, string table, string name) =>
        Rebuild(context, table, definition =>
        {
            if (definition.Constraints.FirstOrDefault(c => name.Equals(c.Name, StringComparison.OrdinalIgnoreCase)) is { } constraint)
            {
                return definition.With(definition.Parts.Where(p => p != constraint));
            }

            foreach (var column in definition.Columns)
            {
                if (SqliteTableDefinition.WithoutNamedConstraint(column, name) is { } text)
                {
                    return definition.With(definition.Parts.Select(p => p == column ? p with { Text = text } : p));
                }
            }

            var names = definition.Constraints.Select(c => c.Name).OfType<string>().ToList();
            throw NotFound(context, $"table '{table}' has no constraint named '{name}'" +
                                    (names.Count == 0 ? "." : $"; its named constraints are {string.Join(", ", names)}."));
        }, []);

    protected override string BinaryLiteral(byte[] bytes) => $"X'{Convert.ToHexString(bytes)}'";

    private IReadOnlyList<string> Rebuild(
        OperationContext context, string table, Func<SqliteTableDefinition, SqliteTableDefinition> edit, IReadOnlyList<string> newColumns, string? dropIndexesOn = null)
    {
        var (definition, indexes, triggers) = Load(context, table);
        var rebuilt = edit(definition);
        var temporary = Quote(RebuildPrefix + Bare(table));
        var copied = rebuilt.Columns.Select(c => c.Name!)
            .Where(c => definition.Columns.Any(o => o.Name!.Equals(c, StringComparison.OrdinalIgnoreCase)) && !newColumns.Contains(c, StringComparer.OrdinalIgnoreCase))
            .ToList();
        var keptIndexes = indexes.Where(i => dropIndexesOn is null || !IndexMentions(i.Sql, dropIndexesOn)).ToList();

        var statements = new List<string>
        {
            rebuilt.ToSql(temporary),
            $"INSERT INTO {temporary} ({Columns(copied)}) SELECT {Columns(copied)} FROM {Table(table)}",
            $"DROP TABLE {Table(table)}",
            $"ALTER TABLE {temporary} RENAME TO {Quote(Bare(table))}",
        };
        statements.AddRange(keptIndexes.Select(i => i.Sql));
        statements.AddRange(triggers);

        if (context.IsOffline)
        {
            context.Catalog.Tables[table] = rebuilt.ToSql(Table(table));
            context.Catalog.Indexes[table] = keptIndexes;
            statements.Add($"PRAGMA foreign_key_check({Quote(Bare(table))})");
            return statements;
        }

        context.Run(statements);
        CheckForeignKeys(context, table);
        return [];
    }

    private static void CheckForeignKeys(OperationContext context, string table)
    {
        var violations = context.Query($"PRAGMA foreign_key_check({context.Provider.Dialect.QuoteIdentifier(Bare(table))})");
        var references = context.Query("SELECT m.name AS child FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f.\"table\" = " +
                                       context.Provider.Dialect.Literal(Bare(table)) + " COLLATE NOCASE");
        foreach (var child in references.Select(r => r["child"]?.ToString()).OfType<string>().Distinct())
        {
            violations.AddRange(context.Query($"PRAGMA foreign_key_check({context.Provider.Dialect.QuoteIdentifier(child)})"));
        }

        if (violations.Count > 0)
        {
            var first = violations[0];
            throw context.Error("PSMigrate.ForeignKeyViolation", MigrationErrorKind.ExecutionFailed,
                $"Rebuilding table '{table}' in revision {context.Revision.Revision} ({context.Revision.Path}) left {violations.Count} row(s) breaking a foreign key " +
                $"(first: table '{first.GetValueOrDefault("table")}', rowid {first.GetValueOrDefault("rowid")}, referencing '{first.GetValueOrDefault("parent")}'). The revision was rolled back.");
        }
    }

    /// <summary>The table's CREATE TABLE, its indexes and triggers: live from sqlite_master, offline from earlier operations.</summary>
    private (SqliteTableDefinition Definition, List<(string Name, string Sql)> Indexes, List<string> Triggers) Load(OperationContext context, string table)
    {
        if (context.IsOffline)
        {
            if (!context.Catalog.Tables.TryGetValue(table, out var sql))
            {
                throw context.Error("PSMigrate.OfflineTableUnknown", MigrationErrorKind.NotSupported,
                    $"Revision {context.Revision.Revision} ({context.Revision.Path}) changes table '{table}' in a way SQLite can only do by rebuilding the table, and an offline script needs the table's definition for that. " +
                    $"'{table}' was not created by an earlier PowerShell revision of this script: run -Script without -From against the database, or start the script (-From) before the revision that creates '{table}'.");
            }

            return (SqliteTableDefinition.Parse(sql), context.Catalog.Indexes.GetValueOrDefault(table) ?? [], []);
        }

        var rows = context.Query($"SELECT type, name, sql FROM sqlite_master WHERE tbl_name = {Dialect.Literal(Bare(table))} COLLATE NOCASE AND sql IS NOT NULL");
        var create = rows.FirstOrDefault(r => (string)r["type"]! == "table")?["sql"]?.ToString()
                     ?? throw NotFound(context, $"there is no table '{table}'.");
        return (SqliteTableDefinition.Parse(create),
            rows.Where(r => (string)r["type"]! == "index").Select(r => (r["name"]!.ToString()!, r["sql"]!.ToString()!)).ToList(),
            rows.Where(r => (string)r["type"]! == "trigger").Select(r => r["sql"]!.ToString()!).ToList());
    }

    private void Remember(OperationContext context, string table, string sql)
    {
        if (context.IsOffline)
        {
            context.Catalog.Tables[table] = sql;
        }
    }

    private void UpdateOffline(OperationContext context, string table, Func<SqliteTableDefinition, SqliteTableDefinition> edit)
    {
        if (context.IsOffline && context.Catalog.Tables.TryGetValue(table, out var sql))
        {
            context.Catalog.Tables[table] = edit(SqliteTableDefinition.Parse(sql)).ToSql(Table(table));
        }
    }

    private static bool IndexMentions(string indexSql, string column) =>
        SqliteTableDefinition.Mentions(new SqliteTableDefinition.Part(null, indexSql[indexSql.IndexOf('(')..], false), column);

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

    private static MigrationException NotFound(OperationContext context, string problem) =>
        context.Error("PSMigrate.SchemaObjectNotFound", MigrationErrorKind.NotFound, $"Revision {context.Revision.Revision} ({context.Revision.Path}): {problem}");

    private static MigrationException Invalid(OperationContext context, string problem) =>
        context.Error("PSMigrate.InvalidOperation", MigrationErrorKind.InvalidTarget, $"Revision {context.Revision.Revision} ({context.Revision.Path}): {problem}");
}
