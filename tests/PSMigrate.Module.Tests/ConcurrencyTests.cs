namespace PSMigrate.Module.Tests;

/// <summary>
/// Eight deployments upgrading one database at the same moment, each in its own runspace:
/// every revision must be applied exactly once and the history must hold no duplicates.
/// </summary>
public sealed class ConcurrencyTests
{
    private const int Runs = 8;
    private const int Revisions = 6;

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void EightRacingUpgradesApplyEachRevisionOnce(string provider)
    {
        using var owner = new PowerShellSession(provider);
        owner.Initialise();
        var migrations = Path.Combine(owner.Directory, "migrations");
        owner.Run("New-MigrationRevision 'log table' -UpgradeSql 'CREATE TABLE applied_log (revision VARCHAR(20) NOT NULL)' -DowngradeSql 'DROP TABLE applied_log'").ShouldSucceed();
        // Each revision takes a while, so the runs really overlap instead of finishing one by one.
        var slow = provider == Providers.PostgreSql
            ? "SELECT pg_sleep(0.1)"
            : "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000) SELECT count(*) FROM c";
        for (var i = 1; i < Revisions; i++)
        {
            // The log row has no unique key: a revision applied twice would show up as two rows.
            owner.Run($"New-MigrationRevision 'step {i}' -UpgradeSql \"{slow};`nCREATE TABLE t{i} (id INTEGER);`nINSERT INTO applied_log (revision) VALUES ('t{i}');\" -DowngradeSql 'DROP TABLE t{i}'").ShouldSucceed();
        }

        var sessions = Enumerable.Range(0, Runs).Select(_ => new PowerShellSession()).ToList();
        try
        {
            // One thread per deployment (not the thread pool, which grows slowly on two cores), all released at once.
            using var start = new Barrier(Runs);
            var results = new ScriptResult[Runs];
            var threads = sessions.Select((session, i) => new Thread(() =>
            {
                start.SignalAndWait();
                results[i] = session.Run("Invoke-MigrationUpgrade -Path $p -LockTimeout 120", new Dictionary<string, object?> { ["p"] = migrations });
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            Assert.All(results, r => r.ShouldSucceed());
            Assert.Equal(Revisions, results.Sum(r => r.Output.Count));
        }
        finally
        {
            sessions.ForEach(s => s.Dispose());
        }

        Assert.Equal(Enumerable.Range(1, Revisions - 1).Select(i => $"t{i}"), owner.Db.Column("SELECT revision FROM applied_log ORDER BY revision"));
        var history = owner.Db.Column("SELECT revision FROM psmigrate_history WHERE direction = 'upgrade'");
        Assert.Equal(Revisions, history.Count);
        Assert.Equal(Revisions, history.Distinct().Count());
        Assert.Single(owner.Db.Heads());
    }

    [Fact]
    public void AWaitingRunSaysSoAndGivesUpAfterLockTimeout()
    {
        using var session = new PowerShellSession();
        var ids = TutorialRevisions.Create(session);
        session.Run("Invoke-MigrationUpgrade +1").ShouldSucceed();
        var database = ((SqliteTestDatabase)session.Db).Path;

        using (new FileStream(database + ".psmigrate-lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var blocked = session.Run("Invoke-MigrationUpgrade -LockTimeout 1");
            Assert.Contains(blocked.Warnings, w => w.StartsWith("Waiting for the deployment lock") && w.Contains(database));
            Assert.StartsWith("PSMigrate.LockTimeout", blocked.SingleError.FullyQualifiedErrorId);
            Assert.Contains("-LockTimeout", blocked.SingleError.Exception.Message);
            Assert.Equal([ids[0]], session.Db.Heads());
        }

        session.Run("Invoke-MigrationUpgrade -LockTimeout 1").ShouldSucceed();
        Assert.Equal([ids[^1]], session.Db.Heads());
    }
}
