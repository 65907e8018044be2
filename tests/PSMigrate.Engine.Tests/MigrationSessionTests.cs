using Microsoft.Data.Sqlite;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Execution;
using PSMigrate.Engine.Planning;
using PSMigrate.Engine.Providers;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Tests;

/// <summary>The engine against real SQLite files in a temporary folder.</summary>
public sealed class MigrationSessionTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "psmigrate-engine-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly MigrationProject project;

    public MigrationSessionTests()
    {
        project = MigrationProject.At(directory);
        project.Initialise(ProviderKind.Sqlite, "Data Source=app.db", force: false);
    }

    private string Database => Path.Combine(directory, "app.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    private MigrationTarget Target() =>
        MigrationTargetResolver.Resolve(new MigrationSettings { ConnectionString = "Data Source=app.db" }, directory, "/", null, null, null);

    private MigrationRevision Add(string id, string? parent, string up, string down, string? transaction = null)
    {
        var text = $"-- Revision ID: {id}\n-- Revises: {parent}\n-- Message: {id}\n" +
                   (transaction is null ? "" : $"-- Transaction: {transaction}\n") +
                   $"\n-- migrate:upgrade\n{up}\n\n-- migrate:downgrade\n{down}\n";
        var path = Path.Combine(project.VersionsDirectory, id + ".sql");
        File.WriteAllText(path, text);
        return RevisionFileParser.ParseFile(path);
    }

    private List<MigrationStepResult> Run(Func<MigrationPlanner, IReadOnlyList<string>, MigrationPlan> plan)
    {
        var graph = project.LoadRevisions();
        using var session = MigrationSession.Open(Target());
        return plan(new MigrationPlanner(graph), session.ReadHeads()).Steps.Select(session.Apply).ToList();
    }

    private List<string> Column(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(Convert.ToString(reader.GetValue(0))!);
        }

        return values;
    }

    [Fact]
    public void UpgradeRecordsHeadsAndHistoryThenDowngradeRemovesThem()
    {
        Add("r1", null, "CREATE TABLE a (id INTEGER);", "DROP TABLE a;");
        Add("r2", "r1", "INSERT INTO a VALUES (1);\nINSERT INTO a VALUES (2);", "DELETE FROM a;");

        var results = Run((p, h) => p.PlanUpgrade("head", h));
        Assert.Equal(["r1", "r2"], results.Select(r => r.Revision));
        Assert.Equal(2, results[1].Statements);
        Assert.Equal(["r2"], Column("SELECT version_num FROM psmigrate_version"));
        Assert.Equal(["2"], Column("SELECT count(*) FROM a"));

        Run((p, h) => p.PlanDowngrade("base", h));
        Assert.Empty(Column("SELECT version_num FROM psmigrate_version"));
        Assert.Equal(["r1:upgrade", "r2:upgrade", "r2:downgrade", "r1:downgrade"],
            Column("SELECT revision || ':' || direction FROM psmigrate_history ORDER BY id"));
        Assert.Equal([Environment.MachineName], Column("SELECT DISTINCT host FROM psmigrate_history"));
        Assert.Empty(Column("SELECT name FROM sqlite_master WHERE name = 'a'"));
    }

    [Fact]
    public void FailingStatementRollsBackTheWholeRevisionAndNamesFileAndLine()
    {
        Add("r1", null, "CREATE TABLE a (id INTEGER);", "DROP TABLE a;");
        Run((p, h) => p.PlanUpgrade("head", h));
        var broken = Add("r2", "r1", "CREATE TABLE b (id INTEGER);\nINSERT INTO a VALUES (1);\nINSERT INTO nope VALUES (1);", "DROP TABLE b;");

        var error = Assert.Throws<MigrationException>(() => Run((p, h) => p.PlanUpgrade("head", h)));
        Assert.Equal("PSMigrate.RevisionFailed", error.ErrorId);
        Assert.Equal("r2", error.Revision);
        Assert.Equal(broken.Path, error.FilePath);
        Assert.Equal(8, error.Line);
        Assert.Empty(Column("SELECT name FROM sqlite_master WHERE name = 'b'"));
        Assert.Equal(["0"], Column("SELECT count(*) FROM a"));
        Assert.Equal(["r1"], Column("SELECT version_num FROM psmigrate_version"));
        Assert.Equal(["1"], Column("SELECT count(*) FROM psmigrate_history"));
    }

    [Fact]
    public void RevisionWithoutTransactionIsRecordedOnlyAfterItSucceeds()
    {
        Add("r1", null, "CREATE TABLE a (id INTEGER);", "DROP TABLE a;");
        Add("r2", "r1", "CREATE TABLE b (id INTEGER);\nINSERT INTO nope VALUES (1);", "DROP TABLE b;", transaction: "none");

        var error = Assert.Throws<MigrationException>(() => Run((p, h) => p.PlanUpgrade("head", h)));
        Assert.Contains("without a transaction", error.Message);
        Assert.Equal(["r1"], Column("SELECT version_num FROM psmigrate_version"));
        Assert.Equal(["b"], Column("SELECT name FROM sqlite_master WHERE name = 'b'"));
    }

    [Fact]
    public void AStepPlannedFromStaleHeadsIsRefused()
    {
        Add("r1", null, "CREATE TABLE a (id INTEGER);", "DROP TABLE a;");
        Add("r2", "r1", "CREATE TABLE b (id INTEGER);", "DROP TABLE b;");
        var graph = project.LoadRevisions();
        var plan = new MigrationPlanner(graph).PlanUpgrade("head", []);

        using (var other = MigrationSession.Open(Target()))
        {
            other.Apply(plan.Steps[0]);
        }

        using var session = MigrationSession.Open(Target());
        var error = Assert.Throws<MigrationException>(() => session.Apply(plan.Steps[0]));
        Assert.Equal("PSMigrate.ConcurrentChange", error.ErrorId);
        Assert.Equal(["r1"], Column("SELECT version_num FROM psmigrate_version"));
    }

    [Fact]
    public void StampRecordsHeadsWithoutRunningRevisions()
    {
        Add("r1", null, "CREATE TABLE a (id INTEGER);", "DROP TABLE a;");
        Add("r2", "r1", "CREATE TABLE b (id INTEGER);", "DROP TABLE b;");
        var graph = project.LoadRevisions();
        using var session = MigrationSession.Open(Target());
        session.Stamp([], new MigrationPlanner(graph).PlanStamp("head", [], purge: false));
        Assert.Equal(["r2"], Column("SELECT version_num FROM psmigrate_version"));
        Assert.Empty(Column("SELECT name FROM sqlite_master WHERE name IN ('a', 'b')"));
    }

    [Fact]
    public void ReadingADatabaseThatDoesNotExistCreatesNothing()
    {
        Assert.Null(MigrationSession.OpenExisting(Target()));
        Assert.False(File.Exists(Database));
    }

    [Fact]
    public void ConnectionPrecedenceIsParameterThenVariableThenConfigFile()
    {
        var settings = new MigrationSettings { ConnectionString = "Data Source=config.db" };
        string Source(string? parameter, string? variable) =>
            new SqliteConnectionStringBuilder(MigrationTargetResolver.Resolve(settings, "/cfg", "/cwd", parameter, variable, null).ConnectionString).DataSource;

        Assert.Equal("/cwd/param.db", Source("Data Source=param.db", "Data Source=env.db"));
        Assert.Equal("/cwd/env.db", Source(null, "Data Source=env.db"));
        Assert.Equal("/cfg/config.db", Source(null, null));
        var error = Assert.Throws<MigrationException>(() => MigrationTargetResolver.Resolve(new MigrationSettings(), "/cfg", "/cwd", null, null, null));
        Assert.Contains("PSMIGRATE_CONNECTION_STRING", error.Message);
    }

    [Fact]
    public void PasswordsAreRedactedFromTheDisplayedConnection()
    {
        var target = MigrationTargetResolver.Resolve(new MigrationSettings(), "/cfg", "/cwd", "Data Source=x.db;Password=hunter2", null, null);
        Assert.DoesNotContain("hunter2", target.Display);
        Assert.DoesNotContain("hunter2", target.ToString());
    }
}
