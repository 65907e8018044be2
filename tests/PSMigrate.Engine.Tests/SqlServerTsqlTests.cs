using Microsoft.Data.SqlClient;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using ColumnDefinition = PSMigrate.Engine.Operations.ColumnDefinition;
using ConstraintDefinition = PSMigrate.Engine.Operations.ConstraintDefinition;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Execution;
using PSMigrate.Engine.Operations;
using PSMigrate.Engine.Providers;
using PSMigrate.Engine.Providers.SqlServer;
using PSMigrate.Engine.Revisions;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Tests;

/// <summary>
/// The T-SQL of every SQL Server operation, pinned statement for statement (as EF Core's
/// migrations tests pin theirs) and parsed by ScriptDom: no SQL Server runs on this machine,
/// so these and the offline-script simulation below are what proves the SQL Server provider.
/// </summary>
public sealed class SqlServerTsqlTests
{
    private static IReadOnlyList<string> Render(params SchemaOperation[] operations)
    {
        var renderer = ProviderRegistry.Get(ProviderKind.SqlServer).Renderer;
        using var catalog = new NoOfflineCatalog();
        var statements = operations.SelectMany(o => renderer.Render([o], catalog)).Select(s => s.Sql).ToList();
        statements.ForEach(s => Parse(s));
        return statements;
    }

    private static TSqlScript Parse(string sql)
    {
        var fragment = (TSqlScript)new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"line {e.Line}: {e.Message}")) + "\n" + sql);
        return fragment;
    }

    [Fact]
    public void ChangingATypeKeepsNullabilityAndCollationAndMovesIndexesAndTheDefaultAside()
    {
        var sql = Assert.Single(Render(new AlterColumnOperation("sales.orders", new ColumnChange("total", PortableType.Decimal, Precision: 12, Scale: 2))));
        Assert.Equal("""
            DECLARE @column_id int, @null nvarchar(9), @collation nvarchar(140), @default nvarchar(258), @definition nvarchar(max), @blocking nvarchar(max),
                @drop_indexes nvarchar(max) = N'', @create_indexes nvarchar(max) = N'', @message nvarchar(2048);
            SELECT @column_id = c.column_id, @null = CASE WHEN c.is_nullable = 1 THEN N' NULL' ELSE N' NOT NULL' END, @collation = N' COLLATE ' + c.collation_name FROM sys.columns AS c WHERE c.object_id = OBJECT_ID(N'[sales].[orders]') AND c.name = N'total';
            IF @column_id IS NULL BEGIN SET @message = N'Column ''total'' of [sales].[orders] does not exist.'; THROW 50000, @message, 1; END;
            SELECT @blocking = STRING_AGG(CAST(o.name AS nvarchar(max)), N', ') FROM sys.objects AS o WHERE o.object_id IN (
                SELECT kc.object_id FROM sys.key_constraints AS kc JOIN sys.index_columns AS ic ON ic.object_id = kc.parent_object_id AND ic.index_id = kc.unique_index_id WHERE kc.parent_object_id = OBJECT_ID(N'[sales].[orders]') AND ic.column_id = @column_id
                UNION SELECT fkc.constraint_object_id FROM sys.foreign_key_columns AS fkc WHERE (fkc.parent_object_id = OBJECT_ID(N'[sales].[orders]') AND fkc.parent_column_id = @column_id) OR (fkc.referenced_object_id = OBJECT_ID(N'[sales].[orders]') AND fkc.referenced_column_id = @column_id)
                UNION SELECT cc.object_id FROM sys.check_constraints AS cc WHERE cc.parent_object_id = OBJECT_ID(N'[sales].[orders]') AND (cc.parent_column_id = @column_id OR CHARINDEX(N'[total]', cc.definition) > 0));
            IF @blocking IS NOT NULL BEGIN SET @message = N'Column ''total'' of [sales].[orders] is used by the constraint(s) ' + @blocking + N', which SQL Server does not let a column change under: drop them first (Remove-MigrationConstraint) and add them back after.'; THROW 50000, @message, 1; END;
            SELECT @drop_indexes += N'DROP INDEX ' + QUOTENAME(i.name) + N' ON [sales].[orders]; ',
                @create_indexes += N'CREATE ' + CASE WHEN i.is_unique = 1 THEN N'UNIQUE ' ELSE N'' END + i.type_desc COLLATE DATABASE_DEFAULT + N' INDEX ' + QUOTENAME(i.name) + N' ON [sales].[orders] (' +
                    (SELECT STRING_AGG(CAST(QUOTENAME(kc.name) + CASE WHEN k.is_descending_key = 1 THEN N' DESC' ELSE N'' END AS nvarchar(max)), N', ') WITHIN GROUP (ORDER BY k.key_ordinal)
                     FROM sys.index_columns AS k JOIN sys.columns AS kc ON kc.object_id = k.object_id AND kc.column_id = k.column_id
                     WHERE k.object_id = i.object_id AND k.index_id = i.index_id AND k.is_included_column = 0) + N')' +
                    ISNULL(N' INCLUDE (' + (SELECT STRING_AGG(CAST(QUOTENAME(nc.name) AS nvarchar(max)), N', ')
                     FROM sys.index_columns AS n JOIN sys.columns AS nc ON nc.object_id = n.object_id AND nc.column_id = n.column_id
                     WHERE n.object_id = i.object_id AND n.index_id = i.index_id AND n.is_included_column = 1) + N')', N'') +
                    ISNULL(N' WHERE ' + i.filter_definition, N'') + N'; '
            FROM sys.indexes AS i WHERE i.object_id = OBJECT_ID(N'[sales].[orders]') AND i.is_primary_key = 0 AND i.is_unique_constraint = 0 AND i.type IN (1, 2)
                AND EXISTS (SELECT 1 FROM sys.index_columns AS ic WHERE ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.column_id = @column_id);
            SELECT @default = QUOTENAME(d.name), @definition = d.definition FROM sys.default_constraints AS d WHERE d.parent_object_id = OBJECT_ID(N'[sales].[orders]') AND d.parent_column_id = @column_id;
            IF @drop_indexes <> N'' EXEC(@drop_indexes);
            IF @default IS NOT NULL EXEC(N'ALTER TABLE [sales].[orders] DROP CONSTRAINT ' + @default);
            EXEC(N'ALTER TABLE [sales].[orders] ALTER COLUMN [total] decimal(12, 2)' + @null);
            IF @default IS NOT NULL EXEC(N'ALTER TABLE [sales].[orders] ADD CONSTRAINT ' + @default + N' DEFAULT ' + @definition + N' FOR [total]');
            IF @create_indexes <> N'' EXEC(@create_indexes);
            """, sql);
    }

    [Fact]
    public void MakingAColumnNotNullFillsItsNullsFirstAndKeepsItsCollation()
    {
        var sql = Assert.Single(Render(new AlterColumnOperation("sales.orders", new ColumnChange("note", PortableType.String, Length: 200, Nullable: false))));
        Assert.Equal("""
            DECLARE @column_id int, @null nvarchar(9), @collation nvarchar(140), @default nvarchar(258), @definition nvarchar(max), @blocking nvarchar(max),
                @drop_indexes nvarchar(max) = N'', @create_indexes nvarchar(max) = N'', @message nvarchar(2048);
            SELECT @column_id = c.column_id, @null = CASE WHEN c.is_nullable = 1 THEN N' NULL' ELSE N' NOT NULL' END, @collation = N' COLLATE ' + c.collation_name FROM sys.columns AS c WHERE c.object_id = OBJECT_ID(N'[sales].[orders]') AND c.name = N'note';
            IF @column_id IS NULL BEGIN SET @message = N'Column ''note'' of [sales].[orders] does not exist.'; THROW 50000, @message, 1; END;
            SET @null = N' NOT NULL';
            SELECT @blocking = STRING_AGG(CAST(o.name AS nvarchar(max)), N', ') FROM sys.objects AS o WHERE o.object_id IN (
                SELECT kc.object_id FROM sys.key_constraints AS kc JOIN sys.index_columns AS ic ON ic.object_id = kc.parent_object_id AND ic.index_id = kc.unique_index_id WHERE kc.parent_object_id = OBJECT_ID(N'[sales].[orders]') AND ic.column_id = @column_id
                UNION SELECT fkc.constraint_object_id FROM sys.foreign_key_columns AS fkc WHERE (fkc.parent_object_id = OBJECT_ID(N'[sales].[orders]') AND fkc.parent_column_id = @column_id) OR (fkc.referenced_object_id = OBJECT_ID(N'[sales].[orders]') AND fkc.referenced_column_id = @column_id)
                UNION SELECT cc.object_id FROM sys.check_constraints AS cc WHERE cc.parent_object_id = OBJECT_ID(N'[sales].[orders]') AND (cc.parent_column_id = @column_id OR CHARINDEX(N'[note]', cc.definition) > 0));
            IF @blocking IS NOT NULL BEGIN SET @message = N'Column ''note'' of [sales].[orders] is used by the constraint(s) ' + @blocking + N', which SQL Server does not let a column change under: drop them first (Remove-MigrationConstraint) and add them back after.'; THROW 50000, @message, 1; END;
            SELECT @drop_indexes += N'DROP INDEX ' + QUOTENAME(i.name) + N' ON [sales].[orders]; ',
                @create_indexes += N'CREATE ' + CASE WHEN i.is_unique = 1 THEN N'UNIQUE ' ELSE N'' END + i.type_desc COLLATE DATABASE_DEFAULT + N' INDEX ' + QUOTENAME(i.name) + N' ON [sales].[orders] (' +
                    (SELECT STRING_AGG(CAST(QUOTENAME(kc.name) + CASE WHEN k.is_descending_key = 1 THEN N' DESC' ELSE N'' END AS nvarchar(max)), N', ') WITHIN GROUP (ORDER BY k.key_ordinal)
                     FROM sys.index_columns AS k JOIN sys.columns AS kc ON kc.object_id = k.object_id AND kc.column_id = k.column_id
                     WHERE k.object_id = i.object_id AND k.index_id = i.index_id AND k.is_included_column = 0) + N')' +
                    ISNULL(N' INCLUDE (' + (SELECT STRING_AGG(CAST(QUOTENAME(nc.name) AS nvarchar(max)), N', ')
                     FROM sys.index_columns AS n JOIN sys.columns AS nc ON nc.object_id = n.object_id AND nc.column_id = n.column_id
                     WHERE n.object_id = i.object_id AND n.index_id = i.index_id AND n.is_included_column = 1) + N')', N'') +
                    ISNULL(N' WHERE ' + i.filter_definition, N'') + N'; '
            FROM sys.indexes AS i WHERE i.object_id = OBJECT_ID(N'[sales].[orders]') AND i.is_primary_key = 0 AND i.is_unique_constraint = 0 AND i.type IN (1, 2)
                AND EXISTS (SELECT 1 FROM sys.index_columns AS ic WHERE ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.column_id = @column_id);
            SELECT @default = QUOTENAME(d.name), @definition = d.definition FROM sys.default_constraints AS d WHERE d.parent_object_id = OBJECT_ID(N'[sales].[orders]') AND d.parent_column_id = @column_id;
            IF @drop_indexes <> N'' EXEC(@drop_indexes);
            IF @default IS NOT NULL EXEC(N'ALTER TABLE [sales].[orders] DROP CONSTRAINT ' + @default);
            IF @definition IS NOT NULL EXEC(N'UPDATE [sales].[orders] SET [note] = ' + @definition + N' WHERE [note] IS NULL');
            SET @collation = ISNULL(@collation, N'');
            EXEC(N'ALTER TABLE [sales].[orders] ALTER COLUMN [note] nvarchar(200)' + @collation + @null);
            IF @default IS NOT NULL EXEC(N'ALTER TABLE [sales].[orders] ADD CONSTRAINT ' + @default + N' DEFAULT ' + @definition + N' FOR [note]');
            IF @create_indexes <> N'' EXEC(@create_indexes);
            """, sql);

        var filled = Assert.Single(Render(new AlterColumnOperation("sales.orders", new ColumnChange("note", PortableType.String, Length: 200, Nullable: false, Default: "none"))));
        Assert.Contains("UPDATE [sales].[orders] SET [note] = N'none' WHERE [note] IS NULL;\nSET @collation = ISNULL(@collation, N'');\nEXEC(N'ALTER TABLE [sales].[orders] ALTER COLUMN [note] nvarchar(200)' + @collation + @null);", filled);
        Assert.Contains("EXEC(N'ALTER TABLE [sales].[orders] ADD CONSTRAINT [df_orders_note] DEFAULT N''none'' FOR [note]');", filled);
    }

    [Fact]
    public void ADefaultIsFoundByItsRealNameWhateverItIsCalled()
    {
        Assert.Equal("""
                DECLARE @default nvarchar(258);
                SELECT @default = QUOTENAME(d.name) FROM sys.default_constraints AS d JOIN sys.columns AS c ON c.object_id = d.parent_object_id AND c.column_id = d.parent_column_id
                    WHERE d.parent_object_id = OBJECT_ID(N'[sales].[orders]') AND c.name = N'status';
                IF @default IS NOT NULL EXEC(N'ALTER TABLE [sales].[orders] DROP CONSTRAINT ' + @default);
                ALTER TABLE [sales].[orders] ADD CONSTRAINT [df_orders_status] DEFAULT N'new' FOR [status];
                """,
            Assert.Single(Render(new AlterColumnOperation("sales.orders", new ColumnChange("status", Default: "new")))));
    }

    [Fact]
    public void DroppingAColumnTakesWhatLivesOnItAndRefusesForeignKeysOfOtherTables()
    {
        Assert.Equal("""
                DECLARE @column_id int, @referencing nvarchar(max), @drop_constraints nvarchar(max) = N'', @drop_keys nvarchar(max) = N'', @drop_indexes nvarchar(max) = N'', @message nvarchar(2048);
                SELECT @column_id = c.column_id FROM sys.columns AS c WHERE c.object_id = OBJECT_ID(N'[sales].[orders]') AND c.name = N'note';
                IF @column_id IS NULL BEGIN SET @message = N'Column ''note'' of [sales].[orders] does not exist.'; THROW 50000, @message, 1; END;
                SELECT @referencing = STRING_AGG(CAST(QUOTENAME(OBJECT_SCHEMA_NAME(fk.parent_object_id)) + N'.' + QUOTENAME(OBJECT_NAME(fk.parent_object_id)) + N' ' + QUOTENAME(fk.name) AS nvarchar(max)), N', ')
                    FROM sys.foreign_keys AS fk JOIN sys.foreign_key_columns AS fkc ON fkc.constraint_object_id = fk.object_id
                    WHERE fkc.referenced_object_id = OBJECT_ID(N'[sales].[orders]') AND fkc.referenced_column_id = @column_id AND fk.parent_object_id <> OBJECT_ID(N'[sales].[orders]');
                IF @referencing IS NOT NULL BEGIN SET @message = N'Column ''note'' of [sales].[orders] is referenced by the foreign key(s) ' + @referencing + N' of other tables: drop them first.'; THROW 50000, @message, 1; END;
                SELECT @drop_constraints += N'ALTER TABLE [sales].[orders] DROP CONSTRAINT ' + QUOTENAME(o.name) + N'; ' FROM sys.objects AS o WHERE o.type IN ('D', 'C', 'F') AND o.object_id IN (
                    SELECT dc.object_id FROM sys.default_constraints AS dc WHERE dc.parent_object_id = OBJECT_ID(N'[sales].[orders]') AND dc.parent_column_id = @column_id
                    UNION SELECT kc.object_id FROM sys.key_constraints AS kc JOIN sys.index_columns AS ic ON ic.object_id = kc.parent_object_id AND ic.index_id = kc.unique_index_id WHERE kc.parent_object_id = OBJECT_ID(N'[sales].[orders]') AND ic.column_id = @column_id
                    UNION SELECT fkc.constraint_object_id FROM sys.foreign_key_columns AS fkc WHERE (fkc.parent_object_id = OBJECT_ID(N'[sales].[orders]') AND fkc.parent_column_id = @column_id) OR (fkc.referenced_object_id = OBJECT_ID(N'[sales].[orders]') AND fkc.referenced_column_id = @column_id)
                    UNION SELECT cc.object_id FROM sys.check_constraints AS cc WHERE cc.parent_object_id = OBJECT_ID(N'[sales].[orders]') AND (cc.parent_column_id = @column_id OR CHARINDEX(N'[note]', cc.definition) > 0));
                SELECT @drop_keys += N'ALTER TABLE [sales].[orders] DROP CONSTRAINT ' + QUOTENAME(o.name) + N'; ' FROM sys.objects AS o WHERE o.type IN ('PK', 'UQ') AND o.object_id IN (
                    SELECT kc.object_id FROM sys.key_constraints AS kc JOIN sys.index_columns AS ic ON ic.object_id = kc.parent_object_id AND ic.index_id = kc.unique_index_id WHERE kc.parent_object_id = OBJECT_ID(N'[sales].[orders]') AND ic.column_id = @column_id
                    UNION SELECT fkc.constraint_object_id FROM sys.foreign_key_columns AS fkc WHERE (fkc.parent_object_id = OBJECT_ID(N'[sales].[orders]') AND fkc.parent_column_id = @column_id) OR (fkc.referenced_object_id = OBJECT_ID(N'[sales].[orders]') AND fkc.referenced_column_id = @column_id)
                    UNION SELECT cc.object_id FROM sys.check_constraints AS cc WHERE cc.parent_object_id = OBJECT_ID(N'[sales].[orders]') AND (cc.parent_column_id = @column_id OR CHARINDEX(N'[note]', cc.definition) > 0));
                SELECT @drop_indexes += N'DROP INDEX ' + QUOTENAME(i.name) + N' ON [sales].[orders]; '
                FROM sys.indexes AS i WHERE i.object_id = OBJECT_ID(N'[sales].[orders]') AND i.is_primary_key = 0 AND i.is_unique_constraint = 0 AND i.type IN (1, 2)
                    AND EXISTS (SELECT 1 FROM sys.index_columns AS ic WHERE ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.column_id = @column_id);
                IF @drop_constraints <> N'' EXEC(@drop_constraints);
                IF @drop_keys <> N'' EXEC(@drop_keys);
                IF @drop_indexes <> N'' EXEC(@drop_indexes);
                ALTER TABLE [sales].[orders] DROP COLUMN [note];
                """,
            Assert.Single(Render(new DropColumnOperation("sales.orders", "note"))));
    }

    [Fact]
    public void RenamesPassQuotedNamesAndATableRenameTakesItsNamedConstraintsAlong()
    {
        Assert.Equal(
            [
                "EXEC sp_rename N'[sales].[orders]', N'purchases'",
                """
                DECLARE @renames nvarchar(max) = N'';
                SELECT @renames += N'EXEC sp_rename N''' + REPLACE(QUOTENAME(OBJECT_SCHEMA_NAME(o.object_id)) + N'.' + QUOTENAME(o.name), N'''', N'''''') + N''', N''' +
                    REPLACE(LEFT(o.name, 3) + N'purchases' + SUBSTRING(o.name, 4 + LEN(N'orders'), 128), N'''', N'''''') + N''', N''OBJECT''; '
                FROM sys.objects AS o WHERE o.parent_object_id = OBJECT_ID(N'[sales].[purchases]') AND o.type IN ('PK', 'UQ', 'D')
                    AND (o.name = N'pk_orders' OR LEFT(o.name, 4 + LEN(N'orders')) IN (N'uq_orders_', N'df_orders_'));
                IF @renames <> N'' EXEC(@renames);
                """,
                "EXEC sp_rename N'[sales].[orders].[o.d]]]', N'x', N'COLUMN'",
            ],
            Render(new RenameTableOperation("sales.orders", "purchases"), new RenameColumnOperation("sales.orders", "o.d]", "x")));
    }

    [Fact]
    public void ANewNullableColumnWithADefaultFillsExistingRowsAsOtherDatabasesDo() =>
        Assert.Equal(["ALTER TABLE [orders] ADD [flag] bit NULL CONSTRAINT [df_orders_flag] DEFAULT 1 WITH VALUES"],
            Render(new AddColumnOperation("orders", new ColumnDefinition("flag", PortableType.Boolean, Default: true))));

    [Fact]
    public void TypesStayWithinWhatSqlServerCanStoreAndIndex()
    {
        static string Create(params ColumnDefinition[] columns) => Assert.Single(Render(new CreateTableOperation("t", columns)));

        Assert.Contains("[body] nvarchar(max) NULL", Create(new ColumnDefinition("body", PortableType.String, Length: 5000)));
        Assert.Contains("[blob] varbinary(max) NULL", Create(new ColumnDefinition("blob", PortableType.Binary, Length: 9000)));
        Assert.Contains("[code] nvarchar(450) NOT NULL", Create(new ColumnDefinition("code", PortableType.String, Nullable: false, PrimaryKey: true)));
        Assert.Contains("[hash] varbinary(900) NULL CONSTRAINT [uq_t_hash] UNIQUE", Create(new ColumnDefinition("hash", PortableType.Binary, Unique: true)));
        Assert.Contains("[n] int IDENTITY(1, 1) NOT NULL", Create(new ColumnDefinition("n", PortableType.Integer, Identity: true)));

        var tooLong = Assert.Throws<MigrationException>(() => Create(new ColumnDefinition("code", PortableType.String, Length: 5000, Unique: true)));
        Assert.Equal(MigrationErrors.InvalidColumn, tooLong.Error);
        Assert.Contains("'code' is a key or unique column, but a length of 5000 is (max) on SQL Server", tooLong.Message);
        Assert.Contains("Give a Length of at most 4000", tooLong.Message);
    }

    [Fact]
    public void RestrictIsWrittenAsSqlServersNoAction()
    {
        var sql = Assert.Single(Render(new AddConstraintOperation("orders", new ConstraintDefinition("fk_orders_customer", ConstraintKind.ForeignKey, ["customer_id"], ReferencedTable: "customers", ReferencedColumns: ["id"], OnDelete: "restrict"))));
        Assert.Equal("ALTER TABLE [orders] ADD CONSTRAINT [fk_orders_customer] FOREIGN KEY ([customer_id]) REFERENCES [customers] ([id]) ON DELETE NO ACTION", sql);
    }

    [Fact]
    public void OfflineInsertsKeepExplicitIdentityValues()
    {
        var statements = ProviderRegistry.Get(ProviderKind.SqlServer).Renderer.InsertRows("sales.orders", ["id", "name"], [[1, "a"]]);
        Assert.Equal(["""
                IF EXISTS (SELECT 1 FROM sys.columns WHERE object_id = OBJECT_ID(N'[sales].[orders]') AND is_identity = 1 AND name IN (N'id', N'name')) SET IDENTITY_INSERT [sales].[orders] ON
                """, "INSERT INTO [sales].[orders] ([id], [name]) VALUES\n    (1, N'a')", "IF EXISTS (SELECT 1 FROM sys.columns WHERE object_id = OBJECT_ID(N'[sales].[orders]') AND is_identity = 1 AND name IN (N'id', N'name')) SET IDENTITY_INSERT [sales].[orders] OFF"], statements);
        statements.ToList().ForEach(s => Parse(s));
    }

    [Fact]
    public void BulkCopyStoresRowsAsAnInsertWould() =>
        Assert.Equal(SqlBulkCopyOptions.KeepIdentity | SqlBulkCopyOptions.KeepNulls | SqlBulkCopyOptions.CheckConstraints | SqlBulkCopyOptions.FireTriggers,
            SqlServerProvider.InsertLikeOptions);

    [Fact]
    public void TheDeploymentLockIsOneResourcePerTableAndEveryApplockCodeIsReported()
    {
        Assert.Equal("psmigrate:dbo.psmigrate_version", SqlServerProvider.LockResource(new VersionTables("psmigrate_version", "h", "DBO")));
        Assert.Equal(SqlServerProvider.LockResource(new VersionTables("psmigrate_version", "h", "dbo")), SqlServerProvider.LockResource(new VersionTables("PSMigrate_Version", "h", "dbo")));
        Assert.Equal(0, new SqlConnectionStringBuilder(SqlServerProvider.WithoutReconnect("Server=db;Database=app;ConnectRetryCount=3")).ConnectRetryCount);
        Assert.True(SqlServerProvider.ApplockGranted(0));
        Assert.True(SqlServerProvider.ApplockGranted(1));
        Assert.False(SqlServerProvider.ApplockGranted(-1));
        foreach (var (code, words) in new[] { (-2, "cancelled"), (-3, "deadlock victim"), (-999, "-999") })
        {
            var error = Assert.Throws<MigrationException>(() => SqlServerProvider.ApplockGranted(code));
            Assert.Contains(words, error.Message);
        }
    }

    [Fact]
    public void VersionIdsAreComparedByteForByteAndScriptsStartWithTheRequiredSetOptions()
    {
        var dialect = ProviderRegistry.Get(ProviderKind.SqlServer).Dialect;
        var create = string.Join("\n", dialect.CreateVersionTables(VersionTables.Default));
        Assert.Contains("version_num NVARCHAR(32) COLLATE Latin1_General_BIN2 NOT NULL", create);
        Assert.Contains("revision NVARCHAR(32) COLLATE Latin1_General_BIN2 NOT NULL", create);

        var script = SqlServerScripts.Upgrade(("aaa111", null, "CREATE TABLE t (id INT);", "DROP TABLE t;"));
        Assert.Contains("sqlcmd -b -x -i", script);
        Assert.Contains("SET ANSI_NULLS, ANSI_PADDING, ANSI_WARNINGS, ARITHABORT, CONCAT_NULL_YIELDS_NULL, QUOTED_IDENTIFIER ON\nGO", script);
        Assert.Contains("SET NUMERIC_ROUNDABORT OFF\nGO", script);
        Parse(script);
    }
}
