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
    private const int PooledChecksumBytes = 1 << 16;


    [GeneratedRegex(@"^\s*function\s+(?<name>Upgrade|Downgrade)\b", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex RevisionFunction();

    internal static bool IsSectionMarker(ReadOnlySpan<char> trimmedLine) => SectionName(trimmedLine) is not null;

    /// <summary>The name in a '-- migrate:&lt;name&gt;' line ('--', 'migrate:' and the name, blanks allowed between), or null.</summary>
    internal static string? SectionName(string trimmedLine) => SectionName(trimmedLine.AsSpan());

    private static string? SectionName(ReadOnlySpan<char> trimmedLine)
    {
        var rest = trimmedLine;
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
        var normalized = Normalized(text);
        var functions = RevisionFunction().Matches(text).Select(m => m.Groups["name"].Value.ToLowerInvariant()).ToHashSet();
        foreach (var required in new[] { "Upgrade", "Downgrade" }.Where(f => !functions.Contains(f.ToLowerInvariant())))
        {
            throw Error(path, null, MigrationErrors.MissingSection,
                $"the file defines no 'function {required} {{ ... }}'; a PowerShell revision needs both Upgrade and Downgrade, even if one is empty.");
        }

        var empty = new SqlSection(string.Empty, 1);
        return Build(path, normalized, Header(path, normalized, "#"), empty, empty, RevisionKind.PowerShell);
    }

    /// <summary>
    /// Finds the two sections by walking the lines in place: only the header lines and the two
    /// marker lines become strings here; a section's text is cut from the file's only if it runs.
    /// </summary>
    public static MigrationRevision Parse(string path, string text)
    {
        RevisionText.CheckCharacters(path, text);
        var normalized = Normalized(text);
        SectionBounds? upgrade = null, downgrade = null;
        var inSection = false;
        var lineNumber = 0;
        foreach (var line in normalized.AsSpan().Split('\n'))
        {
            lineNumber++;
            var (lineStart, lineEnd) = (line.Start.Value, line.End.Value);
            var trimmed = normalized.AsSpan(line).Trim();
            if (SectionName(trimmed) is { } marker)
            {
                var name = marker.ToLowerInvariant();
                if (name is not ("upgrade" or "downgrade"))
                {
                    throw Error(path, lineNumber, MigrationErrors.UnknownSection,
                        $"'{trimmed}' is not a section marker; use '{UpgradeMarker}' or '{DowngradeMarker}'.");
                }

                if ((name == "upgrade" ? upgrade : downgrade) is { } earlier)
                {
                    throw Error(path, lineNumber, MigrationErrors.DuplicateSection,
                        $"the '-- migrate:{name}' section appears twice (first at line {earlier.MarkerLine}).");
                }

                // The section that was open ends where this marker line starts.
                upgrade?.CloseAt(lineStart - 1);
                downgrade?.CloseAt(lineStart - 1);
                var opened = new SectionBounds(lineNumber, Math.Min(lineEnd + 1, normalized.Length));
                if (name == "upgrade")
                {
                    upgrade = opened;
                }
                else
                {
                    downgrade = opened;
                }

                inSection = true;
            }
            else if (!inSection && trimmed.Length > 0 && !trimmed.StartsWith("--", StringComparison.Ordinal))
            {
                throw Error(path, lineNumber, MigrationErrors.StatementBeforeSection,
                    $"SQL appears before the '{UpgradeMarker}' marker; put it inside a section.");
            }
        }

        upgrade?.CloseAt(normalized.Length);
        downgrade?.CloseAt(normalized.Length);
        var upgradeSection = Section(path, normalized, upgrade, UpgradeMarker);
        var downgradeSection = Section(path, normalized, downgrade, DowngradeMarker);
        return Build(path, normalized, Header(path, normalized, "--"), upgradeSection, downgradeSection, RevisionKind.Sql);
    }

    /// <summary>Line endings and trailing blanks do not count as a change to an applied revision.</summary>
    public static string Checksum(string text) => NormalizedChecksum(Normalized(text));

    /// <summary>
    /// The checksum of a file's lines: each without trailing blanks, joined by '\n', blank lines
    /// at both ends left out (and the first kept line's leading blanks), hashed as UTF-8.
    /// </summary>
    private static string NormalizedChecksum(string normalized)
    {
        var kept = normalized.AsSpan().Trim();
        var size = Encoding.UTF8.GetByteCount(kept);

        // A revision file fits the pool's buffers; a dump gets a buffer of its own, which the
        // collector takes back, instead of one the pool would keep for the life of the session.
        var pooled = size <= PooledChecksumBytes;
        var bytes = pooled ? System.Buffers.ArrayPool<byte>.Shared.Rent(size) : new byte[size];
        try
        {
            var written = 0;
            foreach (var line in kept.Split('\n'))
            {
                if (line.Start.Value > 0)
                {
                    bytes[written++] = (byte)'\n';
                }

                written += Encoding.UTF8.GetBytes(kept[line].TrimEnd(), bytes.AsSpan(written));
            }

            return Convert.ToHexStringLower(RevisionSha256.HashData(bytes.AsSpan(0, written)));
        }
        finally
        {
            if (pooled)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
            }
        }
    }

    /// <summary>Every line break form as '\n' (form feed included, as the lines were always split).</summary>
    private static string Normalized(string text) => text.ReplaceLineEndings("\n");

    private static Dictionary<string, HeaderField> Header(string path, string normalized, string comment)
    {
        var header = new Dictionary<string, HeaderField>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in RevisionHeaderReader.Fields(normalized, comment))
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
        string path, string normalized, Dictionary<string, HeaderField> header, SqlSection upgrade, SqlSection downgrade, RevisionKind kind)
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
                throw Error(path, labelLine?.Line, MigrationErrors.InvalidBranchLabel, labelProblem);
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
            System.IO.Path.IsPathFullyQualified(path) ? path : System.IO.Path.GetFullPath(path), NormalizedChecksum(normalized), upgrade, downgrade, kind);
    }

    private static SqlSection Section(string path, string normalized, SectionBounds? bounds, string marker)
    {
        if (bounds is null)
        {
            throw Error(path, null, MigrationErrors.MissingSection,
                $"the file has no '{marker}' section; add the marker line, even if the section stays empty.");
        }

        return new SqlSection(normalized, bounds.Start, Math.Max(0, bounds.End - bounds.Start), bounds.MarkerLine + 1);
    }

    /// <summary>Where a section's body lies in the text: from the line after its marker to the line before the next marker (or the end).</summary>
    private sealed class SectionBounds(int markerLine, int start)
    {
        public int MarkerLine { get; } = markerLine;

        public int Start { get; } = start;

        public int End { get; private set; } = -1;

        public void CloseAt(int end)
        {
            if (End < 0)
            {
                End = end;
            }
        }
    }

    private static MigrationException Error(string path, int? line, MigrationError error, string problem)
    {
        var where = line is null ? path : $"{path}:{line}";
        return new MigrationException(error, $"{where}: {problem}", path) { FilePath = path, Line = line };
    }
}
