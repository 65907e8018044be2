namespace PSMigrate.Engine.Revisions;

/// <summary>
/// The body of one '-- migrate:' section, with the file line its first line sits on. A section
/// read from a file is a range of the file's text, copied out only when something splits it:
/// a run at head, or one that only upgrades, never needs most sections' text. The copy is not
/// kept (the split statements are): a large dump held twice would double what a run keeps.
/// </summary>
internal sealed class SqlSection
{
    private readonly string source;
    private readonly int start;
    private readonly int length;

    public SqlSection(string text, int firstLine)
        : this(text, 0, text.Length, firstLine)
    {
    }

    public SqlSection(string source, int start, int length, int firstLine)
    {
        this.source = source;
        this.start = start;
        this.length = length;
        FirstLine = firstLine;
    }

    public string Text => start == 0 && length == source.Length ? source : source.Substring(start, length);

    public int FirstLine { get; }

    public bool IsEmpty
    {
        get
        {
            foreach (var line in source.AsSpan(start, length).EnumerateLines())
            {
                var trimmed = line.TrimStart();
                if (!trimmed.IsEmpty && !trimmed.StartsWith("--", StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
