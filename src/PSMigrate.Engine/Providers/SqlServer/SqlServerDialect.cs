using System.Globalization;
using PSMigrate.Engine.Revisions;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers.SqlServer;

internal sealed class SqlServerDialect : ISqlDialect
{
    public string NowExpression => "SYSDATETIMEOFFSET()";

    // sysname: 128 characters.
    public int MaxIdentifierLength => 128;

    public int IdentifierLength(string name) => name.Length;

    // XACT_ABORT makes any runtime error roll the open transaction back, live and in scripts.
    // The SET options are the ones SQL Server requires for filtered indexes, indexed views and
    // computed columns (sqlcmd starts with QUOTED_IDENTIFIER OFF; procedures keep what they were
    // created with).
    public IReadOnlyList<string> SessionSetup(SessionOptions options) =>
    [
        "SET XACT_ABORT ON;",
        $"SET LOCK_TIMEOUT {(options.LockWaitTimeoutSeconds == 0 ? -1 : options.LockWaitTimeoutSeconds * 1000)};",
        "SET ANSI_NULLS, ANSI_PADDING, ANSI_WARNINGS, ARITHABORT, CONCAT_NULL_YIELDS_NULL, QUOTED_IDENTIFIER ON;",
        "SET NUMERIC_ROUNDABORT OFF;",
    ];

    public RevisionFrame Frame => RevisionFrame.None;

    public string CurrentSchemaQuery => "SELECT SCHEMA_NAME()";

    public ScriptFormat Script { get; } = new SqlServerScriptFormat();

    public string QuoteIdentifier(string name) => "[" + name.Replace("]", "]]", StringComparison.Ordinal) + "]";

    public string TableName(string? schema, string table) =>
        schema is null ? QuoteIdentifier(table) : QuoteIdentifier(schema) + "." + QuoteIdentifier(table);

    public string Literal(string? value) =>
        value is null ? "NULL" : "N'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public string Literal(DateTimeOffset value) =>
        "CAST(" + Literal(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture)) + " AS DATETIMEOFFSET(7))";

    public IReadOnlyList<SqlStatement> Split(SqlSection section, string path) => SqlServerBatchSplitter.Split(section);

    public IReadOnlyList<string> CreateVersionTables(VersionTables tables)
    {
        var statements = new List<string>();
        if (tables.Schema is { } schema)
        {
            statements.Add($"IF SCHEMA_ID({Literal(schema)}) IS NULL EXEC(N'CREATE SCHEMA {QuoteIdentifier(schema).Replace("'", "''", StringComparison.Ordinal)}');");
        }

        var version = TableName(tables.Schema, tables.VersionTable);
        var history = TableName(tables.Schema, tables.HistoryTable);
        statements.Add($"IF OBJECT_ID({Literal(version)}, N'U') IS NULL CREATE TABLE {version} (" +
                       $"version_num NVARCHAR(32) COLLATE Latin1_General_BIN2 NOT NULL CONSTRAINT {QuoteIdentifier(tables.VersionTable + "_pkc")} PRIMARY KEY);");
        statements.Add($"IF OBJECT_ID({Literal(history)}, N'U') IS NULL CREATE TABLE {history} (" +
                       "id BIGINT IDENTITY(1, 1) NOT NULL PRIMARY KEY, revision NVARCHAR(32) COLLATE Latin1_General_BIN2 NOT NULL, direction NVARCHAR(10) NOT NULL, " +
                       "message NVARCHAR(MAX) NULL, checksum NVARCHAR(64) NULL, applied_at DATETIMEOFFSET(7) NOT NULL, duration_ms BIGINT NULL, " +
                       "applied_by NVARCHAR(256) NULL, host NVARCHAR(256) NULL, outcome NVARCHAR(16) NULL, detail NVARCHAR(MAX) NULL);");
        return statements;
    }

    public string HistoryColumnsQuery(VersionTables tables) =>
        $"SELECT name FROM sys.columns WHERE object_id = OBJECT_ID({Literal(TableName(tables.Schema, tables.HistoryTable))}, N'U')";

    public string AddHistoryColumn(VersionTables tables, string column) =>
        $"ALTER TABLE {TableName(tables.Schema, tables.HistoryTable)} ADD {column} {(column == "outcome" ? "NVARCHAR(16)" : "NVARCHAR(MAX)")} NULL";

    public string TableExistsQuery(VersionTables tables, string table) =>
        $"SELECT 1 WHERE OBJECT_ID({Literal(TableName(tables.Schema, table))}, N'U') IS NOT NULL";

    private sealed class SqlServerScriptFormat : ScriptFormat
    {
        // sqlcmd: -b stops at the first failing batch; -x leaves '$(' in data alone instead of
        // substituting a variable. Other clients run every batch, so each one is guarded.
        public override IReadOnlyList<string> Preamble =>
        [
            "-- Run with: sqlcmd -b -x -i <file>   (or Invoke-Sqlcmd -InputFile <file> -AbortOnError -DisableVariables)",
            "-- -b stops at the first error; -x keeps '$(' in the data as written. Run anywhere else (SSMS, Azure Data Studio),",
            "-- a failed batch still stops the script: the guard after it turns on NOEXEC, so nothing after it runs and no version row is written.",
        ];

        public override string? Guard(bool inTransaction) => inTransaction
            ? "IF @@ERROR <> 0 OR XACT_STATE() <> 1\nBEGIN\n    IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;\n    RAISERROR(N'" + Stopped + "', 16, 1);\n    SET NOEXEC ON;\nEND\nGO"
            : "IF @@ERROR <> 0\nBEGIN\n    RAISERROR(N'" + Stopped + "', 16, 1);\n    SET NOEXEC ON;\nEND\nGO";

        private const string Stopped =
            "PSMigrate: the batch above failed, so this script stops here: nothing after it runs and no version row is written. Run SET NOEXEC OFF before using this session again.";

        public override string Begin => "BEGIN TRANSACTION;\nGO";

        public override string Commit => "COMMIT TRANSACTION;\nGO";

        // A batch per statement; 'GO n' is written out as n batches (only sqlcmd and SSMS understand the count).
        public override string Statement(string sql) => sql + "\nGO";
    }
}
