using PSMigrate.Engine.Operations;
using PSMigrate.Engine.Schema;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers.PostgreSql;

/// <summary>
/// A PostgreSQL schema from pg_catalog, for the configured schema only. Types come from
/// format_type, defaults, checks and predicates from pg_get_expr, indexes from pg_get_indexdef
/// and views from pg_get_viewdef: the server's own normalised text. A serial column (a default
/// taking the next value of a sequence the column owns) and an identity column are both the
/// identity. Indexes that belong to a primary key, unique or exclusion constraint are the
/// constraint's, not listed again.
/// </summary>
internal static class PostgreSqlSchemaReader
{
    public static DatabaseSchema Read(ISchemaCatalog catalog, VersionTables tables, ISqlDialect dialect)
    {
        var schema = dialect.Literal(tables.Schema ?? "public");
        var names = StringComparer.Ordinal;
        var relations = $"SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = {schema} AND c.relkind IN ('r', 'p') AND NOT c.relispartition";
        var tableNames = catalog.Query($"SELECT c.oid, c.relname FROM pg_class c WHERE c.oid IN ({relations}) ORDER BY c.relname")
            .Where(r => !SchemaRows.IsEngineTable(r.Text("relname"), tables, names))
            .ToDictionary(r => r.Text("oid"), r => r.Text("relname"));

        var columns = catalog.Query(
                "SELECT a.attrelid, a.attname, a.attnum, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable, " +
                "pg_get_expr(d.adbin, d.adrelid) AS dflt, a.attidentity <> '' OR (pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%' AND " +
                "pg_get_serial_sequence(a.attrelid::regclass::text, a.attname) IS NOT NULL) AS identity " +
                "FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum " +
                $"WHERE a.attrelid IN ({relations}) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum")
            .ToLookup(r => r.Text("attrelid"));

        var constraints = catalog.Query(
                "SELECT con.conrelid, con.conname, con.contype, rn.nspname AS refschema, ref.relname AS reftable, con.confdeltype, con.confupdtype, " +
                "pg_get_expr(con.conbin, con.conrelid) AS expression, " +
                $"{ColumnNames("con.conkey", "con.conrelid")} AS columns, {ColumnNames("con.confkey", "con.confrelid")} AS refcolumns " +
                "FROM pg_constraint con LEFT JOIN pg_class ref ON ref.oid = con.confrelid LEFT JOIN pg_namespace rn ON rn.oid = ref.relnamespace " +
                $"WHERE con.conrelid IN ({relations}) AND con.contype IN ('p', 'u', 'c', 'f') ORDER BY con.conname")
            .ToLookup(r => r.Text("conrelid"));

        var indexes = catalog.Query(
                "SELECT ix.indrelid, i.relname, ix.indisunique, ix.indexprs IS NOT NULL AS is_expression, " +
                "pg_get_expr(ix.indpred, ix.indrelid) AS predicate, " +
                $"replace(pg_get_indexdef(ix.indexrelid), ' ON ' || quote_ident({schema}) || '.', ' ON ') AS definition, " +
                $"{ColumnNames("ix.indkey::int2[]", "ix.indrelid")} AS columns " +
                "FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid " +
                $"WHERE ix.indrelid IN ({relations}) AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid AND con.contype IN ('p', 'u', 'x')) " +
                "ORDER BY i.relname")
            .ToLookup(r => r.Text("indrelid"));

        var ownSchema = tables.Schema ?? "public";
        var result = tableNames.Select(t =>
        {
            var own = constraints[t.Key].ToList();
            var primary = own.FirstOrDefault(c => c.Text("contype") == "p");
            return new SchemaTable(
                t.Value,
                columns[t.Key].Select(c =>
                {
                    var identity = c.Flag("identity");
                    return new SchemaColumn(c.Text("attname"), c.Text("type"), c.Flag("nullable"), identity ? null : c.TextOrNull("dflt"), identity, (int)c.Number("attnum"));
                }).Select((c, i) => c with { Position = i + 1 }).ToList(),
                primary is null ? null : new SchemaKey(primary.Text("conname"), primary.Names("columns")),
                own.Where(c => c.Text("contype") == "u").Select(c => new SchemaKey(c.Text("conname"), c.Names("columns"))).ToList(),
                own.Where(c => c.Text("contype") == "c").Select(c => new SchemaCheck(c.Text("conname"), c.Text("expression"))).ToList(),
                own.Where(c => c.Text("contype") == "f").Select(c => new SchemaForeignKey(
                    c.Text("conname"),
                    c.Names("columns"),
                    c.Text("refschema") == ownSchema ? c.Text("reftable") : $"{c.Text("refschema")}.{c.Text("reftable")}",
                    c.Names("refcolumns"),
                    Action(c.Text("confdeltype")),
                    Action(c.Text("confupdtype")))).ToList(),
                indexes[t.Key].Select(i => new SchemaIndex(
                    i.Text("relname"),
                    i.Flag("is_expression") ? [] : i.Names("columns"),
                    i.Flag("indisunique"),
                    i.TextOrNull("predicate"),
                    i.Text("definition"))).ToList());
        }).ToList();

        var views = catalog.Query(
                $"SELECT c.relname, pg_get_viewdef(c.oid, true) AS definition FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = {schema} AND c.relkind = 'v' ORDER BY c.relname")
            .Select(v => new SchemaView(v.Text("relname"), v.Text("definition").Trim()))
            .ToList();
        return new DatabaseSchema(result, views, names);
    }

    /// <summary>The names of a key's columns, in the key's order, as a text array (expression positions, attnum 0, have none).</summary>
    private static string ColumnNames(string attnums, string relation) =>
        $"ARRAY(SELECT a.attname::text FROM unnest({attnums}) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = {relation} AND a.attnum = k.n ORDER BY k.i)";

    private static string Action(string code) => code switch
    {
        "r" => "RESTRICT",
        "c" => "CASCADE",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        _ => "NO ACTION",
    };
}
