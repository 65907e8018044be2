using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Providers;

/// <summary>The SQL text a database needs: quoting, statement splitting and the engine's own tables.</summary>
public interface ISqlDialect
{
    string QuoteIdentifier(string name);

    string TableName(string? schema, string table);

    string Literal(string? value);

    string Literal(DateTimeOffset value);

    /// <summary>An expression for 'now' in UTC, for rows written by an offline script when it runs.</summary>
    string NowExpression { get; }

    IReadOnlyList<SqlStatement> Split(SqlSection section);

    /// <summary>Statements that create the version and history tables when missing.</summary>
    IReadOnlyList<string> CreateVersionTables(VersionTables tables);

    /// <summary>A query returning one row per named table that exists.</summary>
    string TableExistsQuery(VersionTables tables, string table);

    string BeginTransactionScript { get; }

    string CommitScript { get; }

    /// <summary>A statement as an offline script writes it: with ';' or followed by a GO line.</summary>
    string ScriptStatement(string sql, int repeat = 1);

    /// <summary>Lines an offline script starts with, before anything else.</summary>
    IReadOnlyList<string> ScriptPreamble { get; }
}
