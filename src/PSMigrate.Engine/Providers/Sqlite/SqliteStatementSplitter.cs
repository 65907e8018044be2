using PSMigrate.Engine.Revisions;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers.Sqlite;

/// <summary>
/// Cuts a section into statements at top-level semicolons, keeping the BEGIN ... END body of
/// a CREATE TRIGGER whole.
/// </summary>
internal static class SqliteStatementSplitter
{
    // sqlite3 reads a line starting with '.' between statements as one of its own commands.
    internal static readonly SqlLexerOptions Options = new("'\"`[", ClientCommandPrefix: '.');

    public static IReadOnlyList<SqlStatement> Split(SqlSection section, string path)
    {
        var statements = SqlLexer.SplitOnSemicolons(section.Text, section.FirstLine, Options, TriggerDepth);
        if (statements.FirstOrDefault(s => s.IsClientCommand) is { } command)
        {
            throw new MigrationException(MigrationErrors.ClientCommand,
                $"{path}:{command.Line}: '{command.Text.Split(' ', 2)[0]}' is a sqlite3 command, not SQL: the database cannot run it. Remove it, or write what it does in SQL. Nothing ran.",
                path) { FilePath = path, Line = command.Line };
        }

        return statements;
    }

    /// <summary>Inside CREATE [TEMP] TRIGGER, the word just read opens (BEGIN, CASE) or closes (END) a block whose semicolons do not end the statement.</summary>
    private static int TriggerDepth(StatementWords words)
    {
        var isTrigger = words.Is(0, "CREATE") && (words.Is(1, "TRIGGER") || words.Is(2, "TRIGGER"));
        return !isTrigger ? 0 : words.Is(^1, "BEGIN") || words.Is(^1, "CASE") ? 1 : words.Is(^1, "END") ? -1 : 0;
    }
}
