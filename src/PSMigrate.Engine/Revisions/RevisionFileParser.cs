using System.Globalization;
using System.Text.RegularExpressions;
using System.Text;

namespace PSMigrate.Engine.Revisions;

/// <summary>
/// Reads a revision file: a '.sql' file (the header of '-- Key: value' lines, then the
/// '-- migrate:upgrade' and '-- migrate:downgrade' sections) or a '.ps1' file (the header as
/// '# Key: value' lines, then 'function Upgrade' and 'function Downgrade', never run here).
/// Every complaint names the file and, where there is one, the line.
/// </summary>
internal static partial class RevisionFileParser
{
    public const string PowerShellExtension = ".ps1";
    private const string UpgradeMarker = "-- migrate:upgrade";
    private const string DowngradeMarker = "-- migrate:downgrade";


    [GeneratedRegex(@"^\s*function\s+(?<name>Upgrade|Downgrade)\b", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex RevisionFunction();

    internal static bool IsSectionMarker(string trimmedLine) => SectionName(trimmedLine) is not null;

    /// <summary>The name in a '-- migrate:&lt;name&gt;' line ('--', 'migrate:' and the name, blanks allowed between), or null.</summary>
    internal static string? SectionName(string trimmedLine)
    {
        var rest = trimmedLine.AsSpan();
        if (!rest.StartsWith("--"))
        {
            return null;
        }

        rest = rest[2..].TrimStart();
        if (!rest.StartsWith("migrate:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        rest = rest["migrate:".Length..].Trim();
        foreach (var c in rest)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_' || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.ConnectorPunctuation))
            {
                return null;
            }
        }

        return rest.IsEmpty ? null : rest.ToString();
    }

    public static MigrationRevision ParseFile(string path)
    {
        var text = RevisionText.Read(path);
        return path.EndsWith(PowerShellExtension, StringComparison.OrdinalIgnoreCase) ? ParsePowerShell(path, text) : Parse(path, text);
    }

    /// <summary>Checks that a '.ps1' revision defines Upgrade and Downgrade, without running it.</summary>
    public static MigrationRevision ParsePowerShell(string path, string text)
    {
        RevisionText.CheckCharacters(path, text);
        var lines = Lines(text);
        var functions = RevisionFunction().Matches(text).Select(m => m.Groups["name"].Value.ToLowerInvariant()).ToHashSet();
        foreach (var required in new[] { "Upgrade", "Downgrade" }.Where(f => !functions.Contains(f.ToLowerInvariant())))
        {
            throw Error(path, null, MigrationErrors.MissingSection,
                $"the file defines no 'function {required} {{ ... }}'; a PowerShell revision needs both Upgrade and Downgrade, even if one is empty.");
        }

        var empty = new SqlSection(string.Empty, 1);
        return Build(path, lines, Header(path, lines, "#"), empty, empty, RevisionKind.PowerShell);
    }

    public static MigrationRevision Parse(string path, string text)
    {
        RevisionText.CheckCharacters(path, text);
        var lines = Lines(text);
        var sections = new Dictionary<string, (int MarkerLine, List<string> Body)>(StringComparer.OrdinalIgnoreCase);
        List<string>? current = null;

        for (var index = 0; index < lines.Length; index++)
        {
            var lineNumber = index + 1;
            var trimmed = lines[index].Trim();
            if (SectionName(trimmed) is { } marker)
            {
                var name = marker.ToLowerInvariant();
                if (name is not ("upgrade" or "downgrade"))
                {
                    throw Error(path, lineNumber, MigrationErrors.UnknownSection,
                        $"'{trimmed}' is not a section marker; use '{UpgradeMarker}' or '{DowngradeMarker}'.");
                }

                if (sections.TryGetValue(name, out var earlier))
                {
                    throw Error(path, lineNumber, MigrationErrors.DuplicateSection,
                        $"the '-- migrate:{name}' section appears twice (first at line {earlier.MarkerLine}).");
                }

                current = [];
                sections[name] = (lineNumber, current);
                continue;
            }

            if (current is not null)
            {
                current.Add(lines[index]);
            }
            else if (trimmed.Length > 0 && !trimmed.StartsWith("--", StringComparison.Ordinal))
            {
                throw Error(path, lineNumber, MigrationErrors.StatementBeforeSection,
                    $"SQL appears before the '{UpgradeMarker}' marker; put it inside a section.");
            }
        }

        var upgrade = Section(path, sections, "upgrade", UpgradeMarker);
        var downgrade = Section(path, sections, "downgrade", DowngradeMarker);
        return Build(path, lines, Header(path, lines, "--"), upgrade, downgrade, RevisionKind.Sql);
    }

    /// <summary>Line endings and trailing blanks do not count as a change to an applied revision.</summary>
    public static string Checksum(string text) => Checksum(Lines(text));

    /// <summary>The checksum of a file's lines: each without trailing blanks, joined by '\n', blank lines at both ends left out.</summary>
    private static string Checksum(string[] lines)
    {
        var first = 0;
        var last = lines.Length - 1;
        while (first <= last && lines[first].AsSpan().Trim().IsEmpty)
        {
            first++;
        }

        while (last >= first && lines[last].AsSpan().Trim().IsEmpty)
        {
            last--;
        }

        var text = new StringBuilder();
        for (var i = first; i <= last; i++)
        {
            var line = lines[i].AsSpan().TrimEnd();
            text.Append(i == first ? line.TrimStart() : line);
            if (i < last)
            {
                text.Append('\n');
            }
        }

        return Convert.ToHexStringLower(RevisionSha256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").Split('\n');

    private static Dictionary<string, HeaderField> Header(string path, string[] lines, string comment)
    {
        var header = new Dictionary<string, HeaderField>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in RevisionHeaderReader.Fields(lines, comment))
        {
            if (header.TryGetValue(field.Key, out var first))
            {
                throw Error(path, field.Line, MigrationErrors.DuplicateHeader,
                    $"the header '{field.Key}' appears twice (first at line {first.Line}).");
            }

            header[field.Key] = field;
        }

        return header;
    }

    private static MigrationRevision Build(
        string path, string[] lines, Dictionary<string, HeaderField> header, SqlSection upgrade, SqlSection downgrade, RevisionKind kind)
    {
        var comment = kind == RevisionKind.PowerShell ? "#" : "--";
        if (!header.TryGetValue("Revision ID", out var id))
        {
            throw Error(path, null, MigrationErrors.MissingRevisionHeader,
                $"the file has no '{comment} Revision ID: <id>' header line; every revision file starts with the header that New-MigrationRevision writes.");
        }

        if (RevisionNames.ValidateRevisionId(id.Value) is { } idProblem)
        {
            throw Error(path, id.Line, MigrationErrors.InvalidRevisionId, idProblem);
        }

        if (!header.TryGetValue("Revises", out var revises))
        {
            throw Error(path, null, MigrationErrors.MissingRevisesHeader,
                $"the header has no '{comment} Revises:' line; leave its value empty for a first (root) revision.");
        }

        var downRevisions = RevisionHeaderReader.List(revises.Value);
        foreach (var parent in downRevisions)
        {
            if (RevisionNames.ValidateRevisionId(parent) is { } parentProblem)
            {
                throw Error(path, revises.Line, MigrationErrors.InvalidRevises, parentProblem);
            }
        }

        var labels = header.TryGetValue("Branch Labels", out var labelLine) ? RevisionHeaderReader.List(labelLine.Value) : [];
        foreach (var label in labels)
        {
            if (RevisionNames.ValidateBranchLabel(label) is { } labelProblem)
            {
                throw Error(path, labelLine.Line, MigrationErrors.InvalidBranchLabel, labelProblem);
            }
        }

        var dependsOn = header.TryGetValue("Depends On", out var dependsLine) ? RevisionHeaderReader.List(dependsLine.Value) : [];

        DateTimeOffset? createDate = null;
        if (header.TryGetValue("Create Date", out var dateLine) && dateLine.Value.Length > 0)
        {
            if (!IsoDate.TryParse(dateLine.Value, out var parsed))
            {
                throw Error(path, dateLine.Line, MigrationErrors.InvalidCreateDate,
                    $"'{dateLine.Value}' is not a date; write it as ISO 8601, for example 2026-11-22T14:00:00Z.");
            }

            createDate = parsed.ToUniversalTime();
        }

        var transaction = TransactionMode.PerRevision;
        if (header.TryGetValue("Transaction", out var transactionLine))
        {
            transaction = transactionLine.Value.ToLowerInvariant() switch
            {
                "none" => TransactionMode.None,
                "" or "per-revision" or "revision" => TransactionMode.PerRevision,
                _ => throw Error(path, transactionLine.Line, MigrationErrors.InvalidTransactionMode,
                    $"'{transactionLine.Value}' is not a transaction mode; use 'none' or 'per-revision'."),
            };
        }

        var message = header.TryGetValue("Message", out var messageLine) ? messageLine.Value : string.Empty;

        return new MigrationRevision(
            id.Value, downRevisions, message, createDate, labels, dependsOn, transaction,
            System.IO.Path.IsPathFullyQualified(path) ? path : System.IO.Path.GetFullPath(path), Checksum(lines), upgrade, downgrade, kind);
    }

    private static SqlSection Section(
        string path, Dictionary<string, (int MarkerLine, List<string> Body)> sections, string name, string marker)
    {
        if (!sections.TryGetValue(name, out var section))
        {
            throw Error(path, null, MigrationErrors.MissingSection,
                $"the file has no '{marker}' section; add the marker line, even if the section stays empty.");
        }

        return new SqlSection(string.Join('\n', section.Body), section.MarkerLine + 1);
    }

    private static MigrationException Error(string path, int? line, MigrationError error, string problem)
    {
        var where = line is null ? path : $"{path}:{line}";
        return new MigrationException(error, $"{where}: {problem}", path) { FilePath = path, Line = line };
    }
}
