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

    private static int TriggerDepth(IReadOnlyList<string> words, string word)
    {
        var isTrigger = words.Count > 1 && words[0] == "CREATE" &&
                        (words[1] == "TRIGGER" || (words.Count > 2 && words[2] == "TRIGGER"));
        return !isTrigger ? 0 : word switch
        {
            "BEGIN" or "CASE" => 1,
            "END" => -1,
            _ => 0,
        };
    }
}
