using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers.SqlServer;

/// <summary>
/// T-SQL batches that read the catalog when they run (sys.columns, sys.default_constraints,
/// sys.indexes ...) and then change the schema with dynamic EXEC, so the statement is right for
/// the database it meets, live or from an offline script. Each method returns one batch.
/// </summary>
internal sealed class SqlServerCatalogSql(ISqlDialect dialect)
{
    /// <summary>Finds the column, or stops the batch with a message naming it.</summary>
    private string FindColumn(string table, string column, bool withNullability = false) =>
        $"SELECT @column_id = c.column_id{(withNullability ? ", @null = CASE WHEN c.is_nullable = 1 THEN N' NULL' ELSE N' NOT NULL' END, @collation = N' COLLATE ' + c.collation_name" : string.Empty)} " +
        $"FROM sys.columns AS c WHERE c.object_id = OBJECT_ID({L(table)}) AND c.name = {L(column)};\n" +
        $"IF @column_id IS NULL BEGIN SET @message = {L($"Column '{column}' of {table} does not exist.")}; THROW 50000, @message, 1; END;\n";

    /// <summary>Indexes (not key constraints) that use the column, as DROP statements and as the CREATE statements that bring them back.</summary>
    private string CollectIndexes(string table, bool withCreate) =>
        "SELECT @drop_indexes += N'DROP INDEX ' + QUOTENAME(i.name) + " + L($" ON {table}; ") +
        (withCreate
            ? ",\n    @create_indexes += N'CREATE ' + CASE WHEN i.is_unique = 1 THEN N'UNIQUE ' ELSE N'' END + i.type_desc COLLATE DATABASE_DEFAULT + N' INDEX ' + QUOTENAME(i.name) + " + L($" ON {table} (") + " +\n" +
              "        (SELECT STRING_AGG(CAST(QUOTENAME(kc.name) + CASE WHEN k.is_descending_key = 1 THEN N' DESC' ELSE N'' END AS nvarchar(max)), N', ') WITHIN GROUP (ORDER BY k.key_ordinal)\n" +
              "         FROM sys.index_columns AS k JOIN sys.columns AS kc ON kc.object_id = k.object_id AND kc.column_id = k.column_id\n" +
              "         WHERE k.object_id = i.object_id AND k.index_id = i.index_id AND k.is_included_column = 0) + N')' +\n" +
              "        ISNULL(N' INCLUDE (' + (SELECT STRING_AGG(CAST(QUOTENAME(nc.name) AS nvarchar(max)), N', ')\n" +
              "         FROM sys.index_columns AS n JOIN sys.columns AS nc ON nc.object_id = n.object_id AND nc.column_id = n.column_id\n" +
              "         WHERE n.object_id = i.object_id AND n.index_id = i.index_id AND n.is_included_column = 1) + N')', N'') +\n" +
              "        ISNULL(N' WHERE ' + i.filter_definition, N'') + N'; '"
            : string.Empty) +
        $"\nFROM sys.indexes AS i WHERE i.object_id = OBJECT_ID({L(table)}) AND i.is_primary_key = 0 AND i.is_unique_constraint = 0 AND i.type IN (1, 2)\n" +
        "    AND EXISTS (SELECT 1 FROM sys.index_columns AS ic WHERE ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.column_id = @column_id);\n";

    /// <summary>Key, foreign key and check constraints on the table that use the column (check constraints: by name in their definition).</summary>
    private string ConstraintsUsing(string table, string column) =>
        $"SELECT kc.object_id FROM sys.key_constraints AS kc JOIN sys.index_columns AS ic ON ic.object_id = kc.parent_object_id AND ic.index_id = kc.unique_index_id WHERE kc.parent_object_id = OBJECT_ID({L(table)}) AND ic.column_id = @column_id\n" +
        $"    UNION SELECT fkc.constraint_object_id FROM sys.foreign_key_columns AS fkc WHERE (fkc.parent_object_id = OBJECT_ID({L(table)}) AND fkc.parent_column_id = @column_id) OR (fkc.referenced_object_id = OBJECT_ID({L(table)}) AND fkc.referenced_column_id = @column_id)\n" +
        $"    UNION SELECT cc.object_id FROM sys.check_constraints AS cc WHERE cc.parent_object_id = OBJECT_ID({L(table)}) AND (cc.parent_column_id = @column_id OR CHARINDEX({L(dialect.QuoteIdentifier(column))}, cc.definition) > 0)";

    /// <summary>
    /// Drops the column's default constraint, whatever it is called (a .sql revision's system
    /// name, a name from before a rename), then sets the new default under the conventional name.
    /// </summary>
    public string ReplaceDefault(string table, string column, string conventionalName, string? newDefault) =>
        "DECLARE @default nvarchar(258);\n" +
        "SELECT @default = QUOTENAME(d.name) FROM sys.default_constraints AS d JOIN sys.columns AS c ON c.object_id = d.parent_object_id AND c.column_id = d.parent_column_id\n" +
        $"    WHERE d.parent_object_id = OBJECT_ID({L(table)}) AND c.name = {L(column)};\n" +
        $"IF @default IS NOT NULL EXEC({L($"ALTER TABLE {table} DROP CONSTRAINT ")} + @default);" +
        (newDefault is null ? string.Empty : $"\nALTER TABLE {table} ADD CONSTRAINT {conventionalName} DEFAULT {newDefault} FOR {Q(column)};");

    /// <summary>
    /// ALTER COLUMN as EF Core orders it: refuse what cannot be moved aside (keys, foreign keys,
    /// checks using the column, named in the error), drop the indexes on the column and its
    /// default, fill NULLs before NOT NULL, alter keeping the current nullability and collation
    /// unless asked otherwise, then put the default and the indexes back.
    /// </summary>
    public string AlterColumn(ColumnAlteration change)
    {
        var (table, column) = (change.Table, change.Column);
        var text = new System.Text.StringBuilder();
        text.Append("DECLARE @column_id int, @null nvarchar(9), @collation nvarchar(140), @default nvarchar(258), @definition nvarchar(max), @blocking nvarchar(max),\n")
            .Append("    @drop_indexes nvarchar(max) = N'', @create_indexes nvarchar(max) = N'', @message nvarchar(2048);\n")
            .Append(FindColumn(table, column, withNullability: true));
        if (change.Nullable is { } nullable)
        {
            text.Append($"SET @null = {(nullable ? "N' NULL'" : "N' NOT NULL'")};\n");
        }

        text.Append("SELECT @blocking = STRING_AGG(CAST(o.name AS nvarchar(max)), N', ') FROM sys.objects AS o WHERE o.object_id IN (\n    ")
            .Append(ConstraintsUsing(table, column)).Append(");\n")
            .Append("IF @blocking IS NOT NULL BEGIN SET @message = ")
            .Append(L($"Column '{column}' of {table} is used by the constraint(s) "))
            .Append(" + @blocking + ")
            .Append(L(", which SQL Server does not let a column change under: drop them first (Remove-MigrationConstraint) and add them back after."))
            .Append("; THROW 50000, @message, 1; END;\n")
            .Append(CollectIndexes(table, withCreate: true))
            .Append($"SELECT @default = QUOTENAME(d.name), @definition = d.definition FROM sys.default_constraints AS d WHERE d.parent_object_id = OBJECT_ID({L(table)}) AND d.parent_column_id = @column_id;\n")
            .Append("IF @drop_indexes <> N'' EXEC(@drop_indexes);\n")
            .Append($"IF @default IS NOT NULL EXEC({L($"ALTER TABLE {table} DROP CONSTRAINT ")} + @default);\n");
        if (change.Nullable is false)
        {
            // Rows that are NULL get the new default, else the column's current one, before NOT NULL (as EF does).
            text.Append(change.Default?.Sql is { } filler
                ? $"UPDATE {table} SET {Q(column)} = {filler} WHERE {Q(column)} IS NULL;\n"
                : $"IF @definition IS NOT NULL EXEC({L($"UPDATE {table} SET {Q(column)} = ")} + @definition + {L($" WHERE {Q(column)} IS NULL")});\n");
        }

        // EXEC takes only literals and variables, so the collation is made a variable first.
        text.Append(change.KeepsCollation ? "SET @collation = ISNULL(@collation, N'');\n" : string.Empty)
            .Append($"EXEC({L($"ALTER TABLE {table} ALTER COLUMN {Q(column)} {change.Type}")}{(change.KeepsCollation ? " + @collation" : string.Empty)} + @null);\n");
        text.Append(change.Default switch
        {
            null => $"IF @default IS NOT NULL EXEC({L($"ALTER TABLE {table} ADD CONSTRAINT ")} + @default + N' DEFAULT ' + @definition + {L($" FOR {Q(column)}")});\n",
            { Sql: { } sql } newDefault => $"EXEC({L($"ALTER TABLE {table} ADD CONSTRAINT {newDefault.ConstraintName} DEFAULT {sql} FOR {Q(column)}")});\n",
            _ => string.Empty,
        });
        text.Append("IF @create_indexes <> N'' EXEC(@create_indexes);");
        return text.ToString();
    }

    /// <summary>
    /// DROP COLUMN the way PostgreSQL does it: what lives on the table and uses the column goes
    /// with it (default, checks, foreign keys, key constraints, indexes); a foreign key of
    /// another table that references the column is refused, naming it.
    /// </summary>
    public string DropColumn(string table, string column) =>
        "DECLARE @column_id int, @referencing nvarchar(max), @drop_constraints nvarchar(max) = N'', @drop_keys nvarchar(max) = N'', @drop_indexes nvarchar(max) = N'', @message nvarchar(2048);\n" +
        FindColumn(table, column) +
        "SELECT @referencing = STRING_AGG(CAST(QUOTENAME(OBJECT_SCHEMA_NAME(fk.parent_object_id)) + N'.' + QUOTENAME(OBJECT_NAME(fk.parent_object_id)) + N' ' + QUOTENAME(fk.name) AS nvarchar(max)), N', ')\n" +
        "    FROM sys.foreign_keys AS fk JOIN sys.foreign_key_columns AS fkc ON fkc.constraint_object_id = fk.object_id\n" +
        $"    WHERE fkc.referenced_object_id = OBJECT_ID({L(table)}) AND fkc.referenced_column_id = @column_id AND fk.parent_object_id <> OBJECT_ID({L(table)});\n" +
        "IF @referencing IS NOT NULL BEGIN SET @message = " + L($"Column '{column}' of {table} is referenced by the foreign key(s) ") + " + @referencing + " +
        L(" of other tables: drop them first.") + "; THROW 50000, @message, 1; END;\n" +
        $"SELECT @drop_constraints += {L($"ALTER TABLE {table} DROP CONSTRAINT ")} + QUOTENAME(o.name) + N'; ' FROM sys.objects AS o WHERE o.type IN ('D', 'C', 'F') AND o.object_id IN (\n" +
        $"    SELECT dc.object_id FROM sys.default_constraints AS dc WHERE dc.parent_object_id = OBJECT_ID({L(table)}) AND dc.parent_column_id = @column_id\n    UNION " +
        ConstraintsUsing(table, column) + ");\n" +
        $"SELECT @drop_keys += {L($"ALTER TABLE {table} DROP CONSTRAINT ")} + QUOTENAME(o.name) + N'; ' FROM sys.objects AS o WHERE o.type IN ('PK', 'UQ') AND o.object_id IN (\n    " +
        ConstraintsUsing(table, column) + ");\n" +
        CollectIndexes(table, withCreate: false) +
        "IF @drop_constraints <> N'' EXEC(@drop_constraints);\n" +
        "IF @drop_keys <> N'' EXEC(@drop_keys);\n" +
        "IF @drop_indexes <> N'' EXEC(@drop_indexes);\n" +
        $"ALTER TABLE {table} DROP COLUMN {Q(column)};";

    /// <summary>
    /// After a table rename, the constraints PSMigrate named after the table (pk_old, uq_old_*,
    /// df_old_*) are renamed too, so a new table of the old name can take those names again.
    /// </summary>
    public string RenameNamedConstraints(string newTable, string oldName, string newName) =>
        "DECLARE @renames nvarchar(max) = N'';\n" +
        "SELECT @renames += N'EXEC sp_rename N''' + REPLACE(QUOTENAME(OBJECT_SCHEMA_NAME(o.object_id)) + N'.' + QUOTENAME(o.name), N'''', N'''''') + N''', N''' +\n" +
        $"    REPLACE(LEFT(o.name, 3) + {L(newName)} + SUBSTRING(o.name, 4 + LEN({L(oldName)}), 128), N'''', N'''''') + N''', N''OBJECT''; '\n" +
        $"FROM sys.objects AS o WHERE o.parent_object_id = OBJECT_ID({L(newTable)}) AND o.type IN ('PK', 'UQ', 'D')\n" +
        $"    AND (o.name = {L("pk_" + oldName)} OR LEFT(o.name, 4 + LEN({L(oldName)})) IN ({L("uq_" + oldName + "_")}, {L("df_" + oldName + "_")}));\n" +
        "IF @renames <> N'' EXEC(@renames);";

    /// <summary>IDENTITY_INSERT around offline inserts that give the identity column's values (only then: otherwise it is an error).</summary>
    public string IdentityInsert(string table, IReadOnlyList<string> columns, bool on) =>
        $"IF EXISTS (SELECT 1 FROM sys.columns WHERE object_id = OBJECT_ID({L(table)}) AND is_identity = 1 AND name IN ({string.Join(", ", columns.Select(L))})) " +
        $"SET IDENTITY_INSERT {table} {(on ? "ON" : "OFF")}";

    private string L(string text) => dialect.Literal(text);

    private string Q(string name) => dialect.QuoteIdentifier(name);
}
