namespace PSMigrate.Engine.Sql;

/// <summary>
/// Statements that open or end a transaction themselves (BEGIN, COMMIT, ROLLBACK, END ...).
/// In a revision that runs in the engine's transaction they would end it early, so the
/// revision's version row would be written outside it; such a revision is refused up front.
/// </summary>
internal static class TransactionControl
{
    /// <summary>The statement's opening words when it controls the transaction, else null.</summary>
    public static string? Find(string statement)
    {
        if (!OpensWithControlWord(statement))
        {
            return null;
        }

        var words = FirstWords(statement, 3);
        if (words.Count == 0)
        {
            return null;
        }

        var isControl = words[0] switch
        {
            "BEGIN" => words.Count == 1 || words[1] is "TRANSACTION" or "TRAN" or "WORK" or "DEFERRED" or "IMMEDIATE" or "EXCLUSIVE" or "ISOLATION" or "READ" or "DISTRIBUTED" or "NOT",
            "START" => words.Count > 1 && words[1] == "TRANSACTION",
            "COMMIT" or "END" or "ABORT" => words.Count == 1 || words[1] is "TRANSACTION" or "TRAN" or "WORK" or "PREPARED" or "AND",
            "ROLLBACK" => words.Count == 1 || (words[1] is "TRANSACTION" or "TRAN" or "WORK" or "PREPARED" && !(words.Count > 2 && words[2] == "TO")) ,
            "PREPARE" => words.Count > 1 && words[1] == "TRANSACTION",
            _ => false,
        };
        return isControl ? string.Join(' ', words.Take(2)) : null;
    }

    public static string Explain(string found) =>
        $"'{found}' ends or opens a transaction, but the revision already runs in one that PSMigrate opens and commits with its version row. " +
        "Remove the transaction statements, or put '-- Transaction: none' in the header to run the file as the database's client would (no rollback if it fails halfway).";

    private static readonly string[] ControlWords = ["BEGIN", "START", "COMMIT", "END", "ABORT", "ROLLBACK", "PREPARE"];

    /// <summary>Whether the first word could start transaction control: every statement of every planned revision is asked, and almost none does.</summary>
    private static bool OpensWithControlWord(string statement)
    {
        var i = 0;
        if (NextWord(statement, ref i) is not { } first)
        {
            return false;
        }

        var word = statement.AsSpan(first);
        foreach (var control in ControlWords)
        {
            if (StatementWords.Matches(word, control))
            {
                return true;
            }
        }

        return false;
    }

    private static List<string> FirstWords(string statement, int count)
    {
        var words = new List<string>();
        var i = 0;
        while (words.Count < count && NextWord(statement, ref i) is { } word)
        {
            words.Add(statement[word].ToUpperInvariant());
        }

        return words;
    }

    /// <summary>The next word from <paramref name="i"/> on; none at the end, or where a ';', '(' or quote comes first.</summary>
    private static Range? NextWord(string statement, ref int i)
    {
        while (i < statement.Length)
        {
            while (i < statement.Length && !char.IsLetter(statement[i]))
            {
                if (statement[i] is ';' or '(' or '\'' or '"')
                {
                    return null;
                }

                i++;
            }

            var start = i;
            while (i < statement.Length && (char.IsLetterOrDigit(statement[i]) || statement[i] == '_'))
            {
                i++;
            }

            if (i > start)
            {
                return start..i;
            }
        }

        return null;
    }
}
