using System.Globalization;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Providers.SqlServer;

internal sealed class SqlServerDialect : ISqlDialect
{
    public string NowExpression => "SYSDATETIMEOFFSET()";

    public string BeginTransactionScript => "BEGIN TRANSACTION;\nGO";

    public string CommitScript => "COMMIT TRANSACTION;\nGO";

    // XACT_ABORT makes any runtime error roll the open transaction back; run the script with
    // 'sqlcmd -b' so it also stops at the first failing batch.
    public IReadOnlyList<string> ScriptPreamble => ["-- Run with: sqlcmd -b -i <file> (stop at the first error)", "SET XACT_ABORT ON;", "GO"];

    // 'GO n' is written out as n batches: only sqlcmd and SSMS understand the count.
    public string ScriptStatement(string sql, int repeat = 1) => string.Join('\n', Enumerable.Repeat(sql + "\nGO", repeat));

    public string QuoteIdentifier(string name) => "[" + name.Replace("]", "]]", StringComparison.Ordinal) + "]";

    public string TableName(string? schema, string table) =>
        schema is null ? QuoteIdentifier(table) : QuoteIdentifier(schema) + "." + QuoteIdentifier(table);

    public string Literal(string? value) =>
        value is null ? "NULL" : "N'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public string Literal(DateTimeOffset value) =>
        "CAST(" + Literal(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture)) + " AS DATETIMEOFFSET(7))";

    public IReadOnlyList<SqlStatement> Split(SqlSection section) => SqlServerBatchSplitter.Split(section);

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
                       $"version_num NVARCHAR(32) NOT NULL CONSTRAINT {QuoteIdentifier(tables.VersionTable + "_pkc")} PRIMARY KEY);");
        statements.Add($"IF OBJECT_ID({Literal(history)}, N'U') IS NULL CREATE TABLE {history} (" +
                       "id BIGINT IDENTITY(1, 1) NOT NULL PRIMARY KEY, revision NVARCHAR(32) NOT NULL, direction NVARCHAR(10) NOT NULL, " +
                       "message NVARCHAR(MAX) NULL, checksum NVARCHAR(64) NULL, applied_at DATETIMEOFFSET(7) NOT NULL, duration_ms BIGINT NULL, " +
                       "applied_by NVARCHAR(256) NULL, host NVARCHAR(256) NULL);");
        return statements;
    }

    public string TableExistsQuery(VersionTables tables, string table) =>
        $"SELECT 1 WHERE OBJECT_ID({Literal(TableName(tables.Schema, table))}, N'U') IS NOT NULL";
}
