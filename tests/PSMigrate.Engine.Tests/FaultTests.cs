using Microsoft.Data.Sqlite;
using PSMigrate.Engine.Configuration;

namespace PSMigrate.Engine.Tests;

/// <summary>
/// The fault battery's findings, each reproduced on a real database: hostile bytes, SQLite's
/// table-rebuild hazards, lost connections, timeouts, lock waits and stopping a run.
/// </summary>
public sealed class FaultTests
{
    private static IReadOnlyList<MigrationStepResult> Up(TestFolder folder, string target = "head") =>
        folder.Migrator().Run(MigrationDirection.Upgrade, target);

    [Fact]
    public async Task ANulByteBetweenStatementsIsRefusedBeforeAnythingRuns()
    {
        using var folder = new TestFolder();
        folder.Add("r1", null, "CREATE TABLE a (id INTEGER);", "DROP TABLE a;");
        File.WriteAllText(Path.Combine(folder.Project.VersionsDirectory, "r2.sql"),
            "-- Revision ID: r2\n-- Revises: r1\n\n-- migrate:upgrade\nCREATE TABLE b (id INTEGER);\n\0\nCREATE TABLE c (id INTEGER);\n\n-- migrate:downgrade\nDROP TABLE c;\n");

        var error = await TaskLimits.Within(Task.Run(() => Assert.Throws<MigrationException>(() => Up(folder))), TimeSpan.FromSeconds(10), "the upgrade did not end");
        Assert.Equal("PSMigrate.InvalidCharacter", error.ErrorId);
        Assert.Equal(6, error.Line);
        Assert.EndsWith("r2.sql", error.FilePath);
        Assert.False(File.Exists(folder.SqliteFile));
    }

    [Fact]
    public void AHandWrittenSqliteRebuildDoesNotCascadeDeleteChildRows()
    {
        using var folder = new TestFolder();
        folder.Add("r1", null, """
            CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);
            CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id) ON DELETE CASCADE);
            INSERT INTO parent (id, name) VALUES (1, 'one'), (2, 'two');
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) INSERT INTO child (id, parent_id) SELECT i, 1 + i % 2 FROM n;
            """, "DROP TABLE child; DROP TABLE parent;");
        folder.Add("r2", "r1", """
            CREATE TABLE parent_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
            INSERT INTO parent_new (id, name) SELECT id, name FROM parent;
            DROP TABLE parent;
            ALTER TABLE parent_new RENAME TO parent;
            """, "SELECT 1;");
        Up(folder);

        Assert.Equal(["1000"], folder.Column("SELECT count(*) FROM child"));
        Assert.Empty(folder.Column("SELECT * FROM pragma_foreign_key_check"));
        Assert.Equal(["1"], folder.Column("PRAGMA foreign_keys"));
    }

    [Fact]
    public void ASqliteRevisionThatBreaksAForeignKeyFailsNamingTheRowsAndRollsBack()
    {
        using var folder = new TestFolder();
        folder.Add("r1", null, "CREATE TABLE parent (id INTEGER PRIMARY KEY);\nCREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id));", "DROP TABLE child; DROP TABLE parent;");
        folder.Add("r2", "r1", "INSERT INTO parent VALUES (1);\nINSERT INTO child VALUES (10, 1), (11, 2), (12, 3);", "DELETE FROM child; DELETE FROM parent;");

        var error = Assert.Throws<MigrationException>(() => Up(folder));
        Assert.Equal("PSMigrate.ForeignKeyViolation", error.ErrorId);
        Assert.Equal("r2", error.Revision);
        Assert.Contains("2 row(s) that break a foreign key: table 'child' rowid 11 -> 'parent'; table 'child' rowid 12 -> 'parent'", error.Message);
        Assert.Contains("rolled back; the database is still at r1", error.Message);
        Assert.Equal(["0"], folder.Column("SELECT count(*) FROM child"));
        Assert.Equal(["r1"], folder.Heads());
    }

    [Fact]
    public void ARevisionOutsideATransactionThatTurnsForeignKeysOnDoesNotLeaveThemOnForTheRevisionsAfterIt()
    {
        // Foreign keys go off once for the run. SQLite's pragma does nothing inside a transaction,
        // but a 'Transaction: none' revision runs outside one and can turn them back on; the next
        // revision's DROP TABLE would then cascade into the child rows.
        using var folder = new TestFolder();
        AddParentWithThreeChildren(folder, "r1");
        folder.Add("r2", "r1", "PRAGMA foreign_keys = ON;", "SELECT 1;", transaction: "none");
        AddParentRebuild(folder, "r3", "r2");

        folder.Migrator().Run(MigrationDirection.Upgrade, "head");

        Assert.Equal(["r3"], folder.Heads());
        Assert.Equal(["3"], folder.Column("SELECT count(*) FROM child"));
    }

    [Fact]
    public async Task ASqliteRevisionGivesUpWaitingForTheWriteLockAfterLockWaitTimeoutAndATryAgainStillRunsWithForeignKeysOff()
    {
        // The driver retried a busy BEGIN for its own 30 s whatever LockWaitTimeout said. And
        // foreign keys go off once for a whole run, not around each revision, so a revision tried
        // again must find them still off: on, its DROP TABLE would cascade into the child rows.
        using var folder = new TestFolder(settings: new Configuration.MigrationSettings { LockWaitTimeout = 1 });
        AddParentWithThreeChildren(folder, "r1");
        folder.Add("r2", "r1", "CREATE TABLE other (id INTEGER);", "DROP TABLE other;");
        AddParentRebuild(folder, "r3", "r2");
        Up(folder, "r1");
        using var application = new SqliteConnection($"Data Source={folder.SqliteFile};Pooling=False");
        application.Open();

        var alone = new WriterBeforeStep("r3", application, holdFor: TimeSpan.FromSeconds(4));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = Assert.Throws<MigrationException>(() => folder.Migrator().Run(MigrationDirection.Upgrade, "head", alone));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3.5), $"gave up after {clock.Elapsed}");
        Assert.Equal("PSMigrate.LockWaitTimeout", error.ErrorId);
        Assert.Equal("r3", error.Revision);
        await alone.Released!;
        Assert.Equal(["r2"], folder.Heads());

        var retried = new WriterBeforeStep("r3", application, holdFor: TimeSpan.FromSeconds(1.5));
        new Execution.Migrator(folder.Graph(), folder.Database) { LockWaitRetries = 3 }.Run(MigrationDirection.Upgrade, "head", retried);
        await retried.Released!;
        Assert.Contains(retried.Warnings, w => w.Contains("Trying revision r3 again in 1 s (1 of 3)", StringComparison.Ordinal));
        Assert.Equal(["r3"], folder.Heads());
        Assert.Equal(["3"], folder.Column("SELECT count(*) FROM child"));
    }

    [Fact]
    public void ARebuildOfATableAViewReadsKeepsTheView()
    {
        using var folder = new TestFolder();
        folder.Add("r1", null, """
            CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);
            CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id));
            CREATE VIEW v_parent AS SELECT id, name FROM parent;
            CREATE TRIGGER child_touches_parent AFTER INSERT ON child BEGIN UPDATE parent SET name = name WHERE id = NEW.parent_id; END;
            INSERT INTO parent VALUES (1, 'one');
            """, "DROP VIEW v_parent; DROP TABLE child; DROP TABLE parent;");
        folder.Write("r2.ps1", "# Revision ID: r2\n# Revises: r1\nfunction Upgrade { }\nfunction Downgrade { }\n");
        var migrator = folder.Migrator(new OperationsRunner(o => o.AlterColumn("parent", new Operations.ColumnChange("name", Nullable: false))));
        migrator.Run(MigrationDirection.Upgrade, "head");

        Assert.Equal(["one"], folder.Column("SELECT name FROM v_parent"));
        Assert.Contains("NOT NULL", folder.Column("SELECT sql FROM sqlite_master WHERE name = 'parent'").Single());
        Assert.Single(folder.Column("SELECT name FROM sqlite_master WHERE name = 'child_touches_parent'"));
    }

    /// <summary>r1 of the foreign-key tests: a parent row with three children that cascade on delete.</summary>
    private static void AddParentWithThreeChildren(TestFolder folder, string id) =>
        folder.Add(id, null, """
            CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);
            CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id) ON DELETE CASCADE);
            INSERT INTO parent (id, name) VALUES (1, 'one');
            INSERT INTO child (id, parent_id) VALUES (1, 1), (2, 1), (3, 1);
            """, "DROP TABLE child; DROP TABLE parent;");

    /// <summary>A hand-written rebuild of the parent table: with foreign keys on, its DROP TABLE cascades into the children.</summary>
    private static void AddParentRebuild(TestFolder folder, string id, string parent) =>
        folder.Add(id, parent, """
            CREATE TABLE parent_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
            INSERT INTO parent_new (id, name) SELECT id, name FROM parent;
            DROP TABLE parent;
            ALTER TABLE parent_new RENAME TO parent;
            """, "SELECT 1;");
}

/// <summary>Takes SQLite's write lock on another connection just before a step starts, and gives it up a while later.</summary>
internal sealed class WriterBeforeStep(string revision, SqliteConnection application, TimeSpan holdFor) : Execution.MigrationObserver
{
    public List<string> Warnings { get; } = [];

    public Task? Released { get; private set; }

    public override void StepStarting(Planning.MigrationStep step, int index, int count)
    {
        if (step.Revision.Revision == revision && Released is null)
        {
            Run("BEGIN IMMEDIATE");
            Released = Task.Delay(holdFor).ContinueWith(_ => Run("COMMIT"));
        }
    }

    public override void Warning(string message) => Warnings.Add(message);

    private void Run(string sql)
    {
        using var command = application.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>Stands in for the module's PowerShell runner: a revision's Upgrade given as a delegate over the operations.</summary>
internal sealed class OperationsRunner(Action<Execution.SchemaOperations> upgrade, Action<Execution.SchemaOperations>? downgrade = null) : Execution.IRevisionRunner
{
    public void Run(MigrationRevision revision, MigrationDirection direction, Execution.SchemaOperations operations) =>
        (direction == MigrationDirection.Upgrade ? upgrade : downgrade ?? (_ => { }))(operations);
}

/// <summary>Faults of a server: a connection killed mid-revision, timeouts, lock waits, stopping.</summary>
public sealed class ServerFaultTests
{
    private static void WaitUntil(Func<bool> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "timed out waiting until " + what);
            Thread.Sleep(50);
        }
    }

    [PostgresFact]
    public void ALostConnectionSaysSoNamesTheRevisionAndLineAndAnotherRunTakesOver()
    {
        using var folder = new TestFolder(ProviderKind.PostgreSql);
        folder.Add("r1", null, "CREATE TABLE a (id INT);", "DROP TABLE a;");
        var slow = folder.Add("r2", "r1", "CREATE TABLE b (id INT);\nSELECT pg_sleep(30);", "DROP TABLE b;");
        folder.Migrator().Run(MigrationDirection.Upgrade, "r1");

        var run = Task.Run(() => Record.Exception(() => folder.Migrator().Run(MigrationDirection.Upgrade, "head")));
        WaitUntil(() => folder.Postgres!.BackendsRunning("pg_sleep(30)").Count == 1, "the revision sleeps");
        folder.Postgres!.Administer($"SELECT pg_terminate_backend({folder.Postgres.BackendsRunning("pg_sleep(30)").Single()})");

        Assert.True(run.Wait(TimeSpan.FromSeconds(15)));
        var error = Assert.IsType<MigrationException>(run.Result);
        Assert.Equal("PSMigrate.ConnectionLost", error.ErrorId);
        Assert.Equal("r2", error.Revision);
        Assert.Equal(slow.Path, error.FilePath);
        Assert.Equal(7, error.Line);
        Assert.Contains($"failed at {slow.Path}:7: the connection to the database was lost", error.Message);
        Assert.Contains("released the deployment lock with the session", error.Message);
        Assert.Equal(["r1"], folder.Heads());
        Assert.Empty(folder.Column("SELECT 1 FROM information_schema.tables WHERE table_name = 'b'"));

        // The lock went with the session: the next run takes it at once.
        folder.Add("r2", "r1", "CREATE TABLE b (id INT);", "DROP TABLE b;");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        folder.Migrator().Run(MigrationDirection.Upgrade, "head");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal(["r2"], folder.Heads());
    }

    [PostgresFact]
    public void ACommandTimeoutSaysItTimedOut()
    {
        using var folder = new TestFolder(ProviderKind.PostgreSql, new Configuration.MigrationSettings { CommandTimeout = 1 });
        folder.Add("r1", null, "CREATE TABLE a (id INT);\nSELECT pg_sleep(4);", "DROP TABLE a;");
        var error = Assert.Throws<MigrationException>(() => folder.Migrator().Run(MigrationDirection.Upgrade, "head"));
        Assert.Equal("PSMigrate.StatementTimeout", error.ErrorId);
        Assert.Contains("timed out: it ran longer than CommandTimeout (1 s)", error.Message);
        Assert.Contains(":7:", error.Message.Replace($"{error.FilePath}:7", ":7:", StringComparison.Ordinal));
        Assert.DoesNotContain("Exception while reading from stream", error.Message);
        Assert.Empty(folder.Column("SELECT 1 FROM information_schema.tables WHERE table_name = 'a'"));
    }

    [PostgresFact]
    public void ARevisionThatTurnsTheTimeoutsOffDoesNotTurnThemOffForTheRevisionsAfterIt()
    {
        // pg_dump output starts like r1; a plain SET inside a committed transaction stays for the session.
        using var folder = new TestFolder(ProviderKind.PostgreSql, new Configuration.MigrationSettings { CommandTimeout = 1 });
        folder.Add("r1", null, "SET statement_timeout = 0;\nSET lock_timeout = 0;\nCREATE TABLE a (id INT);", "DROP TABLE a;");
        folder.Add("r2", "r1", "SELECT pg_sleep(3);", "SELECT 1;");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = Assert.Throws<MigrationException>(() => folder.Migrator().Run(MigrationDirection.Upgrade, "head"));
        Assert.Equal("PSMigrate.StatementTimeout", error.ErrorId);
        Assert.Equal("r2", error.Revision);
        Assert.DoesNotContain("did not answer", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), $"stopped after {clock.Elapsed}");
        Assert.Equal(["r1"], folder.Column("SELECT version_num FROM psmigrate_version"));
    }

    [PostgresFact]
    public void AStatementAnotherSessionCancelsIsNotReportedAsTheRunBeingStopped()
    {
        using var folder = new TestFolder(ProviderKind.PostgreSql);
        folder.Add("r1", null, "CREATE TABLE a (id INT);\nSELECT pg_sleep(30);", "DROP TABLE a;");
        var canceller = Task.Run(() =>
        {
            using var admin = new Npgsql.NpgsqlConnection(folder.ConnectionString);
            admin.Open();
            using var cancel = new Npgsql.NpgsqlCommand(
                "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()", admin);
            for (var tries = 0; tries < 200 && cancel.ExecuteScalar() is not true; tries++)
            {
                Thread.Sleep(50);
            }
        });

        var error = Assert.Throws<MigrationException>(() => folder.Migrator().Run(MigrationDirection.Upgrade, "head"));
        canceller.Wait();
        Assert.Equal("PSMigrate.Cancelled", error.ErrorId);
        Assert.Contains("the server cancelled the statement: another session or an administrator stopped it", error.Message);
        Assert.DoesNotContain("the run was stopped", error.Message);
        Assert.Contains(":7:", error.Message.Replace($"{error.FilePath}:7", ":7:", StringComparison.Ordinal));
        Assert.Empty(folder.Column("SELECT 1 FROM information_schema.tables WHERE table_name = 'a'"));
    }

    [PostgresFact]
    public void CommandTimeoutBoundsEachStatementNotTheRevisionSentAsOneBatch()
    {
        // The revision goes in one round trip and the server answers only at its end: a timeout
        // kept by the client would see 1.2 s of silence and give up on statements that each took 0.6 s.
        using var folder = new TestFolder(ProviderKind.PostgreSql, new Configuration.MigrationSettings { CommandTimeout = 1 });
        folder.Add("r1", null, "SELECT pg_sleep(0.6);\nSELECT pg_sleep(0.6);\nCREATE TABLE a (id INT);", "DROP TABLE a;");
        folder.Migrator().Run(MigrationDirection.Upgrade, "head");
        Assert.Single(folder.Column("SELECT 1 FROM information_schema.tables WHERE table_name = 'a'"));
    }

    [PostgresFact]
    public void ARevisionThatWaitsTooLongForALockGivesUpNamingWhoHoldsItAndCanTryAgain()
    {
        using var folder = new TestFolder(ProviderKind.PostgreSql, new Configuration.MigrationSettings { LockWaitTimeout = 1 });
        folder.Add("r1", null, "CREATE TABLE items (id INT);\nINSERT INTO items VALUES (1);", "DROP TABLE items;");
        folder.Add("r2", "r1", "ALTER TABLE items ADD COLUMN note TEXT;", "ALTER TABLE items DROP COLUMN note;");
        folder.Migrator().Run(MigrationDirection.Upgrade, "r1");

        using var application = new Npgsql.NpgsqlConnection(folder.ConnectionString + ";Application Name=busy-app");
        application.Open();
        var transaction = application.BeginTransaction();
        using (var read = new Npgsql.NpgsqlCommand("SELECT * FROM items", application, transaction))
        {
            read.ExecuteScalar();
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = Assert.Throws<MigrationException>(() => folder.Migrator().Run(MigrationDirection.Upgrade, "head"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"gave up after {clock.Elapsed}");
        Assert.Equal("PSMigrate.LockWaitTimeout", error.ErrorId);
        Assert.Contains("waited too long for a lock another session holds", error.Message);
        Assert.Contains($"items (AccessShareLock) held by backend {application.ProcessID}", error.Message);
        Assert.Contains("(busy-app), idle in transaction: SELECT * FROM items", error.Message);
        Assert.Equal(["r1"], folder.Heads());

        // With retries, the revision runs once the application's transaction ends.
        var observer = new RecordingObserver();
        var finish = Task.Delay(1500).ContinueWith(_ => transaction.Commit());
        new Execution.Migrator(folder.Graph(), folder.Database) { LockWaitRetries = 3 }.Run(MigrationDirection.Upgrade, "head", observer);
        finish.Wait();
        Assert.Contains(observer.Warnings, w => w.Contains("Trying revision r2 again in 1 s (1 of 3)", StringComparison.Ordinal));
        Assert.Equal(["r2"], folder.Heads());
    }

    [Theory]
    [InlineData(ProviderKind.Sqlite, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 500000000) SELECT count(*) FROM c;")]
    [InlineData(ProviderKind.PostgreSql, "SELECT pg_sleep(8);")]
    public async Task StoppingARunCancelsTheRunningStatementAndRollsTheRevisionBackAtOnce(ProviderKind provider, string slow)
    {
        if (provider == ProviderKind.PostgreSql && !PostgresDatabase.Available)
        {
            return;
        }

        using var folder = new TestFolder(provider);
        folder.Add("r1", null, "CREATE TABLE a (id INT);", "DROP TABLE a;");
        folder.Add("r2", "r1", "CREATE TABLE b (id INT);\n" + slow, "DROP TABLE b;");
        folder.Migrator().Run(MigrationDirection.Upgrade, "r1");

        using var stop = new CancellationTokenSource();
        var statement = new ManualResetEventSlim();
        var observer = new StatementWatcher(text => text.Contains(slow[..15], StringComparison.Ordinal), statement);
        var run = Task.Run(() => Record.Exception(() => folder.Migrator().Run(MigrationDirection.Upgrade, "head", observer, stop.Token)));
        Assert.True(statement.Wait(TimeSpan.FromSeconds(10)));
        Thread.Sleep(500);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        stop.Cancel();
        var ended = await TaskLimits.Within(run, TimeSpan.FromSeconds(5), "the run did not end after it was stopped");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the run ended {clock.Elapsed} after it was stopped");
        var error = Assert.IsType<MigrationException>(ended);
        Assert.Equal("PSMigrate.Cancelled", error.ErrorId);
        Assert.Contains("the run was stopped", error.Message);
        Assert.Contains("rolled back", error.Message);
        Assert.Equal(["r1"], folder.Heads());
        Assert.Empty(folder.Column(provider == ProviderKind.Sqlite
            ? "SELECT name FROM sqlite_master WHERE name = 'b'"
            : "SELECT 1 FROM information_schema.tables WHERE table_name = 'b'"));
    }

    /// <summary>Signals when a statement the test waits for is about to run.</summary>
    private sealed class StatementWatcher(Func<string, bool> match, ManualResetEventSlim seen) : Execution.MigrationObserver
    {
        public override void Statement(string text)
        {
            if (match(text))
            {
                seen.Set();
            }
        }
    }
}

/// <summary>Names: one rule for qualified names everywhere, and none a database would silently cut short.</summary>
public sealed class NameTests
{
    [PostgresFact]
    public void APostgresNameLongerThan63BytesIsRefusedBeforeAnySqlRuns()
    {
        using var folder = new TestFolder(ProviderKind.PostgreSql);
        folder.Write("r1.ps1", "# Revision ID: r1\n# Revises:\nfunction Upgrade { }\nfunction Downgrade { }\n");
        var name = "t_" + new string('é', 31);
        var runner = new OperationsRunner(o =>
        {
            o.CreateTable("short_one", [new Operations.ColumnDefinition("id", Operations.PortableType.Integer)], line: 2);
            o.CreateTable(name, [new Operations.ColumnDefinition("id", Operations.PortableType.Integer)], line: 3);
        });
        var error = Assert.Throws<MigrationException>(() => folder.Migrator(runner).Run(MigrationDirection.Upgrade, "head"));
        Assert.Equal("PSMigrate.NameTooLong", error.ErrorId);
        Assert.Equal(3, error.Line);
        Assert.Contains($"CreateTable '{name}'", error.Message);
        Assert.Contains("is 64 long; this database keeps at most 63", error.Message);
        Assert.Empty(folder.Column("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE 'psmigrate%'"));
    }

    [Theory]
    [InlineData(ProviderKind.Sqlite, "main", null)]
    [InlineData(ProviderKind.PostgreSql, "sales", "CREATE SCHEMA sales")]
    public void QualifiedNamesMeanTheSameInOperationsAndInBulkInserts(ProviderKind provider, string schema, string? setup)
    {
        if (provider == ProviderKind.PostgreSql && !PostgresDatabase.Available)
        {
            return;
        }

        using var folder = new TestFolder(provider);
        folder.Write("r1.ps1", "# Revision ID: r1\n# Revises:\nfunction Upgrade { }\nfunction Downgrade { }\n");
        var table = $"{schema}.orders";
        folder.Migrator(new OperationsRunner(o =>
        {
            if (setup is not null)
            {
                o.ExecuteSql(setup);
            }

            o.CreateTable(table, [new Operations.ColumnDefinition("id", Operations.PortableType.Integer, PrimaryKey: true)]);
            o.InsertRows(table, ["id"], [[1], [2]]);
            o.AddColumn(table, new Operations.ColumnDefinition("note", Operations.PortableType.String, Unique: true));
            o.InsertRows(table, ["id", "note"], [[3, "three"]]);
        })).Run(MigrationDirection.Upgrade, "head");
        Assert.Equal(["3"], folder.Column($"SELECT count(*) FROM {schema}.orders"));

        // A schema that is not there fails the same way for the operation and for the rows.
        using var other = new TestFolder(provider);
        other.Write("r1.ps1", "# Revision ID: r1\n# Revises:\nfunction Upgrade { }\nfunction Downgrade { }\n");
        var created = Assert.Throws<MigrationException>(() => other.Migrator(new OperationsRunner(o =>
            o.CreateTable("nowhere.orders", [new Operations.ColumnDefinition("id", Operations.PortableType.Integer)]))).Run(MigrationDirection.Upgrade, "head"));
        var inserted = Assert.Throws<MigrationException>(() => other.Migrator(new OperationsRunner(o =>
            o.InsertRows("nowhere.orders", ["id"], [[1]]))).Run(MigrationDirection.Upgrade, "head"));
        Assert.Contains("nowhere", created.Message);
        Assert.Contains("nowhere", inserted.Message);
    }
}
