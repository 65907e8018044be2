using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers.Sqlite;

/// <summary>
/// A CREATE TABLE statement cut into its column definitions and table constraints, so a
/// table rebuild can change one part and write the rest back exactly as it was.
/// </summary>
internal sealed class SqliteTableDefinition
{
    private static readonly SqlLexerOptions Lexing = new("'\"`[");

    private static readonly HashSet<string> ConstraintStarts = new(StringComparer.OrdinalIgnoreCase) { "CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN" };

    /// <summary>Words that end a column's type and start its column constraints.</summary>
    private static readonly HashSet<string> ColumnConstraintWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS",
    };

    public sealed record Part(string? Name, string Text, bool IsColumn);

    public List<Part> Parts { get; private init; } = [];

    public string Suffix { get; private init; } = string.Empty;

    public IEnumerable<Part> Columns => Parts.Where(p => p.IsColumn);

    public IEnumerable<Part> Constraints => Parts.Where(p => !p.IsColumn);

    public static SqliteTableDefinition Parse(string createTable)
    {
        var tokens = SqlLexer.Tokens(createTable, 1, Lexing).Where(t => t.Kind != SqlTokenKind.Newline).ToList();
        var open = tokens.FindIndex(t => createTable[t.Start] == '(' && t.End - t.Start == 1);
        var depth = 0;
        var parts = new List<Part>();
        var partStart = open + 1;
        for (var i = open; i < tokens.Count; i++)
        {
            var text = createTable[tokens[i].Start..tokens[i].End];
            if (text == "(")
            {
                depth++;
            }
            else if (text == ")" && --depth == 0)
            {
                parts.Add(ToPart(createTable, tokens, partStart, i));
                return new SqliteTableDefinition { Parts = parts, Suffix = createTable[tokens[i].End..].TrimEnd(';', ' ', '\n', '\r', '\t') };
            }
            else if (text == "," && depth == 1)
            {
                parts.Add(ToPart(createTable, tokens, partStart, i));
                partStart = i + 1;
            }
        }

        throw new InvalidOperationException("The table definition has no closing parenthesis: " + createTable);
    }

    // SQLite wants every column before the first table constraint.
    public string ToSql(string quotedName) =>
        $"CREATE TABLE {quotedName} (\n    {string.Join(",\n    ", Columns.Concat(Constraints).Select(p => p.Text))}\n){Suffix}";

    public SqliteTableDefinition With(IEnumerable<Part> parts) => new() { Parts = parts.ToList(), Suffix = Suffix };

    /// <summary>Whether a part's text mentions the column as an identifier (not in a string).</summary>
    public static bool Mentions(Part part, string column) =>
        SqlLexer.Tokens(part.Text, 1, Lexing).Any(t => Unquote(part.Text[t.Start..t.End]).Equals(column, StringComparison.OrdinalIgnoreCase) && IsIdentifier(part.Text, t));

    /// <summary>Renames an identifier wherever it appears in the part, keeping the rest of the text.</summary>
    public static Part Rename(Part part, string from, string quotedTo)
    {
        var text = part.Text;
        foreach (var token in SqlLexer.Tokens(text, 1, Lexing).Where(t => IsIdentifier(text, t)).Reverse())
        {
            if (Unquote(text[token.Start..token.End]).Equals(from, StringComparison.OrdinalIgnoreCase))
            {
                text = text[..token.Start] + quotedTo + text[token.End..];
            }
        }

        return part with { Text = text, Name = part.IsColumn && part.Name!.Equals(from, StringComparison.OrdinalIgnoreCase) ? Unquote(quotedTo) : part.Name };
    }

    /// <summary>The column definition with a new type, nullability or default; other column constraints kept.</summary>
    public static string AlterColumn(Part column, string? newType, bool? nullable, string? newDefault, bool dropDefault)
    {
        var text = column.Text;
        var tokens = SqlLexer.Tokens(text, 1, Lexing).Where(t => t.Kind != SqlTokenKind.Newline).ToList();
        var typeEnd = tokens.FindIndex(1, t => t.Kind == SqlTokenKind.Word && ColumnConstraintWords.Contains(text[t.Start..t.End]));
        var restStart = typeEnd < 0 ? text.Length : tokens[typeEnd].Start;
        var oldType = tokens.Count > 1 && tokens[1].Start < restStart ? text[tokens[1].Start..restStart].Trim() : string.Empty;
        var rest = text[restStart..];

        var restTokens = SqlLexer.Tokens(rest, 1, Lexing).Where(t => t.Kind != SqlTokenKind.Newline).ToList();
        var remove = new List<(int Start, int End)>();
        for (var i = 0; i < restTokens.Count; i++)
        {
            var word = Word(rest, restTokens[i]);
            if (nullable is not null && word == "NOT" && i + 1 < restTokens.Count && Word(rest, restTokens[i + 1]) == "NULL")
            {
                remove.Add((restTokens[i].Start, restTokens[i + 1].End));
                i++;
            }
            else if (nullable is not null && word == "NULL" && (i == 0 || Word(rest, restTokens[i - 1]) != "DEFAULT"))
            {
                remove.Add((restTokens[i].Start, restTokens[i].End));
            }
            else if ((newDefault is not null || dropDefault) && word == "DEFAULT" && i + 1 < restTokens.Count)
            {
                var end = ExpressionEnd(rest, restTokens, i + 1);
                remove.Add((restTokens[i].Start, restTokens[end].End));
                i = end;
            }
        }

        foreach (var (start, end) in remove.OrderByDescending(r => r.Start))
        {
            rest = rest[..start] + rest[end..];
        }

        var result = $"{text[..tokens[0].End]} {newType ?? oldType}".TrimEnd();
        var kept = string.Join(' ', rest.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (kept.Length > 0)
        {
            result += " " + kept;
        }

        if (nullable is false)
        {
            result += " NOT NULL";
        }

        if (newDefault is not null)
        {
            result += " DEFAULT " + newDefault;
        }

        return result;
    }

    /// <summary>The column definition without its inline 'CONSTRAINT name ...' part, or null when it has none by that name.</summary>
    public static string? WithoutNamedConstraint(Part column, string name)
    {
        var text = column.Text;
        var tokens = SqlLexer.Tokens(text, 1, Lexing).Where(t => t.Kind != SqlTokenKind.Newline).ToList();
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (Word(text, tokens[i]) == "CONSTRAINT" && Unquote(text[tokens[i + 1].Start..tokens[i + 1].End]).Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                var end = i + 2;
                var depth = 0;
                for (; end < tokens.Count; end++)
                {
                    var piece = text[tokens[end].Start..tokens[end].End];
                    depth += piece == "(" ? 1 : piece == ")" ? -1 : 0;
                    if (depth == 0 && end > i + 2 && tokens[end].Kind == SqlTokenKind.Word && ColumnConstraintWords.Contains(piece) && piece.ToUpperInvariant() is not ("NULL" or "KEY"))
                    {
                        break;
                    }
                }

                var stop = end < tokens.Count ? tokens[end].Start : text.Length;
                return (text[..tokens[i].Start] + text[stop..]).TrimEnd();
            }
        }

        return null;
    }

    /// <summary>The CHECK expressions a part holds (a table constraint, or inline in a column), with the constraint name written before each.</summary>
    public static IEnumerable<(string? Name, string Expression)> Checks(Part part)
    {
        var text = part.Text;
        var tokens = SqlLexer.Tokens(text, 1, Lexing).Where(t => t.Kind != SqlTokenKind.Newline).ToList();
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (Word(text, tokens[i]) != "CHECK" || text[tokens[i + 1].Start..tokens[i + 1].End] != "(")
            {
                continue;
            }

            var close = ExpressionEnd(text, tokens, i + 1);
            var name = i >= 2 && Word(text, tokens[i - 2]) == "CONSTRAINT" ? Unquote(text[tokens[i - 1].Start..tokens[i - 1].End]) : null;
            yield return (name, text[tokens[i + 1].End..tokens[close].Start].Trim());
            i = close;
        }
    }

    public static string Unquote(string identifier) =>
        identifier.Length >= 2 && identifier[0] is '"' or '`' or '[' or '\''
            ? identifier[1..^1].Replace(identifier[0] == '[' ? "]]" : new string(identifier[0], 2), identifier[0] == '[' ? "]" : identifier[0].ToString(), StringComparison.Ordinal)
            : identifier;

    private static Part ToPart(string sql, List<SqlToken> tokens, int first, int end)
    {
        var text = sql[tokens[first].Start..tokens[end - 1].End].Trim();
        var firstWord = sql[tokens[first].Start..tokens[first].End];
        if (ConstraintStarts.Contains(firstWord))
        {
            var name = firstWord.Equals("CONSTRAINT", StringComparison.OrdinalIgnoreCase) ? Unquote(sql[tokens[first + 1].Start..tokens[first + 1].End]) : null;
            return new Part(name, text, IsColumn: false);
        }

        return new Part(Unquote(firstWord), text, IsColumn: true);
    }

    private static bool IsIdentifier(string text, SqlToken token) =>
        token.Kind == SqlTokenKind.Word || (token.Kind == SqlTokenKind.Other && text[token.Start] is '"' or '`' or '[');

    private static string Word(string text, SqlToken token) =>
        token.Kind == SqlTokenKind.Word ? text[token.Start..token.End].ToUpperInvariant() : string.Empty;

    /// <summary>The last token of a DEFAULT expression: a parenthesised group, or tokens written together ('-1', '3.14', 'x').</summary>
    private static int ExpressionEnd(string text, List<SqlToken> tokens, int first)
    {
        var end = first;
        if (text[tokens[first].Start..tokens[first].End] == "(")
        {
            var depth = 0;
            for (; end < tokens.Count; end++)
            {
                var t = text[tokens[end].Start..tokens[end].End];
                depth += t == "(" ? 1 : t == ")" ? -1 : 0;
                if (depth == 0)
                {
                    break;
                }
            }

            return Math.Min(end, tokens.Count - 1);
        }

        while (end + 1 < tokens.Count && tokens[end + 1].Start == tokens[end].End)
        {
            end++;
        }

        return end;
    }
}
