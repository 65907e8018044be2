namespace PSMigrate.Module.Tests;

/// <summary>
/// A revision without a transaction that fails halfway is recorded, shown, and blocks further
/// runs until Repair-Migration records what is true.
/// </summary>
public sealed class RepairTests
{
    private static (string First, string Broken) FailHalfway(PowerShellSession session)
    {
        session.Initialise();
        var first = session.Run("(New-MigrationRevision 'first' -UpgradeSql 'CREATE TABLE first (id INTEGER);' -DowngradeSql 'DROP TABLE first;').Revision").Output.Single().ToString()!;
        var broken = session.Run("(New-MigrationRevision 'no transaction' -UpgradeSql $u -DowngradeSql 'DROP TABLE two; DROP TABLE one;').Revision",
            new Dictionary<string, object?> { ["u"] = "CREATE TABLE one (id INTEGER);\nCREATE TABLE two (id INTEGER);\nINSERT INTO nope VALUES (1);\nCREATE TABLE three (id INTEGER);" }).Output.Single().ToString()!;
        var file = Directory.GetFiles(Path.Combine(session.Directory, "migrations", "versions"), broken + "_*.sql").Single();
        File.WriteAllText(file, File.ReadAllText(file).Replace("-- Message: no transaction", "-- Message: no transaction\n-- Transaction: none"));
        var failed = session.Run("Invoke-MigrationUpgrade");
        Assert.StartsWith("PSMigrate.RevisionFailed", failed.SingleError.FullyQualifiedErrorId);
        return (first, broken);
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void AHalfwayFailureIsRecordedShownAndBlocksTheNextRun(string provider)
    {
        using var session = new PowerShellSession(provider);
        var (first, broken) = FailHalfway(session);
        Assert.Equal([first], session.Db.Heads());
        Assert.Equal(["first", "one", "two"], session.Db.Tables());

        var failure = session.Run("Get-MigrationHistory -Log").Output.First();
        Assert.Equal(broken, failure.Properties["Revision"].Value);
        Assert.Equal("failed", failure.Properties["Outcome"].Value);
        var detail = failure.Properties["Detail"].Value.ToString()!;
        Assert.StartsWith("failed at line 10 after 2 of 4 statement(s) ran:", detail);
        var entry = session.Run("Get-MigrationHistory | Where-Object Revision -eq $r", new Dictionary<string, object?> { ["r"] = broken }).Output.Single();
        Assert.Equal("Failed", entry.Properties["State"].Value);

        var blocked = session.Run("Invoke-MigrationUpgrade");
        Assert.StartsWith("PSMigrate.FailedRevisionPending", blocked.SingleError.FullyQualifiedErrorId);
        Assert.Contains($"Repair-Migration -Revision {broken} -AssumeApplied", blocked.SingleError.Exception.Message);
        Assert.Contains("after 2 of 4 statement(s) ran", blocked.SingleError.Exception.Message);
        Assert.StartsWith("PSMigrate.FailedRevisionPending", session.Run("Undo-Migration -Force").SingleError.FullyQualifiedErrorId);
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void RepairRecordsTheDecisionAndWhoMadeIt(string provider)
    {
        using var session = new PowerShellSession(provider);
        var (first, broken) = FailHalfway(session);

        var whatIf = session.Run("Repair-Migration $r -AssumeApplied -WhatIf", new Dictionary<string, object?> { ["r"] = broken });
        whatIf.ShouldSucceed();
        Assert.Contains(whatIf.WhatIf, w => w.Contains($"Record revision {broken} as assumed applied"));
        Assert.Equal([first], session.Db.Heads());

        Assert.StartsWith("PSMigrate.NothingToRepair", session.Run("Repair-Migration $r -AssumeApplied -Force", new Dictionary<string, object?> { ["r"] = first }).SingleError.FullyQualifiedErrorId);

        // Someone finished the revision by hand, then records it.
        var repair = session.Run("Get-MigrationHistory | Where-Object State -eq 'Failed' | Repair-Migration -AssumeApplied -Force");
        repair.ShouldSucceed();
        var result = repair.Output.Single();
        Assert.Equal("assumed applied", result.Properties["Decision"].Value);
        Assert.Equal([broken], session.Db.Heads());
        var row = session.Run("Get-MigrationHistory -Log").Output.First();
        Assert.Equal("repaired", row.Properties["Outcome"].Value);
        Assert.Contains($"assumed applied by {Environment.UserName} on {Environment.MachineName}", row.Properties["Detail"].Value.ToString());
        Assert.Equal("Applied", session.Run("Get-MigrationHistory | Where-Object Revision -eq $r", new Dictionary<string, object?> { ["r"] = broken }).Output.Single().Properties["State"].Value);

        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
    }

    [Fact]
    public void AssumeNotAppliedLeavesTheVersionAndLetsTheRevisionRunAgain()
    {
        using var session = new PowerShellSession();
        var (first, broken) = FailHalfway(session);
        session.Run("Repair-Migration $r -AssumeNotApplied -Confirm:$false", new Dictionary<string, object?> { ["r"] = broken }).ShouldSucceed();
        Assert.Equal([first], session.Db.Heads());

        // Undone by hand, fixed, and run again.
        var file = Directory.GetFiles(Path.Combine(session.Directory, "migrations", "versions"), broken + "_*.sql").Single();
        File.WriteAllText(file, File.ReadAllText(file).Replace("INSERT INTO nope VALUES (1);", "CREATE TABLE IF NOT EXISTS four (id INTEGER);")
            .Replace("CREATE TABLE one", "CREATE TABLE IF NOT EXISTS one").Replace("CREATE TABLE two", "CREATE TABLE IF NOT EXISTS two"));
        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
        Assert.Equal([broken], session.Db.Heads());
    }

    [Fact]
    public void AHistoryTableFromAnEarlierVersionGetsTheNewColumnsOnTheNextRun()
    {
        using var session = new PowerShellSession();
        session.Initialise();
        session.Run("New-MigrationRevision 'first' -UpgradeSql 'CREATE TABLE first (id INTEGER);' -DowngradeSql 'DROP TABLE first;'").ShouldSucceed();
        var database = ((SqliteTestDatabase)session.Db).Path;
        session.WriteSqlite(database,
            "CREATE TABLE psmigrate_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY); CREATE TABLE psmigrate_history (id INTEGER PRIMARY KEY AUTOINCREMENT, revision VARCHAR(32) NOT NULL, direction VARCHAR(10) NOT NULL, message TEXT, checksum VARCHAR(64), applied_at VARCHAR(40) NOT NULL, duration_ms INTEGER, applied_by TEXT, host TEXT)");

        session.Run("Get-MigrationHistory -Log").ShouldSucceed();
        Assert.DoesNotContain("outcome", session.Db.Column("SELECT name FROM pragma_table_info('psmigrate_history')"));
        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
        Assert.Contains("outcome", session.Db.Column("SELECT name FROM pragma_table_info('psmigrate_history')"));
    }
}
