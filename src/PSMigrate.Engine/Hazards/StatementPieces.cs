using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Hazards;

internal enum PieceKind
{
    Word,
    QuotedName,
    Text,
    Symbol,
}

/// <summary>One word, quoted name, string or symbol of a statement, with how deep in parentheses it is.</summary>
internal readonly record struct Piece(PieceKind Kind, string Text, int Depth)
{
    /// <summary>Whether it is the first piece on its line (T-SQL statements need no semicolon, but start lines).</summary>
    public bool StartsLine { get; init; }

    public bool Is(string word) => Kind == PieceKind.Word && Text.Equals(word, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(char symbol) => Kind == PieceKind.Symbol && Text.Length == 1 && Text[0] == symbol;

    public bool IsName => Kind is PieceKind.Word or PieceKind.QuotedName;
}

/// <summary>A name as written (quotes kept, for SQL) and as read (quotes gone, for people).</summary>
internal readonly record struct WrittenName(string Sql, string Display, string Last);

/// <summary>
/// A statement cut into pieces by the dialect's lexer (comments gone, quoted text whole), so the
/// hazard rules read keywords and names without being fooled by a keyword inside a string.
/// </summary>
internal sealed class StatementPieces
{
    private readonly List<Piece> pieces;

    private StatementPieces(List<Piece> pieces) => this.pieces = pieces;

    public int Count => pieces.Count;

    public Piece this[int index] => index < pieces.Count ? pieces[index] : new Piece(PieceKind.Symbol, string.Empty, -1);

    /// <summary>The statements of a text, cut at semicolons outside parentheses (a T-SQL batch may hold several).</summary>
    public static IReadOnlyList<StatementPieces> Read(string sql, SqlLexerOptions lexing)
    {
        var statements = new List<StatementPieces>();
        var pieces = new List<Piece>();
        var depth = 0;
        var lineStart = true;
        foreach (var token in SqlLexer.Tokens(sql, 1, lexing))
        {
            if (token.Kind == SqlTokenKind.Newline)
            {
                lineStart = true;
                continue;
            }

            if (token.Kind == SqlTokenKind.Semicolon)
            {
                if (depth == 0 && pieces.Count > 0)
                {
                    statements.Add(new StatementPieces(pieces));
                    pieces = [];
                }

                continue;
            }

            var text = sql[token.Start..token.End];
            if (token.Kind != SqlTokenKind.Word && text[0] == ')')
            {
                depth = Math.Max(0, depth - 1);
            }

            pieces.Add(new Piece(Kind(token.Kind, text), text, depth));
            if (token.Kind != SqlTokenKind.Word && text[0] == '(')
            {
                depth++;
            }

            if (lineStart)
            {
                pieces[^1] = pieces[^1] with { StartsLine = true };
                lineStart = false;
            }
        }

        if (pieces.Count > 0)
        {
            statements.Add(new StatementPieces(pieces));
        }

        return statements;
    }

    /// <summary>The pieces from one index to another, as a statement of its own.</summary>
    public StatementPieces Slice(int from, int end) => new(pieces.GetRange(from, Math.Min(end, pieces.Count) - from));

    private static PieceKind Kind(SqlTokenKind token, string text) => token == SqlTokenKind.Word
        ? PieceKind.Word
        : text.Length > 1 && text[0] is '"' or '[' or '`'
            ? PieceKind.QuotedName
            : text.Length > 1 && text[0] is '\'' or '$' or 'E' or 'e'
                ? PieceKind.Text
                : PieceKind.Symbol;

    /// <summary>Whether the pieces from <paramref name="index"/> are these words, in order.</summary>
    public bool At(int index, params string[] words)
    {
        for (var i = 0; i < words.Length; i++)
        {
            if (!this[index + i].Is(words[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first piece at or after <paramref name="from"/> that is the word, at this depth; -1 when none.</summary>
    public int Find(string word, int from = 0, int end = int.MaxValue, int depth = 0)
    {
        for (var i = from; i < Math.Min(end, pieces.Count); i++)
        {
            if (pieces[i].Depth == depth && pieces[i].Is(word))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The index of the ')' that closes the '(' at <paramref name="open"/> (the end when it is never closed).</summary>
    public int Closing(int open)
    {
        for (var i = open + 1; i < pieces.Count; i++)
        {
            if (pieces[i].Depth == pieces[open].Depth && pieces[i].IsSymbol(')'))
            {
                return i;
            }
        }

        return pieces.Count;
    }

    public bool Contains(string word, int from = 0, int end = int.MaxValue, int depth = 0) => Find(word, from, end, depth) >= 0;

    /// <summary>A dotted name starting at <paramref name="index"/> (schema.table, "Quoted"), and the index after it.</summary>
    public (WrittenName Name, int Next)? Name(int index)
    {
        if (!this[index].IsName)
        {
            return null;
        }

        var sql = new List<string>();
        var display = new List<string>();
        var i = index;
        while (true)
        {
            sql.Add(this[i].Text);
            display.Add(Unquote(this[i]));
            if (this[i + 1].IsSymbol('.') && this[i + 2].IsName)
            {
                i += 2;
                continue;
            }

            return (new WrittenName(string.Join('.', sql), string.Join('.', display), display[^1]), i + 1);
        }
    }

    /// <summary>The top-level comma-separated parts between two indexes (an ALTER TABLE's actions, a DROP's tables).</summary>
    public IEnumerable<(int Start, int End)> Parts(int from, int end, int depth = 0)
    {
        var start = from;
        for (var i = from; i < Math.Min(end, pieces.Count); i++)
        {
            if (pieces[i].Depth == depth && pieces[i].IsSymbol(','))
            {
                yield return (start, i);
                start = i + 1;
            }
        }

        if (start < Math.Min(end, pieces.Count))
        {
            yield return (start, Math.Min(end, pieces.Count));
        }
    }

    /// <summary>The text of the pieces between two indexes, spaced simply (for a type or an expression in a message).</summary>
    public string Text(int from, int end)
    {
        var text = new System.Text.StringBuilder();
        for (var i = from; i < Math.Min(end, pieces.Count); i++)
        {
            var piece = pieces[i];
            var glue = text.Length > 0 && !(piece.Kind == PieceKind.Symbol && piece.Text is "(" or ")" or "," or ".") &&
                       !(i > from && pieces[i - 1].Kind == PieceKind.Symbol && pieces[i - 1].Text is "(" or ".");
            text.Append(glue ? " " : string.Empty).Append(piece.Text);
        }

        return text.ToString();
    }

    public static string Unquote(Piece piece) => piece.Kind != PieceKind.QuotedName
        ? piece.Text
        : piece.Text[0] switch
        {
            '[' => piece.Text[1..^1].Replace("]]", "]", StringComparison.Ordinal),
            var quote => piece.Text[1..^1].Replace($"{quote}{quote}", quote.ToString(), StringComparison.Ordinal),
        };
}
