using Microsoft.SqlServer.TransactSql.ScriptDom;
using PSMigrate.Engine.Operations;
using PSMigrate.Engine.Providers.SqlServer;
using PSMigrate.Engine.Schema;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Tests;

/// <summary>
/// SQL Server introspection, which cannot run live here: its catalog queries and scratch
/// statements parse as T-SQL, and rows shaped as sys.* returns them become the schema.
/// </summary>
public sealed class SqlServerSchemaReaderTests
{
    [Fact]
    public void TheCatalogQueriesAndScratchStatementsAreValidTsql()
    {
        var statements = SqlServerSchemaReader.Queries("N'dbo'")
            .Concat(SqlServerScratchDatabase.CreateStatements("psmigrate_scratch_x", isSchema: false))
            .Concat(SqlServerScratchDatabase.DropStatements("psmigrate_scratch_x", isSchema: false))
            .Concat(SqlServerScratchDatabase.CreateStatements("psmigrate_scratch_x", isSchema: true))
            .Concat(SqlServerScratchDatabase.DropStatements("psmigrate_scratch_x", isSchema: true));
        foreach (var sql in statements)
        {
            new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
            Assert.True(errors.Count == 0, $"{sql}\n{string.Join("\n", errors.Select(e => $"{e.Line}:{e.Column} {e.Message}"))}");
        }
    }

    [Fact]
    public void RowsShapedLikeSysViewsBecomeTheSchemaWithoutTheEngineTables()
    {
        var catalog = new CannedCatalog
        {
            ["FROM sys.tables AS t WHERE"] = [Row(("name", "orders")), Row(("name", "customers")), Row(("name", "psmigrate_version"))],
            ["FROM sys.columns AS c"] =
            [
                Row(("table_name", "orders"), ("name", "id"), ("column_id", 1), ("is_nullable", false), ("is_identity", true), ("definition", null), ("type", "int")),
                Row(("table_name", "orders"), ("name", "total"), ("column_id", 2), ("is_nullable", false), ("is_identity", false), ("definition", "((0))"), ("type", "decimal(12, 2)")),
                Row(("table_name", "orders"), ("name", "customer_id"), ("column_id", 3), ("is_nullable", true), ("is_identity", false), ("definition", null), ("type", "int")),
                Row(("table_name", "customers"), ("name", "id"), ("column_id", 1), ("is_nullable", false), ("is_identity", true), ("definition", null), ("type", "int")),
                Row(("table_name", "customers"), ("name", "email"), ("column_id", 2), ("is_nullable", false), ("is_identity", false), ("definition", null), ("type", "nvarchar(200)")),
            ],
            ["FROM sys.key_constraints"] =
            [
                Row(("table_name", "orders"), ("name", "pk_orders"), ("type", "PK"), ("key_ordinal", 1), ("column_name", "id")),
                Row(("table_name", "customers"), ("name", "pk_customers"), ("type", "PK"), ("key_ordinal", 1), ("column_name", "id")),
                Row(("table_name", "customers"), ("name", "uq_customers_email"), ("type", "UQ"), ("key_ordinal", 1), ("column_name", "email")),
            ],
            ["FROM sys.check_constraints"] = [Row(("table_name", "orders"), ("name", "ck_orders_total"), ("definition", "([total]>=(0))"))],
            ["FROM sys.foreign_keys"] =
            [
                Row(("table_name", "orders"), ("name", "fk_orders_customer"), ("constraint_column_id", 1), ("column_name", "customer_id"), ("referenced_schema", "dbo"),
                    ("referenced_table", "customers"), ("referenced_column", "id"), ("delete_action", "SET_NULL"), ("update_action", "NO_ACTION")),
            ],
            ["FROM sys.indexes"] = [Row(("table_name", "orders"), ("name", "ix_orders_customer"), ("is_unique", false), ("filter_definition", "([customer_id] IS NOT NULL)"), ("key_ordinal", 1), ("column_name", "customer_id"))],
            ["FROM sys.views"] = [Row(("name", "big_orders"), ("definition", "CREATE VIEW big_orders AS SELECT id FROM orders WHERE total > 100"))],
        };

        var schema = SqlServerSchemaReader.Read(catalog, VersionTables.Default, new SqlServerDialect());
        Assert.Equal(["orders", "customers"], schema.Tables.Select(t => t.Name));
        var orders = schema.Table("ORDERS")!;
        Assert.Equal(["id", "total", "customer_id"], orders.Columns.Select(c => c.Name));
        Assert.True(orders.Columns[0].IsIdentity);
        Assert.Equal("decimal(12, 2)", orders.Columns[1].Type);
        Assert.Equal("((0))", orders.Columns[1].Default);
        Assert.Equal(["id"], orders.PrimaryKey!.Columns);
        var key = Assert.Single(orders.ForeignKeys);
        Assert.Equal(("customers", "SET NULL", "NO ACTION"), (key.ReferencedTable, key.OnDelete, key.OnUpdate));
        var index = Assert.Single(orders.Indexes);
        Assert.Equal("([customer_id] IS NOT NULL)", index.Where);
        Assert.Equal(["email"], Assert.Single(schema.Table("customers")!.UniqueConstraints).Columns);
        Assert.Equal("big_orders", Assert.Single(schema.Views).Name);

        // The T-SQL renderer reads the portable type back from the catalog's spelling.
        var renderer = new SqlServerSchemaRenderer(new SqlServerDialect());
        Assert.Equal(new PortableColumnType(PortableType.Decimal, Precision: 12, Scale: 2), renderer.PortableTypeOf("decimal(12, 2)"));
        Assert.Equal(new PortableColumnType(PortableType.String, Length: 200), renderer.PortableTypeOf("nvarchar(200)"));
        Assert.Null(renderer.PortableTypeOf("geography"));
    }

    private static IReadOnlyDictionary<string, object?> Row(params (string Name, object? Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value);

    /// <summary>Answers each catalog query with the rows of the first key its text contains.</summary>
    private sealed class CannedCatalog : Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, object?>>>, ISchemaCatalog
    {
        public bool IsAvailable => true;

        public IReadOnlyList<IReadOnlyDictionary<string, object?>> Query(string sql) =>
            this.FirstOrDefault(entry => sql.Contains(entry.Key, StringComparison.Ordinal)).Value ?? [];
    }
}
