using PSMigrate.Engine.Operations;
using PSMigrate.Engine.Schema;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers.SqlServer;

/// <summary>
/// A SQL Server schema from sys.* for the configured schema (default dbo). Types are spelled as
/// T-SQL writes them (nvarchar(200), decimal(12, 2), varbinary(max)); defaults and checks are
/// sys.default_constraints / sys.check_constraints definitions. Written and tested on text and
/// on rows shaped like the server's; not run against a live SQL Server (none can run here).
/// </summary>
internal static class SqlServerSchemaReader
{
    public static IReadOnlyList<string> Queries(string schema) =>
    [
        TablesQuery(schema), ColumnsQuery(schema), KeysQuery(schema), ChecksQuery(schema), ForeignKeysQuery(schema), IndexesQuery(schema), ViewsQuery(schema),
    ];

    public static DatabaseSchema Read(ISchemaCatalog catalog, VersionTables tables, ISqlDialect dialect)
    {
        var schema = dialect.Literal(tables.Schema ?? "dbo");
        var names = StringComparer.OrdinalIgnoreCase;
        var tableNames = catalog.Query(TablesQuery(schema)).Select(r => r.Text("name")).Where(n => !SchemaRows.IsEngineTable(n, tables, names)).ToList();
        var columns = catalog.Query(ColumnsQuery(schema)).ToLookup(r => r.Text("table_name"), names);
        var keys = catalog.Query(KeysQuery(schema)).ToLookup(r => r.Text("table_name"), names);
        var checks = catalog.Query(ChecksQuery(schema)).ToLookup(r => r.Text("table_name"), names);
        var foreignKeys = catalog.Query(ForeignKeysQuery(schema)).ToLookup(r => r.Text("table_name"), names);
        var indexes = catalog.Query(IndexesQuery(schema)).ToLookup(r => r.Text("table_name"), names);
        var ownSchema = tables.Schema ?? "dbo";

        var result = tableNames.Select(t =>
        {
            var tableKeys = keys[t].GroupBy(k => k.Text("name")).ToList();
            var primary = tableKeys.FirstOrDefault(k => k.First().Text("type") == "PK");
            return new SchemaTable(
                t,
                columns[t].Select(c => new SchemaColumn(c.Text("name"), c.Text("type"), c.Flag("is_nullable"), c.TextOrNull("definition"), c.Flag("is_identity"), (int)c.Number("column_id"))).ToList(),
                primary is null ? null : new SchemaKey(primary.Key, primary.OrderBy(k => k.Number("key_ordinal")).Select(k => k.Text("column_name")).ToList()),
                tableKeys.Where(k => k.First().Text("type") == "UQ").Select(k => new SchemaKey(k.Key, k.OrderBy(r => r.Number("key_ordinal")).Select(r => r.Text("column_name")).ToList())).ToList(),
                checks[t].Select(c => new SchemaCheck(c.Text("name"), c.Text("definition"))).ToList(),
                foreignKeys[t].GroupBy(f => f.Text("name")).Select(f => new SchemaForeignKey(
                    f.Key,
                    f.OrderBy(r => r.Number("constraint_column_id")).Select(r => r.Text("column_name")).ToList(),
                    f.First().Text("referenced_schema").Equals(ownSchema, StringComparison.OrdinalIgnoreCase) ? f.First().Text("referenced_table") : $"{f.First().Text("referenced_schema")}.{f.First().Text("referenced_table")}",
                    f.OrderBy(r => r.Number("constraint_column_id")).Select(r => r.Text("referenced_column")).ToList(),
                    f.First().Text("delete_action").Replace('_', ' '),
                    f.First().Text("update_action").Replace('_', ' '))).ToList(),
                indexes[t].GroupBy(i => i.Text("name")).Select(i =>
                {
                    var ordered = i.OrderBy(r => r.Number("key_ordinal")).ToList();
                    var cols = ordered.Select(r => r.Text("column_name")).ToList();
                    var unique = i.First().Flag("is_unique");
                    var where = i.First().TextOrNull("filter_definition");
                    var definition = $"CREATE {(unique ? "UNIQUE " : string.Empty)}INDEX {dialect.QuoteIdentifier(i.Key)} ON {dialect.QuoteIdentifier(t)} ({string.Join(", ", cols.Select(dialect.QuoteIdentifier))})" +
                                     (where is null ? string.Empty : " WHERE " + where);
                    return new SchemaIndex(i.Key, cols, unique, where, definition);
                }).ToList());
        }).ToList();

        var views = catalog.Query(ViewsQuery(schema)).Select(v => new SchemaView(v.Text("name"), v.Text("definition").Trim())).ToList();
        return new DatabaseSchema(result, views, names);
    }

    private static string TablesQuery(string schema) =>
        $"SELECT t.name FROM sys.tables AS t WHERE t.schema_id = SCHEMA_ID({schema}) AND t.is_ms_shipped = 0 ORDER BY t.name";

    // Lengths in sys.columns are bytes: n(var)char holds two per character; -1 is (max).
    private static string ColumnsQuery(string schema) =>
        "SELECT t.name AS table_name, c.name, c.column_id, c.is_nullable, c.is_identity, d.definition, " +
        "CASE WHEN ty.name IN ('varchar', 'char', 'varbinary', 'binary') THEN ty.name + '(' + CASE WHEN c.max_length = -1 THEN 'max' ELSE CAST(c.max_length AS varchar(10)) END + ')' " +
        "WHEN ty.name IN ('nvarchar', 'nchar') THEN ty.name + '(' + CASE WHEN c.max_length = -1 THEN 'max' ELSE CAST(c.max_length / 2 AS varchar(10)) END + ')' " +
        "WHEN ty.name IN ('decimal', 'numeric') THEN ty.name + '(' + CAST(c.precision AS varchar(10)) + ', ' + CAST(c.scale AS varchar(10)) + ')' " +
        "WHEN ty.name IN ('datetime2', 'datetimeoffset', 'time') AND c.scale <> 7 THEN ty.name + '(' + CAST(c.scale AS varchar(10)) + ')' " +
        "ELSE ty.name END AS type " +
        "FROM sys.columns AS c JOIN sys.tables AS t ON t.object_id = c.object_id JOIN sys.types AS ty ON ty.user_type_id = c.user_type_id " +
        "LEFT JOIN sys.default_constraints AS d ON d.object_id = c.default_object_id " +
        $"WHERE t.schema_id = SCHEMA_ID({schema}) ORDER BY t.name, c.column_id";

    private static string KeysQuery(string schema) =>
        "SELECT t.name AS table_name, k.name, k.type, ic.key_ordinal, c.name AS column_name " +
        "FROM sys.key_constraints AS k JOIN sys.tables AS t ON t.object_id = k.parent_object_id " +
        "JOIN sys.index_columns AS ic ON ic.object_id = k.parent_object_id AND ic.index_id = k.unique_index_id " +
        "JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id " +
        $"WHERE t.schema_id = SCHEMA_ID({schema}) ORDER BY t.name, k.name, ic.key_ordinal";

    private static string ChecksQuery(string schema) =>
        "SELECT t.name AS table_name, k.name, k.definition FROM sys.check_constraints AS k JOIN sys.tables AS t ON t.object_id = k.parent_object_id " +
        $"WHERE t.schema_id = SCHEMA_ID({schema}) ORDER BY t.name, k.name";

    private static string ForeignKeysQuery(string schema) =>
        "SELECT t.name AS table_name, f.name, fc.constraint_column_id, c.name AS column_name, SCHEMA_NAME(rt.schema_id) AS referenced_schema, rt.name AS referenced_table, " +
        "rc.name AS referenced_column, f.delete_referential_action_desc AS delete_action, f.update_referential_action_desc AS update_action " +
        "FROM sys.foreign_keys AS f JOIN sys.tables AS t ON t.object_id = f.parent_object_id JOIN sys.tables AS rt ON rt.object_id = f.referenced_object_id " +
        "JOIN sys.foreign_key_columns AS fc ON fc.constraint_object_id = f.object_id " +
        "JOIN sys.columns AS c ON c.object_id = fc.parent_object_id AND c.column_id = fc.parent_column_id " +
        "JOIN sys.columns AS rc ON rc.object_id = fc.referenced_object_id AND rc.column_id = fc.referenced_column_id " +
        $"WHERE t.schema_id = SCHEMA_ID({schema}) ORDER BY t.name, f.name, fc.constraint_column_id";

    private static string IndexesQuery(string schema) =>
        "SELECT t.name AS table_name, i.name, i.is_unique, i.filter_definition, ic.key_ordinal, c.name AS column_name " +
        "FROM sys.indexes AS i JOIN sys.tables AS t ON t.object_id = i.object_id " +
        "JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.is_included_column = 0 " +
        "JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id " +
        $"WHERE t.schema_id = SCHEMA_ID({schema}) AND i.is_primary_key = 0 AND i.is_unique_constraint = 0 AND i.type > 0 ORDER BY t.name, i.name, ic.key_ordinal";

    private static string ViewsQuery(string schema) =>
        "SELECT v.name, m.definition FROM sys.views AS v JOIN sys.sql_modules AS m ON m.object_id = v.object_id " +
        $"WHERE v.schema_id = SCHEMA_ID({schema}) ORDER BY v.name";
}
