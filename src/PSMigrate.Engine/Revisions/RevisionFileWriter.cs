using System.Globalization;
using System.Text;

namespace PSMigrate.Engine.Revisions;

/// <summary>What a new revision file should say.</summary>
public sealed record NewRevisionRequest(
    string Revision,
    string Message,
    IReadOnlyList<string> DownRevision,
    IReadOnlyList<string> BranchLabels,
    IReadOnlyList<string> DependsOn,
    string? UpgradeSql,
    string? DowngradeSql,
    DateTimeOffset CreateDate);

/// <summary>Writes '.sql' revision files in the format <see cref="RevisionFileParser"/> reads.</summary>
public static class RevisionFileWriter
{
    public static string Render(NewRevisionRequest request)
    {
        var text = new StringBuilder();
        text.Append("-- Revision ID: ").Append(request.Revision).Append('\n');
        text.Append("-- Revises: ").Append(string.Join(", ", request.DownRevision)).Append('\n');
        text.Append("-- Create Date: ")
            .Append(request.CreateDate.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
            .Append('\n');
        text.Append("-- Message: ").Append(OneLine(request.Message)).Append('\n');
        if (request.BranchLabels.Count > 0)
        {
            text.Append("-- Branch Labels: ").Append(string.Join(", ", request.BranchLabels)).Append('\n');
        }

        if (request.DependsOn.Count > 0)
        {
            text.Append("-- Depends On: ").Append(string.Join(", ", request.DependsOn)).Append('\n');
        }

        text.Append("\n-- migrate:upgrade\n")
            .Append(Body(request.UpgradeSql, "-- Write the SQL that applies this revision here."))
            .Append("\n\n-- migrate:downgrade\n")
            .Append(Body(request.DowngradeSql, "-- Write the SQL that reverts this revision here."))
            .Append('\n');
        return text.ToString();
    }

    /// <summary>Creates the file; never overwrites one.</summary>
    public static string Write(string versionsDirectory, NewRevisionRequest request)
    {
        Directory.CreateDirectory(versionsDirectory);
        var path = System.IO.Path.Combine(versionsDirectory, $"{request.Revision}_{RevisionNames.Slug(request.Message)}.sql");
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        writer.Write(Render(request));
        return path;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    private static string Body(string? sql, string placeholder) =>
        string.IsNullOrWhiteSpace(sql) ? placeholder : sql.ReplaceLineEndings("\n").Trim('\n');
}
