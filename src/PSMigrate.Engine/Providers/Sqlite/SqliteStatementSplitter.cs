using System.Text;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Providers.Sqlite;

/// <summary>
/// Cuts a section into statements at top-level semicolons, skipping those inside quotes,
/// comments and the BEGIN ... END body of a CREATE TRIGGER.
/// </summary>
internal static class SqliteStatementSplitter
{
    public static IReadOnlyList<SqlStatement> Split(SqlSection section)
    {
        var text = section.Text;
        var statements = new List<SqlStatement>();
        var line = section.FirstLine;
        var start = -1;
        var startLine = line;
        var words = new List<string>();
        var depth = 0;
        var i = 0;

        void Finish(int end)
        {
            if (start >= 0)
            {
                statements.Add(new SqlStatement(text[start..end].Trim(), startLine));
            }

            start = -1;
            words.Clear();
            depth = 0;
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                i++;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '-' && Next(text, i) == '-')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            if (c == '/' && Next(text, i) == '*')
            {
                var close = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                var end = close < 0 ? text.Length : close + 2;
                line += Count(text, i, end);
                i = end;
                continue;
            }

            if (start < 0)
            {
                start = i;
                startLine = line;
            }

            if (c is '\'' or '"' or '`' or '[')
            {
                var closing = c == '[' ? ']' : c;
                var end = i + 1;
                while (end < text.Length)
                {
                    if (text[end] == closing)
                    {
                        if (closing != ']' && Next(text, end) == closing)
                        {
                            end += 2;
                            continue;
                        }

                        break;
                    }

                    end++;
                }

                end = Math.Min(end + 1, text.Length);
                line += Count(text, i, end);
                i = end;
                continue;
            }

            if (c == ';')
            {
                if (depth == 0)
                {
                    Finish(i);
                }

                i++;
                continue;
            }

            if (char.IsLetter(c) || c == '_')
            {
                var end = i;
                while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
                {
                    end++;
                }

                var word = text[i..end].ToUpperInvariant();
                words.Add(word);
                if (IsTrigger(words))
                {
                    depth += word switch
                    {
                        "BEGIN" or "CASE" => 1,
                        "END" => -1,
                        _ => 0,
                    };
                }

                i = end;
                continue;
            }

            i++;
        }

        Finish(text.Length);
        return statements;
    }

    private static bool IsTrigger(List<string> words) =>
        words.Count > 1 && words[0] == "CREATE" && (words[1] == "TRIGGER" || (words.Count > 2 && words[2] == "TRIGGER"));

    private static char Next(string text, int i) => i + 1 < text.Length ? text[i + 1] : '\0';

    private static int Count(string text, int from, int to)
    {
        var count = 0;
        for (var i = from; i < to; i++)
        {
            if (text[i] == '\n')
            {
                count++;
            }
        }

        return count;
    }
}
