using System.Globalization;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Providers.SqlServer;

/// <summary>
/// Cuts a T-SQL section into batches at 'GO' lines (and runs a batch n times for 'GO n'), as
/// sqlcmd and SSMS do; a GO inside a string or comment is text, not a separator.
/// </summary>
internal static class SqlServerBatchSplitter
{
    private static readonly SqlLexerOptions Lexing = new("'\"[", NestedBlockComments: true);

    public static IReadOnlyList<SqlStatement> Split(SqlSection section)
    {
        var text = section.Text;
        var batches = new List<SqlStatement>();
        var lineTokens = new List<SqlToken>();
        SqlToken? first = null;
        var batchEnd = 0;

        void EndOfLine(int lineEnd)
        {
            if (IsGo(text, lineTokens, out var repeat, out var goStart))
            {
                if (first is { } begin && begin.Start < goStart)
                {
                    batches.Add(new SqlStatement(text[begin.Start..goStart].Trim(), begin.Line, repeat));
                }

                first = null;
            }
            else if (lineTokens.Count > 0)
            {
                first ??= lineTokens[0];
                batchEnd = lineEnd;
            }

            lineTokens.Clear();
        }

        foreach (var token in SqlLexer.Tokens(text, section.FirstLine, Lexing))
        {
            if (token.Kind == SqlTokenKind.Newline)
            {
                EndOfLine(token.Start);
            }
            else
            {
                lineTokens.Add(token);
            }
        }

        EndOfLine(text.Length);
        if (first is { } last)
        {
            batches.Add(new SqlStatement(text[last.Start..Math.Max(batchEnd, last.End)].Trim(), last.Line));
        }

        return batches;
    }

    private static bool IsGo(string text, List<SqlToken> tokens, out int repeat, out int goStart)
    {
        repeat = 1;
        goStart = tokens.Count > 0 ? tokens[0].Start : 0;
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
