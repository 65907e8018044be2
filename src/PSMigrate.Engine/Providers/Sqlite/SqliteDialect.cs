using System.Globalization;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Providers.Sqlite;

internal sealed class SqliteDialect : ISqlDialect
{
    public string NowExpression => "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

    public string BeginTransactionScript => "BEGIN IMMEDIATE;";

    public string CommitScript => "COMMIT;";

    public IReadOnlyList<string> ScriptPreamble => [];

    public string ScriptStatement(string sql, int repeat = 1) => sql + ";";

    public string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    // SQLite has no schemas for our purpose; an attached database name would go here, and we never use one.
    public string TableName(string? schema, string table) => QuoteIdentifier(table);

    public string Literal(string? value) =>
        value is null ? "NULL" : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public string Literal(DateTimeOffset value) =>
        Literal(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    public IReadOnlyList<SqlStatement> Split(SqlSection section) => SqliteStatementSplitter.Split(section);

    public IReadOnlyList<string> CreateVersionTables(VersionTables tables) =>
    [
        $"CREATE TABLE IF NOT EXISTS {TableName(null, tables.VersionTable)} (version_num VARCHAR(32) NOT NULL PRIMARY KEY)",
        $"CREATE TABLE IF NOT EXISTS {TableName(null, tables.HistoryTable)} (" +
        "id INTEGER PRIMARY KEY AUTOINCREMENT, revision VARCHAR(32) NOT NULL, direction VARCHAR(10) NOT NULL, " +
        "message TEXT, checksum VARCHAR(64), applied_at VARCHAR(40) NOT NULL, duration_ms INTEGER, applied_by TEXT, host TEXT)",
    ];

    public string TableExistsQuery(VersionTables tables, string table) =>
        $"SELECT name FROM sqlite_master WHERE type = 'table' AND name = {Literal(table)}";
}
