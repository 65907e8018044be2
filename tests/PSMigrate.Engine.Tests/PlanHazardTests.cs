using System.Text.RegularExpressions;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Execution;
using PSMigrate.Engine.Schema;

namespace PSMigrate.Engine.Tests;

/// <summary>
/// Plans with their statements and hazards, on a real SQLite file and a real PostgreSQL
/// database holding rows: exact counts from the live database, the statement's file and line,
/// SQLite's rebuild, and on PostgreSQL -Analyze's measured locks and rewrites. Every test checks
/// that the database it planned against is exactly as it was.
/// </summary>
public sealed class PlanHazardTests
{
    private const string Tables = """
        CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(50));
        CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, note VARCHAR(200), status VARCHAR(20));
        """;

    // 1,200 orders (every sixth without a note: 1,000 notes) and 30 customers.
    private const string Rows = """
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200)
        INSERT INTO orders (id, customer_id, note, status) SELECT i, i % 30, CASE WHEN i % 6 = 0 THEN NULL ELSE 'note' END, 'open' FROM n;
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
        INSERT INTO customers (id, name) SELECT i, 'customer' FROM n;
        """;

    [Theory]
    [InlineData(ProviderKind.Sqlite)]
    [OnPostgres]
    public void EachStepSaysWhatDataItDestroysWithTheRowsCountedInTheLiveDatabase(ProviderKind provider)
    {
        using var folder = new TestFolder(provider);
        folder.Add("a1", null, Tables, "DROP TABLE orders;\nDROP TABLE customers;");
        folder.Add("a2", "a1", Rows, "DELETE FROM orders;\nDELETE FROM customers;");
        folder.Migrator().Run(MigrationDirection.Upgrade, "head");
        var a3 = folder.Add("a3", "a2", "ALTER TABLE orders DROP COLUMN note;\nUPDATE orders SET status = 'archived';\nDELETE FROM customers WHERE id > 10;\nDELETE FROM customers;",
            "ALTER TABLE orders ADD COLUMN note VARCHAR(200);");
        var before = Snapshot(folder);

        var upgrade = Assert.Single(folder.Migrator().Preview(MigrationTarget.Upgrade("head")));
        Assert.Equal(["ALTER TABLE orders DROP COLUMN note", "UPDATE orders SET status = 'archived'", "DELETE FROM customers WHERE id > 10", "DELETE FROM customers"],
            upgrade.Statements.Select(s => s.Sql));
        Assert.Equal([6, 7, 8, 9], upgrade.Statements.Select(s => s.Line ?? 0));
        Assert.Contains("INSERT INTO", upgrade.Script, StringComparison.Ordinal);
        Assert.Equal(
        [
            "DataLoss drop-column orders.note 1000 line 6: drops column orders.note (1,000 non-null values)",
            "DataLoss update-without-where orders 1200 line 7: overwrites every row of orders (no WHERE) (1,200 rows)",
            "DataLoss delete-without-where customers 30 line 9: deletes every row of customers (no WHERE) (30 rows)",
        ], upgrade.Hazards.Select(Line));
        Assert.All(upgrade.Hazards, h => Assert.Equal(a3.Path, h.Path));
        Assert.True(upgrade.LosesData);

        var down = folder.Migrator().Preview(MigrationTarget.Downgrade("base"));
        Assert.Equal(["a2", "a1"], down.Select(s => s.Revision));
        Assert.Equal(["drops table orders (1,200 rows)", "drops table customers (30 rows)"], down[1].Hazards.Select(h => h.Detail));
        Assert.Equal(["delete-without-where", "delete-without-where"], down[0].Hazards.Select(h => h.Rule));
        Assert.Equal(before, Snapshot(folder));
    }

    [Fact]
    public void ASqliteRebuildCopiesTheRowsAndLosesOnlyTheColumnItLeavesOut()
    {
        using var folder = new TestFolder();
        folder.Add("a1", null, Tables, "DROP TABLE orders;\nDROP TABLE customers;");
        folder.Add("a2", "a1", Rows, "DELETE FROM orders;");
        folder.Migrator().Run(MigrationDirection.Upgrade, "head");
        folder.Add("a3", "a2", """
            CREATE TABLE orders_new (id INTEGER PRIMARY KEY, customer_id INTEGER, status VARCHAR(20));
            INSERT INTO orders_new (id, customer_id, status) SELECT id, customer_id, status FROM orders;
            DROP TABLE orders;
            ALTER TABLE orders_new RENAME TO orders;
            """, string.Empty, transaction: "none");
        var before = Snapshot(folder);

        var step = Assert.Single(folder.Migrator().Preview(MigrationTarget.Upgrade("head")));
        Assert.Equal(
        [
            "DataLoss drop-column orders.note 1000 line 9: drops column orders.note (the rebuild does not copy it) (1,000 non-null values)",
            "Rebuild table-rebuild orders 1200 line 9: rebuilds table orders: every row is copied into a new table, which then replaces it (the database is locked for writes meanwhile) (1,200 rows copied)",
            "NonTransactional non-transactional a3 - line -: revision a3 runs without a transaction ('Transaction: none'): if a statement fails, the ones before it stay applied and Repair-Migration is needed",
            "Irreversible irreversible a3 - line -: revision a3 has an empty downgrade: Undo-Migration would move the version rows back without undoing anything",
        ], step.Hazards.Select(Line));
        Assert.Equal(before, Snapshot(folder));
    }

    [PostgresFact]
    public void AnalyzeMeasuresTheLocksAndRewritesOfEachStepInAScratchDatabaseAndRollsThemBack()
    {
        using var folder = new TestFolder(ProviderKind.PostgreSql);
        folder.Add("a1", null, "CREATE TABLE accounts (id integer PRIMARY KEY, name varchar(50), code varchar(50));", "DROP TABLE accounts;");
        folder.Add("a2", "a1", "INSERT INTO accounts SELECT g, 'name ' || g, 'code ' || g FROM generate_series(1, 500) g;", "DELETE FROM accounts;");
        folder.Migrator().Run(MigrationDirection.Upgrade, "head");
        folder.Add("b1", "a2", "ALTER TABLE accounts ALTER COLUMN id TYPE bigint;", "ALTER TABLE accounts ALTER COLUMN id TYPE integer;");
        folder.Add("b2", "b1", "ALTER TABLE accounts ADD COLUMN flag integer DEFAULT 0;", "ALTER TABLE accounts DROP COLUMN flag;");
        folder.Add("b3", "b2", "CREATE INDEX ix_accounts_name ON accounts (name);", "DROP INDEX ix_accounts_name;");
        folder.Add("b4", "b3", "ALTER TABLE accounts ALTER COLUMN code TYPE varchar(10);", "ALTER TABLE accounts ALTER COLUMN code TYPE varchar(50);");
        var before = Snapshot(folder);

        var observer = new RecordingObserver();
        var steps = folder.Migrator().Preview(MigrationTarget.Upgrade("head"), analyze: true, observer: observer);
        Assert.Equal(["b1", "b2", "b3", "b4"], steps.Select(s => s.Revision));
        Assert.Equal(
        [
            "Lock measured-lock accounts 500 line -: holds ACCESS EXCLUSIVE lock on accounts until commit: every read and write of it waits (measured in a scratch database; 500 rows in accounts now)",
            "Rewrite measured-rewrite accounts 500 line -: rewrites table accounts (it got a new data file) (measured in a scratch database; 500 rows in accounts now)",
        ], steps[0].Hazards.Select(Line));
        Assert.DoesNotContain(steps[1].Hazards, h => h.Kind == "Rewrite");
        Assert.Contains(steps[2].Hazards, h => h.Rule == "measured-lock" && h.Detail.StartsWith("holds SHARE lock on accounts", StringComparison.Ordinal));
        Assert.Contains(steps[2].Hazards, h => h.Rule == "index-without-concurrently" && !h.Measured && h.Line == 6);
        Assert.Contains(steps[3].Hazards, h => h.Rule == "narrowing-type" && h.Rows == 500 &&
                                                h.Detail == "changes accounts.code from character varying(50) to varchar(10), which can cut values or fail on them (500 non-null values)");
        Assert.Contains(steps[3].Hazards, h => h.Rule == "measured-rewrite");

        var scratch = Assert.Single(observer.Messages.Select(p => Regex.Match(p, "Created the temporary database (psmigrate_scratch_[0-9]+_[0-9a-f]+)")), m => m.Success).Groups[1].Value;
        Assert.Contains($"Removed the temporary database {scratch}.", observer.Messages);
        Assert.Empty(folder.Postgres!.Column($"SELECT datname FROM pg_database WHERE datname = '{scratch}'"));
        Assert.Equal(before, Snapshot(folder));

        var unmeasured = folder.Migrator().Preview(MigrationTarget.Upgrade("b1"));
        Assert.Equal(["column-type-change"], Assert.Single(unmeasured).Hazards.Select(h => h.Rule));
    }

    [Fact]
    public void EveryStaticPostgreSqlRuleFindsWhatTheCorpusExpects()
    {
        var corpus = HazardCorpus.Read(Path.Combine(AppContext.BaseDirectory, "Hazards", "postgres-corpus.sql"));
        Assert.True(corpus.Count >= 40, $"the corpus has {corpus.Count} statements");
        foreach (var (statement, expected) in corpus)
        {
            var found = new Providers.PostgreSql.PostgreSqlHazardRules().Find([statement]).Hazards.Select(h => h.Rule).Order().ToList();
            Assert.True(expected.Order().SequenceEqual(found), $"line {statement.Line}: {statement.Sql}\n expected: {string.Join(", ", expected)}\n found: {string.Join(", ", found)}");
        }
    }

    [Fact]
    public void SqlServerStaticRulesReadEveryStatementOfABatchAndSayTheyAreNotRunLive()
    {
        var batch = new PlannedStatement("""
            ALTER TABLE dbo.orders ALTER COLUMN note nvarchar(40) NOT NULL
            CREATE INDEX ix_orders_status ON dbo.orders (status)
            CREATE INDEX ix_orders_created ON dbo.orders (created) WITH (ONLINE = ON)
            ALTER TABLE dbo.orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES dbo.customers (id)
            ALTER TABLE dbo.orders DROP COLUMN legacy, remark
            DELETE FROM dbo.audit
            DROP TABLE [dbo].[old orders]
            """, "v.sql", 5);
        var found = new Providers.SqlServer.SqlServerHazardRules().Find([batch]);
        Assert.Equal(["column-alter", "index-offline", "foreign-key-validated", "drop-column", "drop-column", "delete-without-where", "drop-table"],
            found.Hazards.Select(h => h.Rule));
        Assert.Equal(["dbo.orders.legacy", "dbo.orders.remark", "dbo.old orders"], found.Hazards.Where(h => h.Kind == HazardKind.DataLoss && h.Rule != "delete-without-where").Select(h => h.Object));
        Assert.All(found.Hazards.Where(h => h.Kind != HazardKind.DataLoss), h => Assert.EndsWith("(static rule; SQL Server is not run live here)", h.Action));
        Assert.Equal("nvarchar(40)", Assert.IsType<Hazards.TypeChangeCheck>(Assert.Single(found.Checks)).NewType);
    }

    [Fact]
    public void SqlServerForeignKeysAsSsmsScriptsThemAreReadWithTheirCheckOption()
    {
        var found = new Providers.SqlServer.SqlServerHazardRules().Find(
        [
            new PlannedStatement("ALTER TABLE [dbo].[orders] WITH CHECK ADD CONSTRAINT [fk_a] FOREIGN KEY ([customer_id]) REFERENCES [dbo].[customers] ([id])", "v.sql", 1),
            new PlannedStatement("ALTER TABLE [dbo].[orders] WITH NOCHECK ADD CONSTRAINT [fk_b] FOREIGN KEY ([customer_id]) REFERENCES [dbo].[customers] ([id])", "v.sql", 2),
        ]);
        Assert.Equal([1], found.Hazards.Where(h => h.Rule == "foreign-key-validated").Select(h => h.Statement!.Line ?? 0));
    }

    [Fact]
    public void TablesCreatedEarlierInThePlanAreNewAndEmptySoNoRuleFlagsThem()
    {
        var rules = new Providers.PostgreSql.PostgreSqlHazardRules();
        Assert.Empty(rules.Find([new PlannedStatement("CREATE TABLE fresh (id integer, note text)", "a.sql", 1)]).Hazards);
        Assert.Empty(rules.Find(
        [
            new PlannedStatement("CREATE INDEX ix_fresh ON fresh (note)", "b.sql", 1),
            new PlannedStatement("ALTER TABLE fresh ALTER COLUMN id TYPE bigint", "b.sql", 2),
            new PlannedStatement("ALTER TABLE fresh DROP COLUMN note", "b.sql", 3),
            new PlannedStatement("DELETE FROM fresh", "b.sql", 4),
            new PlannedStatement("ALTER TABLE fresh RENAME TO renamed", "b.sql", 5),
            new PlannedStatement("CREATE INDEX ix_renamed ON renamed (id)", "b.sql", 6),
        ]).Hazards);
        Assert.Equal(["index-without-concurrently"], rules.Find([new PlannedStatement("CREATE INDEX ix_old ON old (note)", "c.sql", 1)]).Hazards.Select(h => h.Rule));
    }

    [Fact]
    public void ATableRebuiltUnderItsOldNameHoldsTheOldRowsSoLaterStepsAreStillChecked()
    {
        PlannedStatement[] rebuild =
        [
            new("CREATE TABLE orders_new (id integer PRIMARY KEY, note text)", "a.sql", 1),
            new("INSERT INTO orders_new (id, note) SELECT id, note FROM orders", "a.sql", 2),
            new("DROP TABLE orders", "a.sql", 3),
            new("ALTER TABLE orders_new RENAME TO orders", "a.sql", 4),
        ];
        foreach (var rules in new Hazards.HazardRules[] { new Providers.PostgreSql.PostgreSqlHazardRules(), new Providers.Sqlite.SqliteHazardRules() })
        {
            rules.Find(rebuild);
            Assert.Equal(["drop-table"], rules.Find([new PlannedStatement("DROP TABLE orders", "b.sql", 1)]).Hazards.Select(h => h.Rule));
        }
    }

    private static string Line(MigrationHazard h) => $"{h.Kind} {h.Rule} {h.Object} {h.Rows?.ToString() ?? "-"} line {h.Line?.ToString() ?? "-"}: {h.Detail}";

    /// <summary>The schema as the catalog reads it and every table's row count: equal snapshots mean nothing changed.</summary>
    [Fact]
    public void ARunThatOnlyRefusesDataLossAssessesAPlanOnlyWhenAStatementCouldLoseSome()
    {
        using var folder = new TestFolder(ProviderKind.Sqlite);
        folder.Add("a1", null, Tables, "DROP TABLE orders;\nDROP TABLE customers;");
        folder.Add("a2", "a1", "CREATE INDEX ix_orders_status ON orders (status);", "DROP INDEX ix_orders_status;");

        var adding = new AssessmentRecorder();
        Assert.Equal(2, folder.Migrator().Run(MigrationDirection.Upgrade, "head", adding).Count);
        Assert.Equal(0, adding.Assessments);

        folder.Add("a3", "a2", "CREATE TABLE notes (id INTEGER);\n-- the old column goes\nALTER TABLE orders DROP COLUMN note;", "ALTER TABLE orders ADD COLUMN note VARCHAR(200);");
        var dropping = new AssessmentRecorder();
        Assert.Single(folder.Migrator().Run(MigrationDirection.Upgrade, "head", dropping));
        Assert.Equal(1, dropping.Assessments);
        Assert.Equal(["drop-column"], dropping.Rules);

        // Downgrades pass through the same test: a1's DROP TABLE is read.
        var down = new AssessmentRecorder();
        Assert.Equal(3, folder.Migrator().Run(MigrationDirection.Downgrade, "base", down).Count);
        Assert.Equal(1, down.Assessments);
        Assert.Contains("drop-table", down.Rules);
    }

    private sealed class AssessmentRecorder : MigrationObserver
    {
        public int Assessments { get; private set; }

        public List<string> Rules { get; } = [];

        public override bool WantsHazards => true;

        public override bool WantsOnlyDataLoss => true;

        public override void Assessed(IReadOnlyList<PlannedMigrationStep> steps)
        {
            Assessments++;
            Rules.AddRange(steps.SelectMany(s => s.Hazards).Where(h => h.Kind == nameof(HazardKind.DataLoss)).Select(h => h.Rule));
        }
    }

    private static string Snapshot(TestFolder folder)
    {
        var schema = new SchemaInspector(folder.Graph(), folder.Database).Live();
        var counts = schema.Tables.Select(t => $"{t.Name}={folder.Column($"SELECT count(*) FROM {t.Name}")[0]}");
        var heads = folder.Heads();
        return string.Join("\n", schema.Tables.Select(t => t.ToString() + ": " + string.Join(", ", t.Columns)).Concat(counts).Append("heads " + string.Join(",", heads)));
    }

    private sealed class RecordingObserver : MigrationObserver
    {
        public List<string> Messages { get; } = [];

        public override void Progress(string message) => Messages.Add(message);
    }
}

/// <summary>The hazard corpus: statements with the rules expected above each ('-- expect: a, b' or 'none').</summary>
internal static class HazardCorpus
{
    public static List<(PlannedStatement Statement, List<string> Expected)> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var cases = new List<(PlannedStatement, List<string>)>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("-- expect:", StringComparison.Ordinal))
            {
                continue;
            }

            var expected = lines[i]["-- expect:".Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(r => r != "none").ToList();
            var start = i + 1;
            var end = start;
            while (end < lines.Length && lines[end].Length > 0 && !lines[end].StartsWith("-- expect:", StringComparison.Ordinal))
            {
                end++;
            }

            cases.Add((new PlannedStatement(string.Join('\n', lines[start..end]), path, start + 1), expected));
            i = end - 1;
        }

        return cases;
    }
}
