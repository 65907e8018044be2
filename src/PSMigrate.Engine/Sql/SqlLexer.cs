namespace PSMigrate.Engine.Sql;

internal enum SqlTokenKind
{
    Word,
    Semicolon,
    Newline,
    Other,
}

/// <summary>A piece of SQL outside comments; quoted text is one Other token.</summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, int Start, int End, int Line);

/// <summary>
/// The lexical rules a dialect's statement splitter needs; each provider folder builds its own.
/// </summary>
/// <param name="ClientCommandPrefix">
/// The character that starts a command of the database's own client rather than SQL (psql's
/// backslash, sqlite3's dot): such a command runs to the end of its line.
/// </param>
/// <param name="ClientCommandAnywhere">Whether the prefix starts a client command anywhere outside quotes (psql), or only at the start of a line between statements (sqlite3).</param>
/// <param name="CopyFromStdin">Whether 'COPY ... FROM STDIN;' is followed by data lines up to a line '\.', as psql reads them.</param>
internal sealed record SqlLexerOptions(
    string Quotes,
    bool NestedBlockComments = false,
    bool DollarQuotes = false,
    bool EscapeStrings = false,
    bool ParenthesesHoldSemicolons = false,
    char? ClientCommandPrefix = null,
    bool ClientCommandAnywhere = false,
    bool CopyFromStdin = false);

/// <summary>
/// Walks SQL text skipping comments and quoted text, so splitters only ever see real
/// semicolons, words and line breaks, each with the file line it is on.
/// </summary>
internal static class SqlLexer
{
    public static IEnumerable<SqlToken> Tokens(string text, int firstLine, SqlLexerOptions options, int startIndex = 0)
    {
        var line = firstLine;
        var i = startIndex;
        while (i < text.Length)
        {
            var c = text[i];
            var start = i;
            var startLine = line;
            if (c == '\n')
            {
                i++;
                line++;
                yield return new SqlToken(SqlTokenKind.Newline, start, i, startLine);
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '-' && At(text, i + 1) == '-')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            if (c == '/' && At(text, i + 1) == '*')
            {
                i = SkipBlockComment(text, i, options.NestedBlockComments, ref line);
                continue;
            }

            if (c == ';')
            {
                i++;
                yield return new SqlToken(SqlTokenKind.Semicolon, start, i, startLine);
                continue;
            }

            if (options.EscapeStrings && (c is 'E' or 'e') && At(text, i + 1) == '\'')
            {
                i = SkipQuoted(text, i + 1, '\'', backslashEscapes: true, ref line);
                yield return new SqlToken(SqlTokenKind.Other, start, i, startLine);
                continue;
            }

            if (options.DollarQuotes && c == '$' && DollarTag(text, i) is { } tag)
            {
                var close = text.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                i = close < 0 ? text.Length : close + tag.Length;
                line += CountNewlines(text, start, i);
                yield return new SqlToken(SqlTokenKind.Other, start, i, startLine);
                continue;
            }

            if (options.Quotes.Contains(c))
            {
                i = SkipQuoted(text, i, c == '[' ? ']' : c, backslashEscapes: false, ref line);
                yield return new SqlToken(SqlTokenKind.Other, start, i, startLine);
                continue;
            }

            if (char.IsLetterOrDigit(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '$'))
                {
                    i++;
                }

                yield return new SqlToken(SqlTokenKind.Word, start, i, startLine);
                continue;
            }

            i++;
            yield return new SqlToken(SqlTokenKind.Other, start, i, startLine);
        }
    }

    /// <summary>The 1-based column of a character index in the text.</summary>
    public static int ColumnOf(string text, int index) => index - (index == 0 ? -1 : text.LastIndexOf('\n', index - 1));

    private static char At(string text, int i) => i < text.Length ? text[i] : '\0';

    private static int SkipQuoted(string text, int open, char close, bool backslashEscapes, ref int line)
    {
        var i = open + 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
            }
            else if (backslashEscapes && c == '\\')
            {
                i++;
            }
            else if (c == close)
            {
                if (At(text, i + 1) == close)
                {
                    i++;
                }
                else
                {
                    return i + 1;
                }
            }

            i++;
        }

        return text.Length;
    }

    private static int SkipBlockComment(string text, int open, bool nested, ref int line)
    {
        var depth = 0;
        var i = open;
        while (i < text.Length)
        {
            if (text[i] == '/' && At(text, i + 1) == '*' && (nested || depth == 0))
            {
                depth++;
                i += 2;
            }
            else if (text[i] == '*' && At(text, i + 1) == '/')
            {
                depth--;
                i += 2;
                if (depth == 0)
                {
                    return i;
                }
            }
            else
            {
                if (text[i] == '\n')
                {
                    line++;
                }

                i++;
            }
        }

        return text.Length;
    }

    private static bool IsClientCommand(string text, SqlToken token, SqlLexerOptions options, bool betweenStatements) =>
        options.ClientCommandPrefix is { } prefix && token.Kind == SqlTokenKind.Other && text[token.Start] == prefix &&
        (options.ClientCommandAnywhere || (betweenStatements && FirstOnItsLine(text, token.Start)));

    private static bool FirstOnItsLine(string text, int index)
    {
        var start = index == 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;
        return text.AsSpan(start, index - start).IsWhiteSpace();
    }

    private static bool IsCopyFromStdin(StatementWords words)
    {
        if (words.Count < 3 || !words.Is(0, "COPY"))
        {
            return false;
        }

        var from = words.IndexOf("FROM");
        return from > 0 && words.Is(from + 1, "STDIN");
    }

    /// <summary>
    /// The data after 'COPY ... FROM STDIN;': from the next line up to a line that is '\.' (or
    /// the end of the text), where splitting resumes, and how many lines it spans.
    /// </summary>
    private static (string Data, int Resume, int Lines) CopyData(string text, int afterSemicolon)
    {
        var start = text.IndexOf('\n', afterSemicolon);
        if (start < 0)
        {
            return (string.Empty, text.Length, 0);
        }

        start++;
        var lineStart = start;
        while (lineStart < text.Length)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            var end = lineEnd < 0 ? text.Length : lineEnd;
            if (text.AsSpan(lineStart, end - lineStart).TrimEnd('\r').SequenceEqual("\\."))
            {
                return (text[start..lineStart], end, CountNewlines(text, afterSemicolon, end));
            }

            if (lineEnd < 0)
            {
                break;
            }

            lineStart = lineEnd + 1;
        }

        return (text[start..], text.Length, CountNewlines(text, afterSemicolon, text.Length));
    }

    /// <summary>'$$' or '$tag$' opening a dollar-quoted string, or null.</summary>
    private static string? DollarTag(string text, int i)
    {
        var end = i + 1;
        while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        return end < text.Length && text[end] == '$' && !(end > i + 1 && char.IsDigit(text[i + 1])) ? text[i..(end + 1)] : null;
    }

    private static int CountNewlines(string text, int from, int to)
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

    /// <summary>
    /// Statements ended by top-level semicolons; <paramref name="depthChange"/> lets a dialect
    /// keep semicolons inside bodies such as a trigger's BEGIN ... END. A statement's text runs
    /// from its first token to its last: comments after it belong to no statement, so a
    /// script that appends ';' never puts the semicolon inside a trailing comment.
    /// </summary>
    public static List<SqlStatement> SplitOnSemicolons(
        string text, int firstLine, SqlLexerOptions options, Func<StatementWords, int>? depthChange = null)
    {
        var statements = new List<SqlStatement>();
        var words = new StatementWords(text);
        SqlToken? first = null;
        var lastEnd = 0;
        var depth = 0;
        var parentheses = 0;
        var position = 0;
        var line = firstLine;

        // After a client command or a COPY data block the tokens start again past it.
        var restart = true;
        while (restart)
        {
            restart = false;
            foreach (var token in Tokens(text, line, options, position))
            {
                if (token.Kind == SqlTokenKind.Newline)
                {
                    continue;
                }

                if (IsClientCommand(text, token, options, first is null))
                {
                    var end = text.IndexOf('\n', token.Start);
                    end = end < 0 ? text.Length : end;
                    statements.Add(new SqlStatement(text[token.Start..end].TrimEnd(), token.Line, Column: ColumnOf(text, token.Start)) { IsClientCommand = true });
                    (position, line, restart) = (end, token.Line, true);
                    break;
                }

                if (token.Kind == SqlTokenKind.Semicolon && depth <= 0 && parentheses <= 0)
                {
                    if (first is { } begin)
                    {
                        var statement = new SqlStatement(text[begin.Start..lastEnd], begin.Line, Column: ColumnOf(text, begin.Start));
                        if (options.CopyFromStdin && IsCopyFromStdin(words))
                        {
                            var (data, resume, lines) = CopyData(text, token.End);
                            statement = statement with { CopyData = data, CopyDataLine = token.Line + 1 };
                            (position, line, restart) = (resume, token.Line + lines, true);
                        }

                        statements.Add(statement);
                    }

                    first = null;
                    words.Clear();
                    depth = 0;
                    parentheses = 0;
                    if (restart)
                    {
                        break;
                    }

                    continue;
                }

                first ??= token;
                lastEnd = token.End;
                if (options.ParenthesesHoldSemicolons && token.Kind == SqlTokenKind.Other && token.End - token.Start == 1)
                {
                    parentheses += text[token.Start] switch { '(' => 1, ')' => -1, _ => 0 };
                }

                if (token.Kind == SqlTokenKind.Word)
                {
                    words.Add(token.Start..token.End);
                    depth += depthChange?.Invoke(words) ?? 0;
                }
            }
        }

        if (first is { } last)
        {
            statements.Add(new SqlStatement(text[last.Start..lastEnd], last.Line, Column: ColumnOf(text, last.Start)));
        }

        return statements;
    }
}
