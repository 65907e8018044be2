using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Tests;

/// <summary>
/// Builds graphs from a compact spec: "b1:a1" is b1 revising a1; "m:a2,b2" a merge;
/// "c1:a1@lbl" puts branch label lbl on c1; "d1:a1>b1" makes d1 depend on b1.
/// </summary>
internal static class GraphBuilder
{
    public static RevisionGraph Build(params string[] specs) =>
        RevisionGraph.Build(specs.Select(Revision), "/test/versions");

    public static MigrationRevision Revision(string spec)
    {
        var depends = Split(ref spec, '>');
        var label = Split(ref spec, '@');
        var parts = spec.Split(':');
        var parents = parts.Length > 1 ? parts[1] : string.Empty;
        var text = $"""
            -- Revision ID: {parts[0]}
            -- Revises: {parents}
            -- Message: revision {parts[0]}
            {(label is null ? "" : $"-- Branch Labels: {label}")}
            {(depends is null ? "" : $"-- Depends On: {depends}")}

            -- migrate:upgrade
            CREATE TABLE t_{parts[0]} (id INTEGER);

            -- migrate:downgrade
            DROP TABLE t_{parts[0]};
            """;
        return RevisionFileParser.Parse($"/test/versions/{parts[0]}.sql", text);
    }

    private static string? Split(ref string spec, char separator)
    {
        var index = spec.IndexOf(separator);
        if (index < 0)
        {
            return null;
        }

        var value = spec[(index + 1)..];
        spec = spec[..index];
        return value;
    }
}
