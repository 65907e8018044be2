using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace PSMigrate.Engine.Revisions;

/// <summary>
/// Reads a '.sql' revision: the header of '-- Key: value' lines, then the
/// '-- migrate:upgrade' and '-- migrate:downgrade' sections. Every complaint names the file
/// and, where there is one, the line.
/// </summary>
public static partial class RevisionFileParser
{
    private const string UpgradeMarker = "-- migrate:upgrade";
    private const string DowngradeMarker = "-- migrate:downgrade";

    [GeneratedRegex(@"^--\s*migrate:\s*(?<section>\w+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex SectionMarker();

    [GeneratedRegex(@"^--\s*(?<key>[A-Za-z][A-Za-z ]*?)\s*:\s?(?<value>.*)$")]
    private static partial Regex HeaderLine();

    private static readonly Dictionary<string, string> HeaderKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Revision ID"] = "Revision ID",
        ["Revises"] = "Revises",
        ["Create Date"] = "Create Date",
        ["Message"] = "Message",
        ["Branch Labels"] = "Branch Labels",
        ["Depends On"] = "Depends On",
        ["Transaction"] = "Transaction",
    };

    public const string PowerShellExtension = ".ps1";

    public static MigrationRevision ParseFile(string path) =>
        path.EndsWith(PowerShellExtension, StringComparison.OrdinalIgnoreCase)
            ? ParsePowerShell(path, File.ReadAllText(path))
            : Parse(path, File.ReadAllText(path));

    [GeneratedRegex(@"^#\s*(?<key>[A-Za-z][A-Za-z ]*?)\s*:\s?(?<value>.*)$")]
    private static partial Regex PowerShellHeaderLine();

    [GeneratedRegex(@"^\s*function\s+(?<name>Upgrade|Downgrade)\b", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex RevisionFunction();

    /// <summary>
    /// Reads a '.ps1' revision's header ('# Key: value' comment lines at the top) without running
    /// anything, and checks that it defines the Upgrade and Downgrade functions.
    /// </summary>
    public static MigrationRevision ParsePowerShell(string path, string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var header = new Dictionary<string, (string Value, int Line)>(StringComparer.OrdinalIgnoreCase);
        for (var index = 0; index < lines.Length; index++)
        {
            var trimmed = lines[index].Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith("#requires", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!trimmed.StartsWith('#'))
            {
                break;
            }

            var match = PowerShellHeaderLine().Match(trimmed);
            if (match.Success && HeaderKeys.TryGetValue(match.Groups["key"].Value.Trim(), out var key))
            {
                if (header.TryGetValue(key, out var first))
                {
                    throw Error(path, index + 1, "DuplicateHeader", $"the header '{key}' appears twice (first at line {first.Line}).");
                }

                header[key] = (match.Groups["value"].Value.Trim(), index + 1);
            }
        }

        var functions = RevisionFunction().Matches(text).Select(m => m.Groups["name"].Value.ToLowerInvariant()).ToHashSet();
        foreach (var required in new[] { "Upgrade", "Downgrade" }.Where(f => !functions.Contains(f.ToLowerInvariant())))
        {
            throw Error(path, null, "MissingSection",
                $"the file defines no 'function {required} {{ ... }}'; a PowerShell revision needs both Upgrade and Downgrade, even if one is empty.");
        }

        var empty = new SqlSection(string.Empty, 1);
        return Build(path, text, header, empty, empty, RevisionKind.PowerShell, "# Revision ID: <id>");
    }

    public static MigrationRevision Parse(string path, string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var header = new Dictionary<string, (string Value, int Line)>(StringComparer.OrdinalIgnoreCase);
        var sections = new Dictionary<string, (int MarkerLine, List<string> Body)>(StringComparer.OrdinalIgnoreCase);
        List<string>? current = null;

        for (var index = 0; index < lines.Length; index++)
        {
            var lineNumber = index + 1;
            var trimmed = lines[index].Trim();
            var marker = SectionMarker().Match(trimmed);
            if (marker.Success)
            {
                var name = marker.Groups["section"].Value.ToLowerInvariant();
                if (name is not ("upgrade" or "downgrade"))
                {
                    throw Error(path, lineNumber, "UnknownSection",
                        $"'{trimmed}' is not a section marker; use '{UpgradeMarker}' or '{DowngradeMarker}'.");
                }

                if (sections.TryGetValue(name, out var earlier))
                {
                    throw Error(path, lineNumber, "DuplicateSection",
                        $"the '-- migrate:{name}' section appears twice (first at line {earlier.MarkerLine}).");
                }

                current = [];
                sections[name] = (lineNumber, current);
                continue;
            }

            if (current is not null)
            {
                current.Add(lines[index]);
                continue;
            }

            if (trimmed.Length == 0)
            {
                continue;
            }

            if (!trimmed.StartsWith("--", StringComparison.Ordinal))
            {
                throw Error(path, lineNumber, "StatementBeforeSection",
                    $"SQL appears before the '{UpgradeMarker}' marker; put it inside a section.");
            }

            var headerLine = HeaderLine().Match(trimmed);
            if (headerLine.Success && HeaderKeys.TryGetValue(headerLine.Groups["key"].Value.Trim(), out var key))
            {
                if (header.TryGetValue(key, out var first))
                {
                    throw Error(path, lineNumber, "DuplicateHeader",
                        $"the header '{key}' appears twice (first at line {first.Line}).");
                }

                header[key] = (headerLine.Groups["value"].Value.Trim(), lineNumber);
            }
        }

        var upgrade = Section(path, sections, "upgrade", UpgradeMarker);
        var downgrade = Section(path, sections, "downgrade", DowngradeMarker);
        return Build(path, text, header, upgrade, downgrade, RevisionKind.Sql, "-- Revision ID: <id>");
    }

    private static MigrationRevision Build(
        string path, string text, Dictionary<string, (string Value, int Line)> header, SqlSection upgrade, SqlSection downgrade, RevisionKind kind, string idLine)
    {
        if (!header.TryGetValue("Revision ID", out var id))
        {
            throw Error(path, null, "MissingRevisionHeader",
                $"the file has no '{idLine}' header line; every revision file starts with the header that New-MigrationRevision writes.");
        }

        if (RevisionNames.ValidateRevisionId(id.Value) is { } idProblem)
        {
            throw Error(path, id.Line, "InvalidRevisionId", idProblem);
        }

        if (!header.TryGetValue("Revises", out var revises))
        {
            throw Error(path, null, "MissingRevisesHeader",
                "the header has no '-- Revises:' line; leave its value empty for a first (root) revision.");
        }

        var downRevisions = SplitList(revises.Value);
        foreach (var parent in downRevisions)
        {
            if (RevisionNames.ValidateRevisionId(parent) is { } parentProblem)
            {
                throw Error(path, revises.Line, "InvalidRevises", parentProblem);
            }
        }

        var labels = header.TryGetValue("Branch Labels", out var labelLine) ? SplitList(labelLine.Value) : [];
        foreach (var label in labels)
        {
            if (RevisionNames.ValidateBranchLabel(label) is { } labelProblem)
            {
                throw Error(path, labelLine.Line, "InvalidBranchLabel", labelProblem);
            }
        }

        var dependsOn = header.TryGetValue("Depends On", out var dependsLine) ? SplitList(dependsLine.Value) : [];

        DateTimeOffset? createDate = null;
        if (header.TryGetValue("Create Date", out var dateLine) && dateLine.Value.Length > 0)
        {
            if (!DateTimeOffset.TryParse(dateLine.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                throw Error(path, dateLine.Line, "InvalidCreateDate",
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
                _ => throw Error(path, transactionLine.Line, "InvalidTransactionMode",
                    $"'{transactionLine.Value}' is not a transaction mode; use 'none' or 'per-revision'."),
            };
        }

        var message = header.TryGetValue("Message", out var messageLine) ? messageLine.Value : string.Empty;

        return new MigrationRevision(
            id.Value, downRevisions, message, createDate, labels, dependsOn, transaction,
            System.IO.Path.GetFullPath(path), Checksum(text), upgrade, downgrade, kind);
    }

    /// <summary>Line endings and trailing blanks do not count as a change to an applied revision.</summary>
    public static string Checksum(string text)
    {
        var normalised = string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd())).Trim();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }

    private static SqlSection Section(
        string path, Dictionary<string, (int MarkerLine, List<string> Body)> sections, string name, string marker)
    {
        if (!sections.TryGetValue(name, out var section))
        {
            throw Error(path, null, "MissingSection",
                $"the file has no '{marker}' section; add the marker line, even if the section stays empty.");
        }

        return new SqlSection(string.Join('\n', section.Body), section.MarkerLine + 1);
    }

    private static string[] SplitList(string value) =>
        value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static MigrationException Error(string path, int? line, string id, string problem)
    {
        var where = line is null ? path : $"{path}:{line}";
        return new MigrationException("PSMigrate." + id, MigrationErrorKind.InvalidRevisionFile, $"{where}: {problem}", path)
        {
            FilePath = path,
            Line = line,
        };
    }
}
