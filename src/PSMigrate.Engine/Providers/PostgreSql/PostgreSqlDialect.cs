using System.Globalization;
using System.Text;
using PSMigrate.Engine.Revisions;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers.PostgreSql;

internal sealed class PostgreSqlDialect : ISqlDialect
{
    public string NowExpression => "clock_timestamp()";

    public (string StartedAt, string ElapsedMs)? TransactionClock =>
        ("transaction_timestamp()", "CAST(EXTRACT(EPOCH FROM clock_timestamp() - transaction_timestamp()) * 1000 AS bigint)");

    // NAMEDATALEN - 1: longer names are cut to 63 bytes without an error.
    public int MaxIdentifierLength => 63;

    public int IdentifierLength(string name) => Encoding.UTF8.GetByteCount(name);

    public string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public string TableName(string? schema, string table) =>
        schema is null ? QuoteIdentifier(table) : QuoteIdentifier(schema) + "." + QuoteIdentifier(table);

    public string Literal(string? value) =>
        value is null ? "NULL" : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public string Literal(DateTimeOffset value) =>
        Literal(value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff'+00'", CultureInfo.InvariantCulture)) + "::timestamptz";

    public IReadOnlyList<SqlStatement> Split(SqlSection section, string path) => PostgreSqlStatementSplitter.Split(section, path);

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
                       "message TEXT, checksum VARCHAR(64), applied_at TIMESTAMPTZ NOT NULL, duration_ms BIGINT, applied_by TEXT, host TEXT, outcome VARCHAR(16), detail TEXT)");
        return statements;
    }

    public string HistoryColumnsQuery(VersionTables tables) =>
        "SELECT column_name FROM information_schema.columns WHERE table_schema = " +
        (tables.Schema is null ? "current_schema()" : Literal(tables.Schema)) + " AND table_name = " + Literal(tables.HistoryTable);

    public string AddHistoryColumn(VersionTables tables, string column) =>
        $"ALTER TABLE {TableName(tables.Schema, tables.HistoryTable)} ADD COLUMN IF NOT EXISTS {column} {(column == "outcome" ? "VARCHAR(16)" : "TEXT")}";

    public string TableExistsQuery(VersionTables tables, string table) =>
        "SELECT 1 FROM information_schema.tables WHERE table_schema = " +
        (tables.Schema is null ? "current_schema()" : Literal(tables.Schema)) + " AND table_name = " + Literal(table);

    // A revision that needs a lock an application transaction holds gives up after this long,
    // instead of queueing every reader of that table behind it. The server times each statement
    // itself: its error names the statement that ran too long and leaves the connection usable,
    // where a client-side timeout knows neither (the server sends nothing back mid-batch).
    public IReadOnlyList<string> SessionSetup(SessionOptions options) => options.StatementTimeoutSeconds > 0
        ? [$"SET lock_timeout = '{options.LockWaitTimeoutSeconds}s'", $"SET statement_timeout = '{options.StatementTimeoutSeconds}s'"]
        : [$"SET lock_timeout = '{options.LockWaitTimeoutSeconds}s'"];

    public IReadOnlyList<string> SessionRestore(SessionOptions options) => SessionSetup(options);

    // SET, SET SESSION and set_config() name the setting; RESET ALL and DISCARD ALL drop every one.
    public bool MayChangeSession(string sql) =>
        sql.Contains("statement_timeout", StringComparison.OrdinalIgnoreCase) || sql.Contains("lock_timeout", StringComparison.OrdinalIgnoreCase) ||
        sql.Contains("RESET", StringComparison.OrdinalIgnoreCase) || sql.Contains("DISCARD", StringComparison.OrdinalIgnoreCase);

    public RevisionFrame Frame => RevisionFrame.None;

    public string CurrentSchemaQuery => "SELECT current_schema()";

    public ScriptFormat Script { get; } = new PostgreSqlScriptFormat();

    private sealed class PostgreSqlScriptFormat : ScriptFormat
    {
        public override IReadOnlyList<string> Preamble => ["-- Run with: psql -X -f <file> (it stops at the first error)", "\\set ON_ERROR_STOP on"];

        public override string Begin => "BEGIN;";

        public override string Commit => "COMMIT;";

        public override string Statement(string sql) => sql + ";";

        // psql variables: \gset stores the value without printing it; set_config(..., true) lasts
        // until the transaction ends, so the revision's own setting is back for the next one.
        public override IReadOnlyList<string> RememberSchema =>
            ["SELECT current_setting('search_path') AS psmigrate_search_path \\gset"];

        public override IReadOnlyList<string> RestoreSchema =>
            ["SELECT set_config('search_path', :'psmigrate_search_path', true) AS psmigrate_search_path_restored \\gset"];
    }
}
