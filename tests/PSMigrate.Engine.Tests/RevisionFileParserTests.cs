using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Tests;

public sealed class RevisionFileParserTests
{
    private const string Valid = """
        -- Revision ID: 51f20aa4768b
        -- Revises: 15537423c56d, 0a1b2c3d4e5f
        -- Create Date: 2026-11-22T14:00:00Z
        -- Message: add Department
        -- Branch Labels: feature
        -- Depends On: 99aa88bb77cc

        -- migrate:upgrade
        CREATE TABLE department (id INTEGER);
        INSERT INTO department VALUES (1);

        -- migrate:downgrade
        DROP TABLE department;
        """;

    [Fact]
    public void ReadsEveryHeaderKeyAndBothSections()
    {
        var revision = RevisionFileParser.Parse("/v/51f20aa4768b_add_department.sql", Valid);
        Assert.Equal("51f20aa4768b", revision.Revision);
        Assert.Equal(["15537423c56d", "0a1b2c3d4e5f"], revision.DownRevision);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 14, 0, 0, TimeSpan.Zero), revision.CreateDate);
        Assert.Equal("add Department", revision.Message);
        Assert.Equal(["feature"], revision.BranchLabels);
        Assert.Equal(["99aa88bb77cc"], revision.DependsOn);
        Assert.Equal(9, revision.Upgrade.FirstLine);
        Assert.Contains("INSERT INTO department", revision.Upgrade.Text);
        Assert.Equal(13, revision.Downgrade.FirstLine);
        Assert.Equal(TransactionMode.PerRevision, revision.TransactionMode);
        Assert.Equal("PerRevision", revision.Transaction);
    }

    [Fact]
    public void WindowsLineEndingsAndTrailingBlanksDoNotChangeTheChecksum()
    {
        var unix = RevisionFileParser.Parse("/v/a.sql", Valid);
        var windows = RevisionFileParser.Parse("/v/a.sql", Valid.Replace("\n", "  \r\n"));
        Assert.Equal(unix.Checksum, windows.Checksum);
        Assert.NotEqual(unix.Checksum, RevisionFileParser.Parse("/v/a.sql", Valid.Replace("VALUES (1)", "VALUES (2)")).Checksum);
    }

    [Theory]
    [InlineData("-- Revises:\n-- migrate:upgrade\n-- migrate:downgrade\n", "MissingRevisionHeader", null)]
    [InlineData("-- Revision ID: abc\n-- migrate:upgrade\n-- migrate:downgrade\n", "MissingRevisesHeader", null)]
    [InlineData("-- Revision ID: abc\n-- Revises:\n-- migrate:upgrade\nSELECT 1;\n", "MissingSection", null)]
    [InlineData("-- Revision ID: abc\n-- Revises:\n-- migrate:downgrade\n", "MissingSection", null)]
    [InlineData("-- Revision ID: abc\n-- Revises:\n-- migrate:upgrade\n-- migrate:upgrade\n-- migrate:downgrade\n", "DuplicateSection", 4)]
    [InlineData("-- Revision ID: abc\n-- Revision ID: abd\n-- Revises:\n-- migrate:upgrade\n-- migrate:downgrade\n", "DuplicateHeader", 2)]
    [InlineData("-- Revision ID: abc\n-- Revises:\nDROP TABLE x;\n-- migrate:upgrade\n-- migrate:downgrade\n", "StatementBeforeSection", 3)]
    [InlineData("-- Revision ID: ab-c\n-- Revises:\n-- migrate:upgrade\n-- migrate:downgrade\n", "InvalidRevisionId", 1)]
    [InlineData("-- Revision ID: head\n-- Revises:\n-- migrate:upgrade\n-- migrate:downgrade\n", "InvalidRevisionId", 1)]
    [InlineData("-- Revision ID: abc\n-- Revises:\n-- Create Date: yesterday\n-- migrate:upgrade\n-- migrate:downgrade\n", "InvalidCreateDate", 3)]
    [InlineData("-- Revision ID: abc\n-- Revises:\n-- Transaction: sometimes\n-- migrate:upgrade\n-- migrate:downgrade\n", "InvalidTransactionMode", 3)]
    [InlineData("-- Revision ID: abc\n-- Revises:\n-- Branch Labels: 9lives\n-- migrate:upgrade\n-- migrate:downgrade\n", "InvalidBranchLabel", 3)]
    [InlineData("-- Revision ID: abc\n-- Revises:\n-- migrate:sideways\n", "UnknownSection", 3)]
    public void BadFilesAreRejectedWithFileLineAndReason(string text, string errorId, int? line)
    {
        var error = Assert.Throws<MigrationException>(() => RevisionFileParser.Parse("/v/abc_bad.sql", text));
        Assert.Equal("PSMigrate." + errorId, error.ErrorId);
        Assert.Equal(MigrationErrorKind.InvalidRevisionFile, error.Kind);
        Assert.Equal("/v/abc_bad.sql", error.FilePath);
        Assert.Equal(line, error.Line);
        Assert.StartsWith(line is null ? "/v/abc_bad.sql: " : $"/v/abc_bad.sql:{line}: ", error.Message);
    }

    [Fact]
    public void WriterOutputParsesBackToTheSameRevision()
    {
        var request = new NewRevisionRequest("0a1b2c3d4e5f", "add users\nand roles", ["111111111111", "222222222222"], ["auth"], ["333333333333"],
            "CREATE TABLE users (id INTEGER);", null, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var revision = RevisionFileParser.Parse("/v/x.sql", RevisionFileWriter.Render(request));
        Assert.Equal("0a1b2c3d4e5f", revision.Revision);
        Assert.Equal("add users and roles", revision.Message);
        Assert.Equal(request.DownRevision, revision.DownRevision);
        Assert.Equal(["auth"], revision.BranchLabels);
        Assert.Equal(["333333333333"], revision.DependsOn);
        Assert.Equal(request.CreateDate, revision.CreateDate);
        Assert.Equal("CREATE TABLE users (id INTEGER);", revision.Upgrade.Text.Trim());
        Assert.True(revision.Downgrade.IsEmpty);
    }

    [Theory]
    [InlineData("Add Department!", "add_department")]
    [InlineData("  rename  address -> location ", "rename_address_location")]
    [InlineData("ÜBER straße", "ber_stra_e")]
    [InlineData("!!!", "revision")]
    public void SlugsAreLowercaseAndFileSafe(string message, string slug) => Assert.Equal(slug, RevisionNames.Slug(message));

    [Fact]
    public void NewIdsAreTwelveLowercaseHexCharacters()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => RevisionNames.NewRevisionId()).ToList();
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{12}$", id));
        Assert.Equal(100, ids.Distinct().Count());
    }

    [Fact]
    public void TheChecksumIsTheOneEarlierVersionsRecorded()
    {
        // Applied revisions carry the checksum PSMigrate 0.1 computed; the faster one must agree on any text.
        static string Original(string text) =>
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
                string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd())).Trim())));

        var random = new Random(2026);
        string[] pieces = ["SELECT 1;", " ", "\t", "\n", "\r\n", "\r", "  -- c", "\u00a0", "x", "\f"];
        for (var i = 0; i < 2000; i++)
        {
            // Every hundredth text is large (a dump), which takes another buffer.
            var count = i % 100 == 0 ? 40_000 : random.Next(0, 12);
            var text = string.Concat(Enumerable.Range(0, count).Select(_ => pieces[random.Next(pieces.Length)]));
            Assert.Equal(Original(text), RevisionFileParser.Checksum(text));
        }
    }

    [Fact]
    public void SectionsCutFromTheTextAreTheLinesTheyAlwaysWere()
    {
        // The sections were the lines between markers joined by '\n'; they are now ranges of the
        // file's text. Random files (markers, blank and comment lines, every line break form)
        // must give the same text, first line and complaint as the line-by-line reading.
        static object Reference(string text)
        {
            var lines = text.ReplaceLineEndings("\n").Split('\n');
            var sections = new Dictionary<string, (int Marker, List<string> Body)>();
            List<string>? current = null;
            for (var i = 0; i < lines.Length; i++)
            {
                var trimmed = lines[i].Trim();
                if (RevisionFileParser.SectionName(trimmed) is { } name)
                {
                    name = name.ToLowerInvariant();
                    if (name is not ("upgrade" or "downgrade"))
                    {
                        return ("UnknownSection", (int?)(i + 1));
                    }

                    if (sections.ContainsKey(name))
                    {
                        return ("DuplicateSection", (int?)(i + 1));
                    }

                    sections[name] = (i + 1, current = []);
                }
                else if (current is not null)
                {
                    current.Add(lines[i]);
                }
                else if (trimmed.Length > 0 && !trimmed.StartsWith("--", StringComparison.Ordinal))
                {
                    return ("StatementBeforeSection", (int?)(i + 1));
                }
            }

            return sections.ContainsKey("upgrade") && sections.ContainsKey("downgrade")
                ? string.Join('|', new[] { "upgrade", "downgrade" }.Select(n => $"{sections[n].Marker + 1}:{string.Join('\n', sections[n].Body)}"))
                : ("MissingSection", (int?)null);
        }

        static object Actual(string text)
        {
            try
            {
                var revision = RevisionFileParser.Parse("/v/r.sql", text);
                return $"{revision.Upgrade.FirstLine}:{revision.Upgrade.Text}|{revision.Downgrade.FirstLine}:{revision.Downgrade.Text}";
            }
            catch (MigrationException error)
            {
                return (error.Error.Name, error.Line);
            }
        }

        var random = new Random(2027);
        string[] lines = ["SELECT 1;", "-- note", "", " ", "\t", "  x  ", "-- migrate:upgrade", " --  Migrate:Downgrade ", "-- migrate:sideways"];
        string[] breaks = ["\n", "\r\n", "\r", "\f"];
        var cut = 0;
        for (var i = 0; i < 5000; i++)
        {
            var body = Enumerable.Range(0, random.Next(0, 10)).Select(_ => lines[random.Next(lines.Length)]).ToList();
            if (random.Next(10) < 9)
            {
                var at = random.Next(0, Math.Min(2, body.Count) + 1);
                body.Insert(at, "-- migrate:upgrade");
                body.Insert(random.Next(at + 1, body.Count + 1), "-- migrate:downgrade");
            }

            var text = "-- Revision ID: abc123\n-- Revises:\n" +
                string.Concat(body.Select(line => line + breaks[random.Next(breaks.Length)])) + (random.Next(2) == 0 ? "tail" : string.Empty);
            var expected = Reference(text);
            Assert.Equal(expected, Actual(text));
            cut += expected is string ? 1 : 0;
        }

        Assert.True(cut > 500, $"only {cut} of the random files had both sections");
    }

    [Theory]
    [InlineData("-- migrate:upgrade", "upgrade")]
    [InlineData("--migrate:Downgrade", "Downgrade")]
    [InlineData("--   MIGRATE:  upgrade", "upgrade")]
    [InlineData("-- migrate:up_grade2", "up_grade2")]
    [InlineData("-- migrate: up grade", null)]
    [InlineData("-- migrate:", null)]
    [InlineData("--- migrate:upgrade", null)]
    [InlineData("-- migrate upgrade", null)]
    [InlineData("-- migrate:upgrade;", null)]
    [InlineData("- migrate:upgrade", null)]
    public void SectionMarkersAreReadAsTheHeaderDescribesThem(string line, string? name) =>
        Assert.Equal(name, RevisionFileParser.SectionName(line));

    [Theory]
    [InlineData("2026-11-22T14:00:00Z")]
    [InlineData("2026-11-22T14:00:00")]
    [InlineData("2026-11-22 14:00:00.123456+00:00")]
    [InlineData("2026-11-22T14:00:00.1234567-05:30")]
    [InlineData("2024-02-29T23:59:59+14:00")]
    [InlineData("2026-11-22")]
    [InlineData("22 Nov 2026 14:00")]
    public void DatesReadByHandAgreeWithDotNet(string text)
    {
        Assert.True(DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var expected));
        Assert.True(IsoDate.TryParse(text, out var actual));
        Assert.Equal(expected, actual);
        Assert.Equal(expected.Offset, actual.Offset);
    }

    [Theory]
    [InlineData("2026-02-30T00:00:00Z")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("yesterday")]
    [InlineData("")]
    public void BadDatesAreStillRefused(string text) => Assert.False(IsoDate.TryParse(text, out _));
}
