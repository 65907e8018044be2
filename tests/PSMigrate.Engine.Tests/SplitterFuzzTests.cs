using System.Diagnostics;
using PSMigrate.Engine.Providers;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Tests;

/// <summary>
/// Every dialect's splitter ends, on any text: random characters, every control character,
/// unterminated quotes, comments and dollar quotes. Seeded and bounded, so it runs in CI.
/// </summary>
public sealed class SplitterFuzzTests
{
    private const int Seed = 15_2026;

    private static readonly string[] Fragments =
    [
        "'", "\"", "`", "[", "]", "$$", "$tag$", "$1", "E'", "e'\\", "\\'", "/*", "*/", "/* /* */", "--", "\n", "\r\n", ";",
        "BEGIN", "END", "CASE", "ATOMIC", "CREATE TRIGGER t", "GO", "GO 3", "go -1", "(", ")", "\0", "\u0001", "\u001b", "\u007f", "\uFEFF",
        "SELECT 1", " ", "\t", "x", "é", "\uD83D\uDE00",
        "COPY t FROM STDIN", "COPY t (a) FROM stdin WITH (FORMAT csv)", "\\.", "\\restrict k", "\\c db", ".read x", ".", "BEGIN TRANSACTION", "COMMIT",
    ];

    public static TheoryData<ProviderKind> Dialects => new() { ProviderKind.Sqlite, ProviderKind.PostgreSql, ProviderKind.SqlServer };

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task SplittingAlwaysEndsAndKeepsEveryNonBlankCharacter(ProviderKind kind)
    {
        var dialect = ProviderRegistry.Get(kind).Dialect;
        var random = new Random(Seed + (int)kind);
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < 3000; round++)
        {
            var text = round % 3 == 0 ? RandomCharacters(random) : RandomFragments(random);
            var split = Task.Run(() =>
            {
                try
                {
                    return dialect.Split(new SqlSection(text, 1), "/fuzz.sql");
                }
                catch (MigrationException refused)
                {
                    // A client command or setting refused up front is an answer too, if it says where.
                    Assert.Equal("/fuzz.sql", refused.FilePath);
                    Assert.InRange(refused.Line ?? 0, 1, text.Count(c => c == '\n') + 1);
                    return [];
                }
            });
            foreach (var statement in await TaskLimits.Within(split, TimeSpan.FromSeconds(5), $"{kind} splitter did not end on: {Escape(text)}"))
            {
                Assert.InRange(statement.Line, 1, text.Count(c => c == '\n') + 1);
                Assert.False(string.IsNullOrWhiteSpace(statement.Text));
            }
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{clock.Elapsed} for 3000 rounds");
    }

    [Fact]
    public void EveryControlCharacterIsRefusedWithItsLineBeforeAnythingRuns()
    {
        for (var c = 0; c < 32; c++)
        {
            var ch = (char)c;
            var text = $"-- Revision ID: r1\n-- Revises:\n\n-- migrate:upgrade\nCREATE TABLE a (id INTEGER);\nCREATE TABLE b (id{ch}INTEGER);\n\n-- migrate:downgrade\nDROP TABLE a;\n";
            if (ch is '\t' or '\n' or '\r' or '\f')
            {
                RevisionFileParser.Parse("/v/r1.sql", text);
                continue;
            }

            var error = Assert.Throws<MigrationException>(() => RevisionFileParser.Parse("/v/r1.sql", text));
            Assert.Equal("PSMigrate.InvalidCharacter", error.ErrorId);
            Assert.Equal(6, error.Line);
            Assert.Contains($"U+{c:X4}", error.Message);
            Assert.StartsWith("/v/r1.sql:6:", error.Message);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x2D, 0x00, 0x2D, 0x00, 0x20, 0x00, 0x52, 0x00, 0x65, 0x00, 0x76, 0x00, 0x69, 0x00, 0x73, 0x00 }, "UTF-16 without a byte order mark")]
    [InlineData(new byte[] { 0x2D, 0x2D, 0x20, 0x0A, 0x53, 0x45, 0x4C, 0xC3, 0x28, 0x0A }, "not valid UTF-8")]
    public void ABadEncodingIsNamedWithTheFile(byte[] bytes, string detail)
    {
        var error = Assert.Throws<MigrationException>(() => RevisionText.Decode("/v/r1.sql", bytes));
        Assert.Equal("PSMigrate.InvalidEncoding", error.ErrorId);
        Assert.Contains(detail, error.Message);
        Assert.Contains("/v/r1.sql", error.Message);
    }

    [Fact]
    public void Utf16WithAByteOrderMarkIsRead()
    {
        var text = "-- Revision ID: r1\n-- Revises:\n-- migrate:upgrade\nSELECT 'é';\n-- migrate:downgrade\n";
        var bytes = System.Text.Encoding.Unicode.GetPreamble().Concat(System.Text.Encoding.Unicode.GetBytes(text)).ToArray();
        Assert.Equal(text, RevisionText.Decode("/v/r1.sql", bytes));
    }

    private static string RandomCharacters(Random random)
    {
        var chars = new char[random.Next(0, 400)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)random.Next(0, 0x250);
        }

        return new string(chars);
    }

    private static string RandomFragments(Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(1, 60)).Select(_ => Fragments[random.Next(Fragments.Length)]));

    private static string Escape(string text) =>
        string.Concat(text.Select(c => c < ' ' || c > '~' ? $"\\u{(int)c:X4}" : c.ToString()));
}
