using PSMigrate.Engine.Providers;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Tests;

/// <summary>
/// The hazard rules run before every upgrade that is not forced, so they must read anything a
/// revision can hold without failing: half-written DDL made of the words the rules look for,
/// and the real-world dumps of the module tests' corpus, on every dialect. Seeded and bounded.
/// Whatever they find as data loss, the quick test a run makes before assessing must see too.
/// </summary>
public sealed class HazardRulesFuzzTests
{
    private static readonly string[] Fragments =
    [
        "DROP", "TABLE", "COLUMN", "IF", "EXISTS", "ALTER", "ADD", "CONSTRAINT", "FOREIGN", "KEY", "REFERENCES", "CHECK", "UNIQUE", "PRIMARY",
        "NOT", "VALID", "NULL", "SET", "DATA", "TYPE", "USING", "INDEX", "CONCURRENTLY", "ON", "ONLY", "CREATE", "INSERT", "INTO", "SELECT", "FROM",
        "RENAME", "TO", "TRUNCATE", "DELETE", "UPDATE", "WHERE", "DEFAULT", "GENERATED", "STORED", "IDENTITY", "bigserial", "random()", "VACUUM", "FULL",
        "CLUSTER", "REINDEX", "WITH", "ONLINE", "NOCHECK", "t", "x", "\"q\"", "[b]", "`c`", "'s'", "$$d$$", ".", ",", "(", ")", ";", "\n", " ", "--", "/*", "*/",
    ];

    public static TheoryData<ProviderKind> Dialects => new() { ProviderKind.Sqlite, ProviderKind.PostgreSql, ProviderKind.SqlServer };

    [Theory]
    [MemberData(nameof(Dialects))]
    public void RulesReadHalfWrittenDdlWithoutFailing(ProviderKind kind)
    {
        var provider = ProviderRegistry.Get(kind);
        var random = new Random(23_11_2026 + (int)kind);
        for (var round = 0; round < 3000; round++)
        {
            var text = string.Join(' ', Enumerable.Range(0, random.Next(1, 30)).Select(_ => Fragments[random.Next(Fragments.Length)]));
            var statements = Enumerable.Range(0, random.Next(1, 4)).Select(i => new PlannedStatement(text, "/fuzz.sql", i + 1)).ToList();
            var found = provider.CreateHazardRules().Find(statements);
            Assert.All(found.Hazards, h => Assert.False(string.IsNullOrWhiteSpace(h.Object), text));

            // The run's quick test must never pass over a statement a data-loss rule (or a live check for one) reads.
            if (found.Hazards.Any(h => h.Kind == HazardKind.DataLoss) || found.Checks.Count > 0)
            {
                Assert.True(Hazards.HazardRules.MayDestroyData(text), text);
            }
        }
    }

    [Fact]
    public void TheQuickTestFindsTheWordsAnywhereInAnyCaseAsTheFrameworksSearchDoes()
    {
        var words = System.Buffers.SearchValues.Create(["DROP", "TRUNCATE", "DELETE", "UPDATE", "ALTER"], StringComparison.OrdinalIgnoreCase);
        string[] pieces = ["dRoP", "truncat", "TRUNCATE", "delete", "DELET", "uPdAtE", "alter", "ALTE", "d", "a", "t", "u", "ß", "İ", "ı", "ſ", "K", "é", "x", " ", ";", "\n", "--", "'"];
        var random = new Random(24_11_2026);
        for (var round = 0; round < 20_000; round++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 8)).Select(_ => pieces[random.Next(pieces.Length)]));
            Assert.True(Hazards.HazardRules.MayDestroyData(text) == text.AsSpan().ContainsAny(words), text);
        }
    }

    [Theory]
    [InlineData(ProviderKind.Sqlite, "sqlite-source.sql")]
    [InlineData(ProviderKind.Sqlite, "sqlite-foreign-keys-and-triggers.sql")]
    [InlineData(ProviderKind.PostgreSql, "postgresql-source.sql")]
    [InlineData(ProviderKind.PostgreSql, "postgresql-rules-and-quoting.sql")]
    public void RulesReadRealWorldDumps(ProviderKind kind, string file)
    {
        var path = Path.Combine(SourceTree.Root, "tests", "PSMigrate.Module.Tests", "Corpus", file);
        var provider = ProviderRegistry.Get(kind);
        var statements = provider.Dialect.Split(new SqlSection(File.ReadAllText(path), 1), path)
            .Where(s => !s.IsClientCommand)
            .Select(s => new PlannedStatement(s.Text, path, s.Line))
            .ToList();
        Assert.NotEmpty(statements);

        // A dump creates its tables before it indexes and fills them: nothing in it is a hazard to a database it is loaded into.
        Assert.DoesNotContain(provider.CreateHazardRules().Find(statements).Hazards, h => h.Kind == HazardKind.DataLoss);
    }
}
