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
    string? UpgradeBody,
    string? DowngradeBody,
    DateTimeOffset CreateDate,
    RevisionKind Kind = RevisionKind.Sql);

/// <summary>Writes '.sql' revision files in the format <see cref="RevisionFileParser"/> reads.</summary>
public static class RevisionFileWriter
{
    public static string Render(NewRevisionRequest request)
    {
        var text = new StringBuilder();
        var comment = request.Kind == RevisionKind.PowerShell ? "# " : "-- ";
        text.Append(comment).Append("Revision ID: ").Append(request.Revision).Append('\n');
        text.Append(comment).Append("Revises: ").Append(string.Join(", ", request.DownRevision)).Append('\n');
        text.Append(comment).Append("Create Date: ")
            .Append(request.CreateDate.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
            .Append('\n');
        text.Append(comment).Append("Message: ").Append(OneLine(request.Message)).Append('\n');
        if (request.BranchLabels.Count > 0)
        {
            text.Append(comment).Append("Branch Labels: ").Append(string.Join(", ", request.BranchLabels)).Append('\n');
        }

        if (request.DependsOn.Count > 0)
        {
            text.Append(comment).Append("Depends On: ").Append(string.Join(", ", request.DependsOn)).Append('\n');
        }

        if (request.Kind == RevisionKind.PowerShell)
        {
            return text.Append("\nfunction Upgrade {\n")
                .Append(Indented(request.UpgradeBody, "# New-MigrationTable, Add-MigrationColumn, Add-MigrationRow, Invoke-MigrationSql ..."))
                .Append("\n}\n\nfunction Downgrade {\n")
                .Append(Indented(request.DowngradeBody, "# Undo what Upgrade did, in reverse order."))
                .Append("\n}\n")
                .ToString();
        }

        text.Append("\n-- migrate:upgrade\n")
            .Append(Body(request.UpgradeBody, "-- Write the SQL that applies this revision here."))
            .Append("\n\n-- migrate:downgrade\n")
            .Append(Body(request.DowngradeBody, "-- Write the SQL that reverts this revision here."))
            .Append('\n');
        return text.ToString();
    }

    /// <summary>Creates the file; never overwrites one.</summary>
    public static string Write(string versionsDirectory, NewRevisionRequest request)
    {
        Directory.CreateDirectory(versionsDirectory);
        var extension = request.Kind == RevisionKind.PowerShell ? RevisionFileParser.PowerShellExtension : RevisionDirectory.SqlExtension;
        var path = System.IO.Path.Combine(versionsDirectory, $"{request.Revision}_{RevisionNames.Slug(request.Message)}{extension}");
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        writer.Write(Render(request));
        return path;
    }

    /// <summary>A function body, indented four spaces, with its common indentation removed first.</summary>
    private static string Indented(string? body, string placeholder)
    {
        var lines = (string.IsNullOrWhiteSpace(body) ? placeholder : body.ReplaceLineEndings("\n").Trim('\n')).Split('\n');
        var common = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', lines.Select(l => l.Trim().Length == 0 ? string.Empty : "    " + l[Math.Min(common, l.Length)..].TrimEnd()));
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    private static string Body(string? sql, string placeholder) =>
        string.IsNullOrWhiteSpace(sql) ? placeholder : sql.ReplaceLineEndings("\n").Trim('\n');
}
