namespace PSMigrate.Engine.Sql;

/// <summary>One statement (or T-SQL batch) cut from a section, with the file line and column it starts at.</summary>
/// <param name="Repeat">How many times to run it: SQL Server's 'GO n'.</param>
internal sealed record SqlStatement(string Text, int Line, int Repeat = 1, int Column = 1)
{
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
