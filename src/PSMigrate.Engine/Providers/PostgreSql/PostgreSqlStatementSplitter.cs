using System.Text.RegularExpressions;
using PSMigrate.Engine.Revisions;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers.PostgreSql;

/// <summary>
/// Cuts a section into statements as psql reads a file: $$ bodies, E'' strings, nested
/// comments, semicolons inside parentheses (a rule's action list) and BEGIN ATOMIC bodies stay
/// whole; 'COPY ... FROM STDIN;' takes the data lines after it up to '\.'. What psql would do
/// itself rather than send to the server is refused up front, except pg_dump's \restrict
/// markers, which are kept as skipped client commands.
/// </summary>
internal static partial class PostgreSqlStatementSplitter
{
    internal static readonly SqlLexerOptions Lexing = new("'\"", NestedBlockComments: true, DollarQuotes: true, EscapeStrings: true,
        ParenthesesHoldSemicolons: true, ClientCommandPrefix: '\\', ClientCommandAnywhere: true, CopyFromStdin: true);

    public static IReadOnlyList<SqlStatement> Split(SqlSection section, string path)
    {
        var statements = SqlLexer.SplitOnSemicolons(section.Text, section.FirstLine, Lexing, AtomicBodyDepth);
        foreach (var statement in statements)
        {
            if (statement.IsClientCommand)
            {
                if (!IsSafetyMarker(statement.Text))
                {
                    throw Refused(MigrationErrors.ClientCommand, path, statement,
                        $"'{CommandName(statement.Text)}' is a psql command, not SQL: the server cannot run it. Remove it, or put what it does in SQL " +
                        "(\\c: a revision works on one database; \\i: make the included file a revision; \\set: write the value in). Nothing ran.");
                }
            }
            else if (CopyToClient().IsMatch(statement.Text))
            {
                throw Refused(MigrationErrors.ClientCommand, path, statement,
                    "COPY ... TO STDOUT sends rows to the client, and a revision has nowhere to put them. Nothing ran.");
            }
            else if (ConformingStringsOff().IsMatch(statement.Text))
            {
                throw Refused(MigrationErrors.UnsupportedSessionSetting, path, statement,
                    "the revision turns standard_conforming_strings off, so a backslash in an ordinary '...' string would become an escape and " +
                    "later statements would be read differently from how PSMigrate splits them. Keep it on and write backslash escapes as E'...' strings. Nothing ran.");
            }
        }

        return statements;
    }

    /// <summary>pg_dump 17.6+ brackets its output with \restrict / \unrestrict, which only guard psql itself.</summary>
    public static bool IsSafetyMarker(string command) => CommandName(command) is "\\restrict" or "\\unrestrict";

    private static string CommandName(string command)
    {
        var space = command.IndexOfAny([' ', '\t']);
        return space < 0 ? command : command[..space];
    }

    private static MigrationException Refused(MigrationError error, string path, SqlStatement statement, string problem) =>
        new(error, $"{path}:{statement.Line}: {problem}", path) { FilePath = path, Line = statement.Line };

    // SQL-standard function bodies (BEGIN ATOMIC ... END) hold semicolons of their own.
    private static int AtomicBodyDepth(StatementWords words) =>
        words.Is(^1, "ATOMIC") && words.Is(^2, "BEGIN") ? 1
        : words.Is(^1, "CASE") && words.Contains("ATOMIC") ? 1
        : words.Is(^1, "END") && words.Contains("ATOMIC") ? -1
        : 0;

    [GeneratedRegex(@"^\s*COPY\b[\s\S]*\bTO\s+STDOUT\b", RegexOptions.IgnoreCase)]
    private static partial Regex CopyToClient();

    [GeneratedRegex(@"^\s*(SET\s+(SESSION\s+|LOCAL\s+)?standard_conforming_strings\s*(=|TO)\s*'?(off|false|0|no)'?\s*$|SELECT\s+(pg_catalog\.)?set_config\s*\(\s*'standard_conforming_strings'\s*,\s*'(off|false|0|no)')", RegexOptions.IgnoreCase)]
    private static partial Regex ConformingStringsOff();
}
