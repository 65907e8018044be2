using System.Globalization;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Providers.PostgreSql;

internal sealed class PostgreSqlDialect : ISqlDialect
{
    // $$ bodies, E'' strings with backslash escapes, and nested block comments are PostgreSQL's.
    private static readonly SqlLexerOptions Lexing = new("'\"", NestedBlockComments: true, DollarQuotes: true, EscapeStrings: true);

    public string NowExpression => "clock_timestamp()";

    public string BeginTransactionScript => "BEGIN;";

    public string CommitScript => "COMMIT;";

    public IReadOnlyList<string> ScriptPreamble => ["\\set ON_ERROR_STOP on"];

    public string ScriptStatement(string sql, int repeat = 1) => sql + ";";

    public string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public string TableName(string? schema, string table) =>
        schema is null ? QuoteIdentifier(table) : QuoteIdentifier(schema) + "." + QuoteIdentifier(table);

    public string Literal(string? value) =>
        value is null ? "NULL" : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public string Literal(DateTimeOffset value) =>
        Literal(value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff'+00'", CultureInfo.InvariantCulture)) + "::timestamptz";

    public IReadOnlyList<SqlStatement> Split(SqlSection section) =>
        SqlLexer.SplitOnSemicolons(section.Text, section.FirstLine, Lexing, AtomicBodyDepth);

    public IReadOnlyList<string> CreateVersionTables(VersionTables tables)
    {
        var statements = new List<string>();
        if (tables.Schema is { } schema)
        {
            statements.Add($"CREATE SCHEMA IF NOT EXISTS {QuoteIdentifier(schema)}");
        }

        statements.Add($"CREATE TABLE IF NOT EXISTS {TableName(tables.Schema, tables.VersionTable)} (" +
                       $"version_num VARCHAR(32) NOT NULL, CONSTRAINT {QuoteIdentifier(tables.VersionTable + "_pkc")} PRIMARY KEY (version_num))");
        statements.Add($"CREATE TABLE IF NOT EXISTS {TableName(tables.Schema, tables.HistoryTable)} (" +
                       "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, revision VARCHAR(32) NOT NULL, direction VARCHAR(10) NOT NULL, " +
                       "message TEXT, checksum VARCHAR(64), applied_at TIMESTAMPTZ NOT NULL, duration_ms BIGINT, applied_by TEXT, host TEXT)");
        return statements;
    }

    public string TableExistsQuery(VersionTables tables, string table) =>
        "SELECT 1 FROM information_schema.tables WHERE table_schema = " +
        (tables.Schema is null ? "current_schema()" : Literal(tables.Schema)) + " AND table_name = " + Literal(table);

    // SQL-standard function bodies (BEGIN ATOMIC ... END) hold semicolons of their own.
    private static int AtomicBodyDepth(IReadOnlyList<string> words, string word) => word switch
    {
        "ATOMIC" when words.Count > 1 && words[^2] == "BEGIN" => 1,
        "CASE" when words.Contains("ATOMIC") => 1,
        "END" when words.Contains("ATOMIC") => -1,
        _ => 0,
    };
}
