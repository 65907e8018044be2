namespace PSMigrate.Engine.Sql;

/// <summary>One statement (or T-SQL batch) cut from a section, with the file line and column it starts at.</summary>
/// <param name="Repeat">How many times to run it: SQL Server's 'GO n'.</param>
internal sealed record SqlStatement(string Text, int Line, int Repeat = 1, int Column = 1)
{
    /// <summary>For 'COPY ... FROM STDIN': the data lines that followed it in the file, as psql would send them.</summary>
    public string? CopyData { get; init; }

    /// <summary>The file line the COPY data starts on.</summary>
    public int CopyDataLine { get; init; }

    /// <summary>A line for the database's client (psql's \x, sqlite3's .x), not SQL for the server.</summary>
    public bool IsClientCommand { get; init; }

    /// <summary>The file line and column of a 1-based character position inside the statement (a server's error position).</summary>
    public (int Line, int Column) Locate(int position)
    {
        var index = Math.Clamp(position - 1, 0, Text.Length);
        var newlines = 0;
        var lastNewline = -1;
        for (var i = 0; i < index; i++)
        {
            if (Text[i] == '\n')
            {
                newlines++;
                lastNewline = i;
            }
        }

        return newlines == 0 ? (Line, Column + index) : (Line + newlines, index - lastNewline);
    }
}
