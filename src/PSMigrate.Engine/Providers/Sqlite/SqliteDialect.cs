using System.Globalization;
using PSMigrate.Engine.Revisions;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers.Sqlite;

internal sealed class SqliteDialect : ISqlDialect
{
    public string NowExpression => "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

    // SQLite keeps names of any length.
    public int MaxIdentifierLength => int.MaxValue;

    public int IdentifierLength(string name) => name.Length;

    public string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    // The schema of a SQLite name is an attached database: 'main', 'temp' or one the revision attached.
    public string TableName(string? schema, string table) =>
        schema is null ? QuoteIdentifier(table) : QuoteIdentifier(schema) + "." + QuoteIdentifier(table);

    public string Literal(string? value) =>
        value is null ? "NULL" : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    // yyyy-MM-ddTHH:mm:ss.fffZ from standard formats: a custom pattern would have every run
    // compile the framework's general date and number formatters for this one column.
    public string Literal(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        return Literal(string.Create(CultureInfo.InvariantCulture, $"{utc:s}.{utc.Millisecond:D3}Z"));
    }

    public IReadOnlyList<SqlStatement> Split(SqlSection section, string path) => SqliteStatementSplitter.Split(section, path);

    // The version table is its own primary key (WITHOUT ROWID) and history ids are plain rowids
    // (no AUTOINCREMENT, so no sqlite_sequence row to rewrite): a step writes only its own rows.
    public IReadOnlyList<string> CreateVersionTables(VersionTables tables) =>
    [
        $"CREATE TABLE IF NOT EXISTS {TableName(tables.Schema, tables.VersionTable)} (version_num VARCHAR(32) NOT NULL PRIMARY KEY) WITHOUT ROWID",
        $"CREATE TABLE IF NOT EXISTS {TableName(tables.Schema, tables.HistoryTable)} (" +
        "id INTEGER PRIMARY KEY, revision VARCHAR(32) NOT NULL, direction VARCHAR(10) NOT NULL, " +
        "message TEXT, checksum VARCHAR(64), applied_at VARCHAR(40) NOT NULL, duration_ms INTEGER, applied_by TEXT, host TEXT, outcome VARCHAR(16), detail TEXT)",
    ];

    public string HistoryColumnsQuery(VersionTables tables) =>
        $"SELECT name FROM pragma_table_info({Literal(tables.HistoryTable)}{(tables.Schema is null ? string.Empty : ", " + Literal(tables.Schema))})";

    public string AddHistoryColumn(VersionTables tables, string column) =>
        $"ALTER TABLE {TableName(tables.Schema, tables.HistoryTable)} ADD COLUMN {column} {(column == "outcome" ? "VARCHAR(16)" : "TEXT")}";

    public string TableExistsQuery(VersionTables tables, string table) =>
        $"SELECT name FROM {(tables.Schema is null ? string.Empty : QuoteIdentifier(tables.Schema) + ".")}sqlite_master WHERE type = 'table' AND name = {Literal(table)}";

    // SQLite's documented procedure for schema changes: foreign keys off for the revision (the
    // pragma is ignored inside a transaction, so it comes first), every foreign key checked
    // before commit, enforcement back on afterwards. A table rebuild then cannot cascade.
    public RevisionFrame Frame { get; } = new(
        ["PRAGMA foreign_keys = OFF"],
        "PRAGMA foreign_key_check",
        "CREATE TEMP TABLE IF NOT EXISTS psmigrate_foreign_key_check (violations INTEGER NOT NULL CHECK (violations = 0));\n" +
        "INSERT INTO temp.psmigrate_foreign_key_check SELECT count(*) FROM pragma_foreign_key_check",
        ["PRAGMA foreign_keys = ON"]);

    // Microsoft.Data.Sqlite's SQLite enforces foreign keys; the sqlite3 shell does not, so a
    // script says so at its top and behaves as the live run. busy_timeout bounds the wait for
    // another connection's write lock (live, the driver's own wait follows the command timeout).
    public IReadOnlyList<string> SessionSetup(SessionOptions options) =>
        ["PRAGMA foreign_keys = ON", $"PRAGMA busy_timeout = {options.LockWaitTimeoutSeconds * 1000}"];

    public string CurrentSchemaQuery => "SELECT 'main'";

    public ScriptFormat Script { get; } = new SqliteScriptFormat();

    private sealed class SqliteScriptFormat : ScriptFormat
    {
        // sqlite3 stops at the first failing statement only with .bail on.
        public override IReadOnlyList<string> Preamble => ["-- Run with: sqlite3 <database> < <file>", ".bail on"];

        public override string Begin => "BEGIN IMMEDIATE;";

        public override string Commit => "COMMIT;";

        public override string Statement(string sql) => sql + ";";

        // A TEMP table of the same name would otherwise come first.
        public override string? FixedSchema => "main";
    }
}
