namespace PSMigrate.Engine.Revisions;

/// <summary>The header fields completion needs, read without the sections.</summary>
public sealed record RevisionHeader(string Revision, string Message, string[] DownRevision, string[] BranchLabels);

/// <summary>
/// Reads only the header lines of each revision file, stopping at the first section marker:
/// cheap enough for tab completion on thousands of revisions, and never fails on a bad file.
/// </summary>
public static class RevisionHeaderReader
{
    public static IReadOnlyList<RevisionHeader> Read(string versionsDirectory)
    {
        if (!Directory.Exists(versionsDirectory))
        {
            return [];
        }

        var headers = new List<RevisionHeader>();
        foreach (var file in RevisionDirectory.RevisionFiles(versionsDirectory))
        {
            if (ReadFile(file) is { } header)
            {
                headers.Add(header);
            }
        }

        return headers;
    }

    private static RevisionHeader? ReadFile(string path)
    {
        string? id = null;
        string message = string.Empty;
        string[] revises = [], labels = [];
        try
        {
            foreach (var raw in File.ReadLines(path))
            {
                var line = raw.Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                var marker = line.StartsWith("--", StringComparison.Ordinal) ? 2 : line.StartsWith('#') ? 1 : 0;
                if (marker == 0 || line.Contains("migrate:", StringComparison.OrdinalIgnoreCase))
                {
                    break;
                }

                var colon = line.IndexOf(':');
                if (colon < 0)
                {
                    continue;
                }

                var value = line[(colon + 1)..].Trim();
                switch (line[marker..colon].Trim().ToLowerInvariant())
                {
                    case "revision id": id = value; break;
                    case "message": message = value; break;
                    case "revises": revises = List(value); break;
                    case "branch labels": labels = List(value); break;
                }
            }
        }
        catch (IOException)
        {
            return null;
        }

        return id is null ? null : new RevisionHeader(id, message, revises, labels);
    }

    private static string[] List(string value) =>
        value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
