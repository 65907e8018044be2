using PSMigrate.Engine.Revisions;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers.Sqlite;

/// <summary>
/// Cuts a section into statements at top-level semicolons, keeping the BEGIN ... END body of
/// a CREATE TRIGGER whole.
/// </summary>
internal static class SqliteStatementSplitter
{
    private static readonly SqlLexerOptions Options = new("'\"`[");

    public static IReadOnlyList<SqlStatement> Split(SqlSection section) =>
        SqlLexer.SplitOnSemicolons(section.Text, section.FirstLine, Options, TriggerDepth);

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
