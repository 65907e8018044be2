using Microsoft.Data.Sqlite;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Execution;
using PSMigrate.Engine.Planning;

namespace PSMigrate.Engine.Tests;

/// <summary>The whole protocol through the engine's Migrator, against real SQLite files.</summary>
public sealed class MigratorTests : IDisposable
{
    private readonly TestFolder folder = new();

    public void Dispose() => folder.Dispose();

    private IReadOnlyList<MigrationStepResult> Up(string target = "head") => folder.Migrator().Run(MigrationDirection.Upgrade, target);

    private IReadOnlyList<MigrationStepResult> Down(string target) => folder.Migrator().Run(MigrationDirection.Downgrade, target);

    [Fact]
    public void UpgradeRecordsHeadsAndHistoryThenDowngradeRemovesThem()
    {
        folder.Add("r1", null, "CREATE TABLE a (id INTEGER);", "DROP TABLE a;");
        folder.Add("r2", "r1", "INSERT INTO a VALUES (1);\nINSERT INTO a VALUES (2);", "DELETE FROM a;");

        var results = Up();
        Assert.Equal(["r1", "r2"], results.Select(r => r.Revision));
        Assert.Equal(2, results[1].Statements);
        Assert.Equal(["r2"], folder.Heads());
        Assert.Equal(["2"], folder.Column("SELECT count(*) FROM a"));

        Down("base");
        Assert.Empty(folder.Heads());
        Assert.Equal(["r1:upgrade", "r2:upgrade", "r2:downgrade", "r1:downgrade"],
            folder.Column("SELECT revision || ':' || direction FROM psmigrate_history ORDER BY id"));
        Assert.Equal([Environment.MachineName], folder.Column("SELECT DISTINCT host FROM psmigrate_history"));
        Assert.Empty(folder.Column("SELECT name FROM sqlite_master WHERE name = 'a'"));
    }

    [Fact]
    public void ARunReadsEachRevisionsNewestHistoryRowAndStillFindsAnEditedFile()
    {
        var r1 = folder.Add("r1", null, "CREATE TABLE a (id INTEGER);", "DROP TABLE a;");
        folder.Add("r2", "r1", "CREATE TABLE b (id INTEGER);", "DROP TABLE b;");
        Up();
        Down("base");
        Up();
        Down("r1");
        Assert.Equal(7, folder.Column("SELECT id FROM psmigrate_history").Count);

        using (var session = DatabaseSession.Open(folder.Database))
        {
            var newest = new VersionStore(folder.Database.Provider.Dialect, session.Tables).ReadHistory(session, lastOfEachRevision: true);
            Assert.Equal(["r1:Upgrade", "r2:Downgrade"], newest.Select(r => $"{r.Revision}:{r.Direction}"));
        }

        File.AppendAllText(r1.Path, "-- edited after it was applied\n");
        var observer = new RecordingObserver();
        Assert.Single(folder.Migrator().Run(MigrationDirection.Upgrade, "head", observer));
        Assert.Contains(observer.Warnings, w => w.Contains($"{r1.Path} changed after revision r1 was applied", StringComparison.Ordinal));
    }

    [Fact]
    public void FailingStatementRollsBackTheWholeRevisionAndNamesFileLineAndServerMessage()
    {
        folder.Add("r1", null, "CREATE TABLE a (id INTEGER);", "DROP TABLE a;");
        Up();
        var broken = folder.Add("r2", "r1", "CREATE TABLE b (id INTEGER);\nINSERT INTO a VALUES (1);\nINSERT INTO nope VALUES (1);", "DROP TABLE b;");

        var error = Assert.Throws<MigrationException>(() => Up());
        Assert.Equal("PSMigrate.RevisionFailed", error.ErrorId);
        Assert.Equal("r2", error.Revision);
        Assert.Equal(broken.Path, error.FilePath);
        Assert.Equal(8, error.Line);
        Assert.Contains($"failed at {broken.Path}:8", error.Message);
        Assert.Contains("no such table: nope. The revision was rolled back; the database is still at r1.", error.Message);
        Assert.DoesNotContain("SQLite Error", error.Message);
        Assert.Empty(folder.Column("SELECT name FROM sqlite_master WHERE name = 'b'"));
        Assert.Equal(["0"], folder.Column("SELECT count(*) FROM a"));
        Assert.Equal(["r1"], folder.Heads());
        Assert.Equal(["1"], folder.Column("SELECT count(*) FROM psmigrate_history"));
    }

    [Fact]
    public void RevisionWithoutTransactionIsRecordedOnlyAfterItSucceeds()
    {
        folder.Add("r1", null, "CREATE TABLE a (id INTEGER);", "DROP TABLE a;");
        folder.Add("r2", "r1", "CREATE TABLE b (id INTEGER);\nINSERT INTO nope VALUES (1);", "DROP TABLE b;", transaction: "none");

        var error = Assert.Throws<MigrationException>(() => Up());
        Assert.Contains("without a transaction", error.Message);
        Assert.Equal(["r1"], folder.Heads());
        Assert.Equal(["b"], folder.Column("SELECT name FROM sqlite_master WHERE name = 'b'"));
    }

    [Fact]
    public void AStepPlannedFromStaleHeadsIsRefusedAsAConcurrentChange()
    {
        folder.Add("r1", null, "CREATE TABLE a (id INTEGER);", "DROP TABLE a;");
        folder.Add("r2", "r1", "CREATE TABLE b (id INTEGER);", "DROP TABLE b;");
        var migrator = folder.Migrator();

        // Another run applies r1 after this one planned and was approved, but before it took the lock:
        // the migrator reads the heads again under the lock and plans again.
        var observer = new RecordingObserver { BeforeFirstApproval = () => folder.Migrator().Run(MigrationDirection.Upgrade, "r1") };
        var results = migrator.Run(MigrationDirection.Upgrade, "head", observer);
        Assert.Equal(["r2"], results.Select(r => r.Revision));
        Assert.Single(observer.ReplannedPlans);
        Assert.Equal(["r2"], folder.Heads());
        Assert.Equal(["r1", "r2"], folder.Column("SELECT revision FROM psmigrate_history ORDER BY id"));
    }

    [Fact]
    public void AStepRunFromStaleHeadsChangesNoVersionRowAndRollsBack()
    {
        folder.Add("r1", null, "CREATE TABLE a (id INTEGER);", "DROP TABLE a;");
        folder.Add("r2", "r1", "CREATE TABLE IF NOT EXISTS b (id INTEGER);\nINSERT INTO a VALUES (1);", "DROP TABLE b;");
        Up("r1");
        var database = folder.Database;
        var stale = new MigrationPlanner(folder.Graph()).PlanUpgrade("head", ["r1"]).Steps.Single();
        Up();

        using var session = DatabaseSession.Open(database);
        var executor = new StepExecutor(database.Provider, new VersionStore(database.Provider.Dialect, database.Tables), new LiveSink(session), session, new SplitSections(database.Provider.Dialect));
        var error = Assert.Throws<MigrationException>(() => executor.Execute(stale));
        Assert.Equal("PSMigrate.ConcurrentChange", error.ErrorId);
        Assert.Contains("rolled back", error.Message);
        Assert.Equal(["1"], folder.Column("SELECT count(*) FROM a"));
        Assert.Equal(["r2"], folder.Heads());
    }

    [Fact]
    public void StampRecordsHeadsWithoutRunningRevisions()
    {
        folder.Add("r1", null, "CREATE TABLE a (id INTEGER);", "DROP TABLE a;");
        folder.Add("r2", "r1", "CREATE TABLE b (id INTEGER);", "DROP TABLE b;");
        var change = folder.Migrator().Stamp("head", purge: false);
        Assert.Equal(["r2"], change!.HeadsAfter);
        Assert.Equal(["r2"], folder.Heads());
        Assert.Empty(folder.Column("SELECT name FROM sqlite_master WHERE name IN ('a', 'b')"));
    }

    [Fact]
    public void ReadingADatabaseThatDoesNotExistCreatesNothing()
    {
        var state = folder.Migrator().ReadState();
        Assert.False(state.Exists);
        Assert.False(File.Exists(folder.SqliteFile));
    }

    [Fact]
    public void PreviewAsksForEveryStepAndCreatesNothing()
    {
        folder.Add("r1", null, "CREATE TABLE a (id INTEGER);", "DROP TABLE a;");
        folder.Add("r2", "r1", "CREATE TABLE b (id INTEGER);", "DROP TABLE b;");
        var observer = new RecordingObserver { Answer = StepApproval.Preview };
        Assert.Empty(folder.Migrator().Run(MigrationDirection.Upgrade, "head", observer));
        Assert.Equal(["r1", "r2"], observer.Asked);
        Assert.False(File.Exists(folder.SqliteFile));
    }

    [Fact]
    public void NothingToDoIsSaid()
    {
        folder.Add("r1", null, "CREATE TABLE a (id INTEGER);", "DROP TABLE a;");
        Up();
        var observer = new RecordingObserver();
        Assert.Empty(folder.Migrator().Run(MigrationDirection.Upgrade, "head", observer));
        Assert.Contains(observer.Informed, i => i.StartsWith("Nothing to do: the database is already at 'head' (r1)", StringComparison.Ordinal));
    }

    [Fact]
    public void ADriverFailureInTheEnginesOwnWorkNamesTheDatabaseAndWhatFailed()
    {
        folder.Add("r1", null, "CREATE TABLE a (id INTEGER);", "DROP TABLE a;");
        using (var connection = new SqliteConnection($"Data Source={folder.SqliteFile};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE psmigrate_version (revision TEXT)";
            command.ExecuteNonQuery();
        }

        var database = folder.Database;
        var error = Assert.Throws<MigrationException>(() => new Migrator(folder.Graph(), database).Run(MigrationDirection.Upgrade, "head"));
        Assert.Equal("PSMigrate.DatabaseError", error.ErrorId);
        Assert.StartsWith("Reading the version table failed on Sqlite Data Source=", error.Message);
        Assert.Contains("no such column: version_num", error.Message);
        Assert.Equal(error.Database, database.Display);
        Assert.Empty(folder.Column("SELECT name FROM sqlite_master WHERE name = 'a'"));
    }

    [Fact]
    public void ConnectionPrecedenceIsParameterThenVariableThenConfigFile()
    {
        var settings = new MigrationSettings { ConnectionString = "Data Source=config.db" };
        string Source(string? parameter, string? variable) =>
            new SqliteConnectionStringBuilder(DatabaseTargetResolver.Resolve(settings, "/cfg", "/cwd", parameter, variable, null).ConnectionString).DataSource;

        Assert.Equal("/cwd/param.db", Source("Data Source=param.db", "Data Source=env.db"));
        Assert.Equal("/cwd/env.db", Source(null, "Data Source=env.db"));
        Assert.Equal("/cfg/config.db", Source(null, null));
        var error = Assert.Throws<MigrationException>(() => DatabaseTargetResolver.Resolve(new MigrationSettings(), "/cfg", "/cwd", null, null, null));
        Assert.Contains("$env:PSMIGRATE_CONNECTION_STRING", error.Message);
    }

    [Fact]
    public void PasswordsAreRedactedFromTheDisplayedConnection()
    {
        var target = DatabaseTargetResolver.Resolve(new MigrationSettings(), "/cfg", "/cwd", "Data Source=x.db;Password=hunter2", null, null);
        Assert.DoesNotContain("hunter2", target.Display);
        Assert.DoesNotContain("hunter2", target.ToString());
    }
}

/// <summary>Records what the migrator asked and said.</summary>
internal sealed class RecordingObserver : MigrationObserver
{
    public StepApproval Answer { get; init; } = StepApproval.Approve;

    public Action? BeforeFirstApproval { get; init; }

    public List<string> Asked { get; } = [];

    public List<MigrationPlan> ReplannedPlans { get; } = [];

    public List<string> Informed { get; } = [];

    public List<string> Warnings { get; } = [];

    public List<string> Statements { get; } = [];

    public override StepApproval ApproveStep(MigrationStep step)
    {
        if (Asked.Count == 0)
        {
            BeforeFirstApproval?.Invoke();
        }

        Asked.Add(step.Revision.Revision);
        return Answer;
    }

    public override void Replanned(MigrationPlan plan) => ReplannedPlans.Add(plan);

    public override void Information(string message) => Informed.Add(message);

    public override void Warning(string message) => Warnings.Add(message);

    public override void Statement(string text) => Statements.Add(text);
}
