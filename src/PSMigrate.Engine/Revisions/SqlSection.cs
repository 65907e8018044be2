namespace PSMigrate.Engine.Revisions;

/// <summary>The body of one '-- migrate:' section, with the file line its first line sits on.</summary>
internal sealed record SqlSection(string Text, int FirstLine)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(StripComments(Text));

    private static string StripComments(string text) =>
        string.Join('\n', text.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal)));
}
