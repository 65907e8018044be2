using System.Globalization;
using System.Management.Automation;
using Xunit;

namespace PSMigrate.Module.Tests;

/// <summary>
/// Many databases in one call: an inventory piped in, a config file's Databases table, runs in
/// parallel with -ThrottleLimit, each failure its own, a summary at the end.
/// </summary>
public sealed class FleetTests : IDisposable
{
    private const string FirstTable = "customers";
    private readonly PowerShellSession session = new();

    public void Dispose() => session.Dispose();

    /// <summary>Three revisions: two .sql, then a .ps1 one (which a parallel run gives a runspace of its own).</summary>
    private List<string> WriteRevisions()
    {
        session.Run("Initialize-Migration -Provider Sqlite").ShouldSucceed();
        var ids = new List<string>();
        foreach (var (message, up, down) in new[]
                 {
                     ("create customers", $"CREATE TABLE {FirstTable} (id INTEGER PRIMARY KEY, name VARCHAR(100))", $"DROP TABLE {FirstTable}"),
                     ("create orders", "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER)", "DROP TABLE orders"),
                 })
        {
            ids.Add(session.Run("(New-MigrationRevision $m -UpgradeSql $u -DowngradeSql $d).Revision",
                new Dictionary<string, object?> { ["m"] = message, ["u"] = up, ["d"] = down }).Output.Single().ToString()!);
        }

        var ps = session.Run("""
            New-MigrationRevision 'create invoices' -Upgrade {
                New-MigrationTable invoices @(
                    @{ Name = 'id'; Type = 'Integer'; PrimaryKey = $true }
                    @{ Name = 'total'; Type = 'Integer' }
                )
                Add-MigrationRow invoices @(@{ id = 1; total = 95 })
            } -Downgrade {
                Remove-MigrationTable invoices
            }
            """).Output.Single();
        ids.Add(ps.Properties["Revision"].Value.ToString()!);
        return ids;
    }

    private string Sqlite(string name) => Path.Combine(session.Directory, name + ".db");

    private List<string> SqliteColumn(string name, string sql) => session.Column(sql, Sqlite(name));

    /// <summary>A PostgreSQL database of its own, dropped with the session.</summary>
    private string NewPostgresDatabase()
    {
        var database = new PostgresTestDatabase(session);
        session.Disposing += database.Dispose;
        return database.ConnectionString;
    }

    private List<string> PgColumn(string connectionString, string sql) =>
        session.Run("Invoke-TestPgQuery -ConnectionString $cs -Sql $sql | ForEach-Object { @($_.PSObject.Properties.Value)[0] }",
            new Dictionary<string, object?> { ["cs"] = connectionString, ["sql"] = sql }).Output.Select(o => o.ToString()!).ToList();

    [Theory]
    [OnPostgres]
    public void SixtyDatabasesFromAnInventoryRunEightAtATimeAndTwoBrokenOnesFailAlone(string withPostgres)
    {
        Assert.Equal(Providers.PostgreSql, withPostgres);
        var ids = WriteRevisions();
        var inventory = new List<(string Name, string ConnectionString, string Provider)>();
        for (var i = 1; i <= 50; i++)
        {
            inventory.Add(($"lite{i:00}", $"Data Source={Sqlite($"lite{i:00}")}", "Sqlite"));
        }

        for (var i = 1; i <= 10; i++)
        {
            inventory.Add(($"pg{i:00}", NewPostgresDatabase(), "PostgreSql"));
        }

        // Broken: the table the first revision creates is already there, with a row in it.
        const string brokenSqlite = "lite17";
        const string brokenPostgres = "pg04";
        session.Run($"$null = Invoke-TestPgQuery -ConnectionString $cs -Sql 'CREATE TABLE {FirstTable} (id int); INSERT INTO {FirstTable} VALUES (42)'",
            new Dictionary<string, object?> { ["cs"] = inventory.Single(d => d.Name == brokenPostgres).ConnectionString }).ShouldSucceed();
        CreateSqliteTable(Sqlite(brokenSqlite));

        var csv = Path.Combine(session.Directory, "tenants.csv");
        File.WriteAllLines(csv, ["Name,ConnectionString,Provider", .. inventory.Select(d => $"{d.Name},\"{d.ConnectionString}\",{d.Provider}")]);

        // Rows as Import-Csv makes them (Utility's cmdlets are not in the test host).
        var run = session.Run("Import-TestCsv ./tenants.csv | Invoke-MigrationUpgrade -ThrottleLimit 8 -ErrorAction Continue");

        // Each broken database: its own error, naming it, with it as the target.
        Assert.True(run.Terminating is null, run.EverythingVisible());
        Assert.True(run.Errors.Count == 3, run.EverythingVisible());
        var perDatabase = run.Errors.Where(e => !e.FullyQualifiedErrorId.StartsWith("PSMigrate.FleetFailed", StringComparison.Ordinal)).ToList();
        Assert.Equal([brokenSqlite, brokenPostgres], perDatabase.Select(e => e.TargetObject?.ToString() ?? e.ToString()).Order());
        Assert.All(perDatabase, e => Assert.StartsWith($"{e.TargetObject}: ", e.ErrorDetails.Message));
        Assert.All(perDatabase, e => Assert.Contains(FirstTable, e.ErrorDetails.Message));
        var final = Assert.Single(run.Errors, e => e.FullyQualifiedErrorId.StartsWith("PSMigrate.FleetFailed", StringComparison.Ordinal));
        Assert.Contains($"2 of 60 databases failed", final.ToString());

        // Every other database reached head, reported step by step under its own name.
        var results = run.Output.Where(o => o.TypeNames[0] == "PSMigrate.MigrationStepResult").ToList();
        Assert.Equal(58 * ids.Count, results.Count);
        Assert.All(results.GroupBy(r => r.Properties["Database"].Value.ToString()), g => Assert.Equal(ids, g.Select(r => r.Properties["Revision"].Value.ToString())));

        var summary = Assert.Single(run.Output, o => o.TypeNames[0] == "PSMigrate.MigrationFleetSummary");
        Assert.Equal(60, (int)summary.Properties["Databases"].Value);
        Assert.Equal(58, (int)summary.Properties["Succeeded"].Value);
        Assert.Equal(2, (int)summary.Properties["Failed"].Value);
        Assert.Equal(0, (int)summary.Properties["Skipped"].Value);

        foreach (var (name, connection, provider) in inventory)
        {
            var broken = name is brokenSqlite or brokenPostgres;
            var heads = provider == "Sqlite" ? SqliteColumn(name, "SELECT version_num FROM psmigrate_version") : PgColumn(connection, "SELECT version_num FROM psmigrate_version");
            var history = provider == "Sqlite"
                ? SqliteColumn(name, "SELECT revision FROM psmigrate_history ORDER BY id")
                : PgColumn(connection, "SELECT revision FROM psmigrate_history ORDER BY id");
            if (broken)
            {
                // Left where it was: no version row, no history, its own table and row untouched.
                Assert.Empty(heads);
                Assert.Empty(history);
                var rows = provider == "Sqlite" ? SqliteColumn(name, $"SELECT id FROM {FirstTable}") : PgColumn(connection, $"SELECT id FROM {FirstTable}");
                Assert.Equal(["42"], rows);
                continue;
            }

            Assert.Equal([ids[^1]], heads);
            Assert.Equal(ids, history);
            var invoices = provider == "Sqlite" ? SqliteColumn(name, "SELECT count(*) FROM invoices") : PgColumn(connection, "SELECT count(*) FROM invoices");
            Assert.Equal(["1"], invoices);
        }

        // Again: nothing to apply anywhere; the broken two fail again, alone.
        var again = session.Run("Import-TestCsv ./tenants.csv | Invoke-MigrationUpgrade -ThrottleLimit 8 -ErrorAction Continue -InformationAction Ignore");
        Assert.DoesNotContain(again.Output, o => o.TypeNames[0] == "PSMigrate.MigrationStepResult");
        var second = Assert.Single(again.Output, o => o.TypeNames[0] == "PSMigrate.MigrationFleetSummary");
        Assert.Equal(58, (int)second.Properties["Succeeded"].Value);
        Assert.Equal(2, (int)second.Properties["Failed"].Value);
    }

    private void CreateSqliteTable(string file)
    {
        session.WriteSqlite(file, $"CREATE TABLE {FirstTable} (id INTEGER); INSERT INTO {FirstTable} VALUES (42)");
    }

    [Fact]
    public void ConfiguredDatabasesAreChosenByNameOrWildcardAndEveryObjectNamesItsDatabase()
    {
        var ids = WriteRevisions();
        File.WriteAllText(Path.Combine(session.Directory, "migrations", "psmigrate.psd1"), """
            @{
                Provider = 'Sqlite'
                Databases = @{
                    'tenant-a' = 'Data Source=tenant-a.db'
                    'tenant-b' = @{ ConnectionString = 'Data Source=tenant-b.db'; Provider = 'Sqlite' }
                    'staging' = 'Data Source=staging.db'
                }
            }
            """);

        var up = session.Run("Invoke-MigrationUpgrade -Database 'tenant-*' -ThrottleLimit 2");
        up.ShouldSucceed();
        Assert.Equal(["tenant-a", "tenant-b"], up.Output.Where(o => o.TypeNames[0] == "PSMigrate.MigrationStepResult")
            .Select(o => o.Properties["Database"].Value.ToString()).Distinct().Order());
        // Relative paths in the config file are the config file's folder's.
        Assert.True(File.Exists(Path.Combine(session.Directory, "migrations", "tenant-a.db")));
        Assert.False(File.Exists(Path.Combine(session.Directory, "migrations", "staging.db")));

        // Child progress bars under the run's bar.
        Assert.Contains(up.Progress, p => p.ActivityId == 1 && p.ParentActivityId == -1 && p.Activity.Contains("2 databases"));
        Assert.Contains(up.Progress, p => p.ActivityId > 1 && p.ParentActivityId == 1 && p.Activity.StartsWith("tenant-", StringComparison.Ordinal));

        var history = session.Run("Get-MigrationHistory -Database *");
        history.ShouldSucceed();
        var entries = history.Output.Where(o => o.TypeNames[0] == "PSMigrate.MigrationHistoryEntry").ToList();
        Assert.Equal(3 * ids.Count, entries.Count);
        Assert.All(entries.Where(e => e.Properties["Database"].Value.ToString() == "staging"), e => Assert.False((bool)e.Properties["IsApplied"].Value));
        Assert.All(entries.Where(e => e.Properties["Database"].Value.ToString() != "staging"), e => Assert.True((bool)e.Properties["IsApplied"].Value));

        // -Quiet answers once for all of them.
        Assert.Equal(true, session.Run("Test-Migration -Database * -Quiet").Output.Single().BaseObject);

        var missing = session.Run("Invoke-MigrationUpgrade -Database 'prod*'");
        Assert.Equal("PSMigrate.DatabaseNotConfigured,PSMigrate.Commands.InvokeMigrationUpgradeCommand", missing.SingleError.FullyQualifiedErrorId);
        Assert.Contains("-Database 'prod*' matches none of the databases in ", missing.SingleError.ToString());
        Assert.Contains("staging, tenant-a, tenant-b", missing.SingleError.ToString());
        Assert.False(File.Exists(Path.Combine(session.Directory, "migrations", "staging.db")));

        var script = session.Run("Invoke-MigrationUpgrade -Database * -Script");
        Assert.Equal("PSMigrate.ScriptNeedsOneDatabase,PSMigrate.Commands.InvokeMigrationUpgradeCommand", script.SingleError.FullyQualifiedErrorId);
        Assert.Empty(script.Output);
        Assert.False(File.Exists(Path.Combine(session.Directory, "migrations", "staging.db")));
    }

    [Theory]
    [InlineData("Databases = 'Data Source=a.db'", "'Databases' must be a hashtable")]
    [InlineData("Databases = @{ a = @{ ConnectionString = 'Data Source=a.db'; Server = 'x' } }", "'Databases.a.Server' is not a setting of a database; use ConnectionString and Provider.")]
    [InlineData("Databases = @{ a = @{ Provider = 'Sqlite' } }", "'Databases.a' needs a name and a connection string.")]
    [InlineData("Databases = @{ a = 42 }", "'Databases.a' must be a connection string or")]
    public void ABadDatabasesTableIsNamedWithItsFileAndNothingIsCreated(string setting, string problem)
    {
        WriteRevisions();
        var config = Path.Combine(session.Directory, "migrations", "psmigrate.psd1");
        File.WriteAllText(config, $"@{{\n    Provider = 'Sqlite'\n    {setting}\n}}\n");

        var run = session.Run("Invoke-MigrationUpgrade -Database *");
        Assert.Equal("PSMigrate.InvalidSetting,PSMigrate.Commands.InvokeMigrationUpgradeCommand", run.SingleError.FullyQualifiedErrorId);
        Assert.StartsWith($"{config}: ", run.SingleError.Exception.Message);
        Assert.Contains(problem, run.SingleError.Exception.Message);
        Assert.False(File.Exists(Path.Combine(session.Directory, "migrations", "a.db")));
    }

    [Fact]
    public void OneFailureStopsNothingElseUnderStopPreferenceButTheScriptStopsAtTheEnd()
    {
        WriteRevisions();
        CreateSqliteTable(Sqlite("b"));
        var run = session.Run("""
            $ErrorActionPreference = 'Stop'
            try {
                Invoke-MigrationUpgrade -ConnectionString "Data Source=a.db", "Data Source=b.db", "Data Source=c.db" -OutVariable out | Out-Null
                'not reached'
            } catch {
                "caught $($_.FullyQualifiedErrorId)"
            }
            $out | Where-Object { $_.PSObject.TypeNames[0] -eq "PSMigrate.MigrationFleetSummary" } | ForEach-Object { "summary $($_.Succeeded) $($_.Failed) $($_.Skipped)" }
            """);
        Assert.True(run.Output.Count == 2, run.EverythingVisible());
        Assert.Equal(["caught PSMigrate.FleetFailed,PSMigrate.Commands.InvokeMigrationUpgradeCommand", "summary 2 1 0"], run.Output.Select(o => o.ToString()));
        var error = Assert.Single(run.Errors);
        Assert.Equal(Sqlite("b"), error.TargetObject);
        Assert.Equal(3, SqliteColumn("c", "SELECT count(*) FROM psmigrate_history").Select(int.Parse).Single());
    }

    [Fact]
    public void FailFastStartsNoFurtherDatabase()
    {
        WriteRevisions();
        CreateSqliteTable(Sqlite("a"));
        var run = session.Run("""
            Invoke-MigrationUpgrade -ConnectionString "Data Source=a.db", "Data Source=b.db", "Data Source=c.db" -FailFast -ErrorAction Continue |
                Where-Object { $_.PSObject.TypeNames[0] -eq "PSMigrate.MigrationFleetSummary" } | ForEach-Object { "$($_.Succeeded) $($_.Failed) $($_.Skipped) $($_.Results.Outcome -join ',')" }
            """);
        Assert.True(run.Output.Count == 1, run.EverythingVisible());
        Assert.Equal("0 1 2 Failed,Skipped,Skipped", run.Output.Single().ToString());
        Assert.False(File.Exists(Sqlite("b")));
        Assert.False(File.Exists(Sqlite("c")));
    }

    [Fact]
    public void OneDatabaseBehavesAsBeforeWithoutASummary()
    {
        WriteRevisions();
        var run = session.Run("Invoke-MigrationUpgrade -ConnectionString 'Data Source=one.db' -DatabaseName one");
        run.ShouldSucceed();
        Assert.DoesNotContain(run.Output, o => o.TypeNames[0] == "PSMigrate.MigrationFleetSummary");
        Assert.All(run.Output, o => Assert.Equal("one", o.Properties["Database"].Value));
        Assert.Equal(3, run.Output.Count);
        Assert.Equal("1", SqliteColumn("one", "SELECT count(*) FROM invoices").Single().ToString(CultureInfo.InvariantCulture));
    }
}
