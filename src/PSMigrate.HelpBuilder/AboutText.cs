using System.Text;

namespace PSMigrate.HelpBuilder;

/// <summary>Sections of about topics written from the code, so they cannot fall behind it.</summary>
internal static class AboutText
{
    private const int Width = 76;

    /// <summary>Every id of the error catalogue with its meaning, indented as about topics are.</summary>
    public static string ErrorCatalogue()
    {
        var text = new StringBuilder();
        foreach (var error in MigrationErrors.All)
        {
            text.Append("    ").Append(error.Id).Append('\n');
            foreach (var line in Wrap(error.Meaning, Width - 8))
            {
                text.Append("        ").Append(line).Append('\n');
            }
        }

        return text.ToString().TrimEnd('\n');
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            line.Append(line.Length == 0 ? string.Empty : " ").Append(word);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }
}
