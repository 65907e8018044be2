using PSMigrate.Engine.Execution;

namespace PSMigrate.Engine.Tests;

/// <summary>-TransactionScope Run: the whole plan in one transaction, all or nothing, live and in scripts.</summary>
public sealed class TransactionScopeTests
{
    private static void Chain(TestFolder folder, int count, string? broken = null)
    {
        for (var i = 1; i <= count; i++)
        {
            folder.Add($"r{i}", i == 1 ? null : $"r{i - 1}", $"CREATE TABLE t{i} (id INTEGER PRIMARY KEY);" + (i == 3 && broken is not null ? "\n" + broken : string.Empty), $"DROP TABLE t{i};");
        }
    }

    [Theory]
    [InlineData(ProviderKind.Sqlite)]
    [OnPostgres]
    public void TheWholeRunCommitsAtOnceAndRecordsEveryRevision(ProviderKind provider)
    {
        using var folder = new TestFolder(provider);
        Chain(folder, 5);
        var migrator = new Migrator(folder.Graph(), folder.Database) { TransactionScope = TransactionScope.Run };
        var results = migrator.Run(MigrationDirection.Upgrade, "head");
        Assert.Equal(["r1", "r2", "r3", "r4", "r5"], results.Select(r => r.Revision));
        Assert.Equal(["r5"], folder.Heads());
        Assert.Equal(5, folder.Column("SELECT revision FROM psmigrate_history WHERE direction = 'upgrade'").Count);

        results = migrator.Run(MigrationDirection.Downgrade, "base");
        Assert.Equal(5, results.Count);
        Assert.Empty(folder.Heads());
    }

    [Theory]
    [InlineData(ProviderKind.Sqlite)]
    [OnPostgres]
    public void AFailureRollsBackTheWholeRunAndSaysSo(ProviderKind provider)
    {
        using var folder = new TestFolder(provider);
        Chain(folder, 5, broken: "INSERT INTO no_such_table VALUES (1);");
        var migrator = new Migrator(folder.Graph(), folder.Database) { TransactionScope = TransactionScope.Run };
        var error = Assert.Throws<MigrationException>(() => migrator.Run(MigrationDirection.Upgrade, "head"));
        Assert.Equal(MigrationErrors.RevisionFailed, error.Error);
        Assert.Equal("r3", error.Revision);
        Assert.Contains("The whole run was rolled back (-TransactionScope Run); the database is still at base.", error.Message);
        Assert.Empty(folder.Heads());
        Assert.Empty(folder.Column("SELECT revision FROM psmigrate_history"));
        Assert.Empty(folder.Column(provider == ProviderKind.Sqlite
            ? "SELECT name FROM sqlite_master WHERE name LIKE 't%'"
            : "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 't_'"));
    }

    [Fact]
    public void ARevisionWithoutATransactionIsRefusedBeforeAnythingRuns()
    {
        using var folder = new TestFolder();
        folder.Add("r1", null, "CREATE TABLE a (id INTEGER);", "DROP TABLE a;");
        var outside = folder.Add("r2", "r1", "CREATE TABLE b (id INTEGER);", "DROP TABLE b;", transaction: "none");
        var migrator = new Migrator(folder.Graph(), folder.Database) { TransactionScope = TransactionScope.Run };
        foreach (var attempt in new Action[] { () => migrator.Run(MigrationDirection.Upgrade, "head"), () => _ = migrator.Script(MigrationDirection.Upgrade, "head", "base").ToList() })
        {
            var error = Assert.Throws<MigrationException>(attempt);
            Assert.Equal(MigrationErrors.NonTransactionalInRun, error.Error);
            Assert.Contains($"Revision r2 ('r2', {outside.Path}) has 'Transaction: none'", error.Message);
            Assert.Equal("r2", error.Revision);
        }

        Assert.False(File.Exists(folder.SqliteFile) && folder.Column("SELECT name FROM sqlite_master WHERE name = 'a'").Count > 0);
    }

    [Fact]
    public void TheScriptHasOneTransactionAndRunsInSqlite3AsTheLiveRunDoes()
    {
        using var folder = new TestFolder();
        Chain(folder, 4);
        var migrator = new Migrator(folder.Graph(), folder.Database) { TransactionScope = TransactionScope.Run };
        var script = string.Join("\n", migrator.Script(MigrationDirection.Upgrade, "head", "base"));
        Assert.Equal(1, script.Split("BEGIN IMMEDIATE;").Length - 1);
        Assert.Equal(1, script.Split("\nCOMMIT;").Length - 1);
        Assert.Contains("all in one transaction (-TransactionScope Run)", script);

        var database = Path.Combine(folder.Directory, "scripted.db");
        var sqlite3 = new System.Diagnostics.ProcessStartInfo("sqlite3", [database]) { RedirectStandardInput = true, RedirectStandardError = true };
        using (var process = System.Diagnostics.Process.Start(sqlite3)!)
        {
            process.StandardInput.Write(script);
            process.StandardInput.Close();
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, errors);
        }

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(version_num) FROM psmigrate_version";
        Assert.Equal("r4", command.ExecuteScalar());
    }
}
