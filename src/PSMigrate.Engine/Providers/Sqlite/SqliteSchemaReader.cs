using System.Text.RegularExpressions;
using PSMigrate.Engine.Operations;
using PSMigrate.Engine.Schema;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers.Sqlite;

/// <summary>
/// A SQLite schema from sqlite_schema and the table pragmas. SQLite keeps no catalog of CHECK
/// constraints, so those come from the stored CREATE TABLE text; no name of a primary key or
/// unique constraint is kept, so those have none. An INTEGER PRIMARY KEY (the rowid) is the identity.
/// </summary>
internal static partial class SqliteSchemaReader
{
    public static DatabaseSchema Read(ISchemaCatalog catalog, VersionTables tables, ISqlDialect dialect)
    {
        var names = StringComparer.OrdinalIgnoreCase;
        var objects = catalog.Query("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
        var tableRows = objects.Where(o => o.Text("type") == "table" && !SchemaRows.IsEngineTable(o.Text("name"), tables, names)).ToList();
        var indexSql = objects.Where(o => o.Text("type") == "index").ToDictionary(o => o.Text("name"), o => o.Text("sql"), names);
        var primaryKeys = new Dictionary<string, IReadOnlyList<string>>(names);
        var result = new List<SchemaTable>();
        foreach (var row in tableRows)
        {
            var name = row.Text("name");
            var literal = dialect.Literal(name);
            var columns = catalog.Query($"SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info({literal}) ORDER BY cid");
            var key = columns.Where(c => c.Number("pk") > 0).OrderBy(c => c.Number("pk")).Select(c => c.Text("name")).ToList();
            primaryKeys[name] = key;
            var rowid = key.Count == 1 ? columns.First(c => c.Text("name") == key[0]) : null;
            var isRowid = rowid is not null && rowid.Text("type").Equals("INTEGER", StringComparison.OrdinalIgnoreCase);
            result.Add(new SchemaTable(
                name,
                columns.Select(c =>
                {
                    var identity = isRowid && c == rowid;
                    return new SchemaColumn(c.Text("name"), c.Text("type"), !identity && !c.Flag("notnull"), c.TextOrNull("dflt_value"), identity, (int)c.Number("cid") + 1);
                }).ToList(),
                key.Count == 0 ? null : new SchemaKey(null, key),
                [],
                Checks(row.Text("sql")),
                ForeignKeys(catalog, literal),
                []));
        }

        for (var i = 0; i < result.Count; i++)
        {
            var (uniques, indexes) = Indexes(catalog, dialect, result[i].Name, indexSql);
            var named = NamedConstraints(tableRows.First(r => names.Equals(r.Text("name"), result[i].Name)).Text("sql"));
            string? NameOf(string kind, IEnumerable<string> columns) => named.GetValueOrDefault($"{kind}:{SchemaText.List(columns).ToLowerInvariant()}");
            result[i] = result[i] with
            {
                PrimaryKey = result[i].PrimaryKey is { } key ? key with { Name = NameOf("PRIMARY", key.Columns) } : null,
                UniqueConstraints = uniques.Select(u => u with { Name = NameOf("UNIQUE", u.Columns) }).ToList(),
                Indexes = indexes,
                ForeignKeys = result[i].ForeignKeys.Select(fk => (fk.ReferencedColumns.Count > 0 ? fk
                    : fk with { ReferencedColumns = primaryKeys.GetValueOrDefault(fk.ReferencedTable) ?? [] }) with { Name = NameOf("FOREIGN", fk.Columns) }).ToList(),
            };
        }

        var views = objects.Where(o => o.Text("type") == "view").Select(o => new SchemaView(o.Text("name"), o.Text("sql").Trim())).ToList();
        return new DatabaseSchema(result, views, names);
    }

    /// <summary>Names given with CONSTRAINT to table-level keys, by kind and columns ("UNIQUE:(a, b)"): the pragmas do not report them.</summary>
    private static Dictionary<string, string> NamedConstraints(string createTable)
    {
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in SqliteTableDefinition.Parse(createTable).Constraints.Where(p => p.Name is not null))
        {
            if (NamedKey().Match(part.Text) is { Success: true } match)
            {
                var columns = match.Groups["columns"].Value.Split(',').Select(c => SqliteTableDefinition.Unquote(c.Trim()));
                named.TryAdd($"{match.Groups["kind"].Value.ToUpperInvariant()}:{SchemaText.List(columns).ToLowerInvariant()}", part.Name!);
            }
        }

        return named;
    }

    [GeneratedRegex(@"^CONSTRAINT\s+\S+\s+(?<kind>PRIMARY|UNIQUE|FOREIGN)(\s+KEY)?\s*\((?<columns>[^)]*)\)", RegexOptions.IgnoreCase)]
    private static partial Regex NamedKey();

    private static IReadOnlyList<SchemaCheck> Checks(string createTable) =>
        SqliteTableDefinition.Parse(createTable).Parts
            .SelectMany(SqliteTableDefinition.Checks)
            .Select(c => new SchemaCheck(c.Name, c.Expression))
            .ToList();

    private static IReadOnlyList<SchemaForeignKey> ForeignKeys(ISchemaCatalog catalog, string table) =>
        catalog.Query($"SELECT id, seq, \"table\" AS target, \"from\" AS source, \"to\" AS referenced, on_update, on_delete FROM pragma_foreign_key_list({table}) ORDER BY id, seq")
            .GroupBy(r => r.Number("id"))
            .Select(g => new SchemaForeignKey(
                null,
                g.Select(r => r.Text("source")).ToList(),
                g.First().Text("target"),
                g.All(r => r.TextOrNull("referenced") is not null) ? g.Select(r => r.Text("referenced")).ToList() : [],
                g.First().Text("on_delete"),
                g.First().Text("on_update")))
            .ToList();

    private static (IReadOnlyList<SchemaKey> Uniques, IReadOnlyList<SchemaIndex> Indexes) Indexes(
        ISchemaCatalog catalog, ISqlDialect dialect, string table, IReadOnlyDictionary<string, string> indexSql)
    {
        var uniques = new List<SchemaKey>();
        var indexes = new List<SchemaIndex>();
        foreach (var index in catalog.Query($"SELECT name, \"unique\", origin, partial FROM pragma_index_list({dialect.Literal(table)}) ORDER BY name"))
        {
            var name = index.Text("name");
            var parts = catalog.Query($"SELECT seqno, cid, name FROM pragma_index_info({dialect.Literal(name)}) ORDER BY seqno");
            var columns = parts.Any(p => p.Number("cid") < 0) ? [] : parts.Select(p => p.Text("name")).ToList();
            switch (index.Text("origin"))
            {
                case "u":
                    uniques.Add(new SchemaKey(null, columns));
                    break;
                case "c" when indexSql.TryGetValue(name, out var sql):
                    var where = index.Flag("partial") ? PartialWhere().Match(sql) : null;
                    indexes.Add(new SchemaIndex(name, columns, index.Flag("unique"), where is { Success: true } ? where.Groups[1].Value.Trim() : null, sql.Trim()));
                    break;
            }
        }

        return (uniques, indexes);
    }

    [GeneratedRegex(@"\)\s*WHERE\s+(.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex PartialWhere();
}
