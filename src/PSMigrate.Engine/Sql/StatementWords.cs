namespace PSMigrate.Engine.Sql;

/// <summary>
/// The words of the statement a splitter is in, so far, as places in the text: a dialect asks
/// whether one of them is a keyword (compared upper-cased, as SQL reads keywords) without a
/// string being made for every word of every statement of every revision that runs.
/// </summary>
internal sealed class StatementWords(string text)
{
    private readonly List<Range> words = [];

    public int Count => words.Count;

    /// <summary>Whether the word at <paramref name="index"/> (from the end with ^n) is the keyword, given in capitals.</summary>
    public bool Is(Index index, string keyword)
    {
        var offset = index.GetOffset(words.Count);
        return offset >= 0 && offset < words.Count && Matches(text.AsSpan(words[offset]), keyword);
    }

    public bool Contains(string keyword) => IndexOf(keyword) >= 0;

    public int IndexOf(string keyword)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (Matches(text.AsSpan(words[i]), keyword))
            {
                return i;
            }
        }

        return -1;
    }

    internal void Add(Range word) => words.Add(word);

    internal void Clear() => words.Clear();

    /// <summary>Whether the word, upper-cased as SQL reads keywords, is the keyword given in capitals.</summary>
    public static bool Matches(ReadOnlySpan<char> word, string keyword)
    {
        if (word.Length != keyword.Length)
        {
            return false;
        }

        for (var i = 0; i < word.Length; i++)
        {
            if (char.ToUpperInvariant(word[i]) != keyword[i])
            {
                return false;
            }
        }

        return true;
    }
}
