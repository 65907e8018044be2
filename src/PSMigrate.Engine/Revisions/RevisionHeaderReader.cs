namespace PSMigrate.Engine.Revisions;

/// <summary>One recognised header line: 'Revision ID', 'Revises', 'Create Date', 'Message', ...</summary>
/// <remarks>A class, so the lists and dictionaries of fields run the framework's precompiled code instead of being JIT-compiled on every import.</remarks>
internal sealed record HeaderField(string Key, string Value, int Line);

/// <summary>The header fields tab completion needs, read without the sections.</summary>
public sealed record RevisionHeader(string Revision, string Message, string[] DownRevision, string[] BranchLabels, DateTimeOffset? CreateDate);

/// <summary>
/// The one reader of revision headers ('-- Key: value' in .sql files, '# Key: value' in .ps1
/// files): the parser builds revisions from it, and tab completion reads only it, stopping at
/// the first line that is not a comment, which keeps completion cheap on thousands of files.
/// </summary>
public static class RevisionHeaderReader
{
    internal static readonly string[] Keys = ["Revision ID", "Revises", "Create Date", "Message", "Branch Labels", "Depends On", "Transaction"];

    /// <summary>The headers of every readable revision file in a versions folder; bad files are skipped.</summary>
    public static IReadOnlyList<RevisionHeader> Read(string versionsDirectory)
    {
        if (!Directory.Exists(versionsDirectory))
        {
            return [];
        }

        var headers = new List<RevisionHeader>();
        foreach (var file in RevisionDirectory.RevisionFiles(versionsDirectory))
        {
            try
            {
                var fields = Fields(File.ReadLines(file), CommentFor(file)).GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.First().Value);
                if (fields.TryGetValue("Revision ID", out var id))
                {
                    headers.Add(new RevisionHeader(
                        id,
                        fields.GetValueOrDefault("Message") ?? string.Empty,
                        List(fields.GetValueOrDefault("Revises")),
                        List(fields.GetValueOrDefault("Branch Labels")),
                        IsoDate.TryParse(fields.GetValueOrDefault("Create Date"), out var date) ? date : null));
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
            {
            }
        }

        return headers;
    }

    internal static string CommentFor(string path) =>
        path.EndsWith(RevisionFileParser.PowerShellExtension, StringComparison.OrdinalIgnoreCase) ? "#" : "--";

    /// <summary>
    /// The recognised header fields among the leading comment lines; blank lines and other
    /// comments are skipped, and the first other line (or a section marker) ends the header.
    /// </summary>
    internal static IEnumerable<HeaderField> Fields(IEnumerable<string> lines, string comment)
    {
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            var kind = Classify(line, comment, out var key, out var value);
            if (kind == HeaderLine.End)
            {
                yield break;
            }

            if (kind == HeaderLine.Field)
            {
                yield return new HeaderField(key!, value.ToString(), number);
            }
        }
    }

    /// <summary>The same fields read from a whole file's text with '\n' line breaks, without a string per line.</summary>
    internal static List<HeaderField> Fields(string text, string comment)
    {
        var fields = new List<HeaderField>(Keys.Length);
        var number = 0;
        foreach (var line in text.AsSpan().Split('\n'))
        {
            number++;
            var kind = Classify(text.AsSpan(line), comment, out var key, out var value);
            if (kind == HeaderLine.End)
            {
                break;
            }

            if (kind == HeaderLine.Field)
            {
                fields.Add(new HeaderField(key!, value.ToString(), number));
            }
        }

        return fields;
    }

    private enum HeaderLine
    {
        Skipped,
        End,
        Field,
    }

    private static HeaderLine Classify(ReadOnlySpan<char> raw, string comment, out string? key, out ReadOnlySpan<char> value)
    {
        key = null;
        value = default;
        var line = raw.Trim();
        if (line.IsEmpty || (comment == "#" && line.StartsWith("#requires", StringComparison.OrdinalIgnoreCase)))
        {
            return HeaderLine.Skipped;
        }

        if (!line.StartsWith(comment, StringComparison.Ordinal) || RevisionFileParser.IsSectionMarker(line))
        {
            return HeaderLine.End;
        }

        var body = line[comment.Length..];
        var colon = body.IndexOf(':');
        if (colon < 0)
        {
            return HeaderLine.Skipped;
        }

        var name = body[..colon].Trim();
        foreach (var known in Keys)
        {
            if (name.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                key = known;
                value = body[(colon + 1)..].Trim();
                return HeaderLine.Field;
            }
        }

        return HeaderLine.Skipped;
    }

    internal static string[] List(string? value) =>
        (value ?? string.Empty).Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
