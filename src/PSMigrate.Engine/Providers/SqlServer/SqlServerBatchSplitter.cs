using System.Globalization;
using PSMigrate.Engine.Revisions;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers.SqlServer;

/// <summary>
/// Cuts a T-SQL section into batches at 'GO' lines (and runs a batch n times for 'GO n'), as
/// sqlcmd and SSMS do; a GO inside a string or comment is text, not a separator.
/// </summary>
internal static class SqlServerBatchSplitter
{
    internal static readonly SqlLexerOptions Lexing = new("'\"[", NestedBlockComments: true);

    public static IReadOnlyList<SqlStatement> Split(SqlSection section)
    {
        var text = section.Text;
        var batches = new List<SqlStatement>();
        var lineTokens = new List<SqlToken>();
        SqlToken? first = null;
        var lastEnd = 0;

        void Add(int repeat)
        {
            if (first is { } begin)
            {
                batches.Add(new SqlStatement(text[begin.Start..lastEnd], begin.Line, repeat, SqlLexer.ColumnOf(text, begin.Start)));
            }

            first = null;
        }

        // A batch runs from its first token to its last: comments before a GO belong to no batch.
        void EndOfLine()
        {
            if (IsGo(text, lineTokens, out var repeat))
            {
                Add(repeat);
            }
            else if (lineTokens.Count > 0)
            {
                first ??= lineTokens[0];
                lastEnd = lineTokens[^1].End;
            }

            lineTokens.Clear();
        }

        foreach (var token in SqlLexer.Tokens(text, section.FirstLine, Lexing))
        {
            if (token.Kind == SqlTokenKind.Newline)
            {
                EndOfLine();
            }
            else
            {
                lineTokens.Add(token);
            }
        }

        EndOfLine();
        Add(1);
        return batches;
    }

    private static bool IsGo(string text, List<SqlToken> tokens, out int repeat)
    {
        repeat = 1;
        if (tokens.Count is 0 or > 2 || tokens[0].Kind != SqlTokenKind.Word ||
            !text[tokens[0].Start..tokens[0].End].Equals("GO", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return tokens.Count == 1 ||
               (tokens[1].Kind == SqlTokenKind.Word &&
                int.TryParse(text[tokens[1].Start..tokens[1].End], NumberStyles.None, CultureInfo.InvariantCulture, out repeat) && repeat > 0);
    }
}
